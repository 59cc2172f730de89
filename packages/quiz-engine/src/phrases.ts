/** Phrase surgery for the generator: blanks, swaps, masks, look-alike checks. Pure string work. */
import type { Mention } from "./course.ts";
import { hashString } from "./random.ts";
import {
  contentWords,
  DIRECTION_PAIRS,
  extractNumbers,
  initialsOf,
  isNumberClose,
  normalizeAnswer,
} from "./text.ts";

export function shortHash(text: string): string {
  return hashString(text).toString(36).padStart(7, "0");
}

/** Capitalises the first letter, unless the first word is cased as a name ("mRNA", "iPhone"). */
export function capitalize(text: string): string {
  if (/^\p{Ll}+\p{Lu}/u.test(text)) return text;
  return text.charAt(0).toUpperCase() + text.slice(1);
}

export function escapeRegExp(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** Replaces the first case-insensitive whole-word occurrence of `part` in `text`, or null. */
export function replaceOnce(text: string, part: string, replacement: string): string | null {
  const pattern = new RegExp(`(^|[^\\w])${escapeRegExp(part)}(?=$|[^\\w])`, "i");
  const match = pattern.exec(text);
  if (!match) return null;
  const start = match.index + (match[1] as string).length;
  return text.slice(0, start) + replacement + text.slice(start + part.length);
}

/** How many times `word` stands as a whole word in `text`, in any case. */
function countWord(text: string, word: string): number {
  return [...text.matchAll(new RegExp(`(?:^|[^\\w])${escapeRegExp(word)}(?=$|[^\\w])`, "gi"))].length;
}

/** A year as a date is written ("1450", "around 1436", "in 2024"): no currency, no decimals. */
const YEAR = /^(?:\p{L}+\s+)?(?:1\d{3}|20\d{2})$/u;

export function isEquivalent(a: string, b: string): boolean {
  const na = normalizeAnswer(a);
  const nb = normalizeAnswer(b);
  if (na === nb) return true;
  const compactA = na.replace(/ /g, "");
  const compactB = nb.replace(/ /g, "");
  if (compactA === compactB || compactA === initialsOf(nb) || compactB === initialsOf(na)) return true;
  const xs = extractNumbers(a);
  const ys = extractNumbers(b);
  // Years are not amounts: 1415 is not "about" 1450.
  if (YEAR.test(a) && YEAR.test(b)) return false;
  // A range is its two ends: "from 1347 to 1401" is not "from 1347 to 1351".
  const pairs = xs.length >= 2 && xs.length === ys.length ? xs.length : 1;
  return (
    xs.length > 0 &&
    ys.length > 0 &&
    xs.slice(0, pairs).every((x, i) => {
      const y = ys[i] as (typeof ys)[number];
      return pairs >= 2 && YEAR.test(String(x.value)) && YEAR.test(String(y.value))
        ? x.value === y.value
        : isNumberClose(x.value, y.value, 0.05);
    }) &&
    contentWords(a).length <= 2
  );
}

/** Two phrases saying nearly the same thing (most content words shared): one cannot be the key and the other wrong. */
export function isNearCopy(a: string, b: string): boolean {
  const x = new Set(contentWords(a));
  const y = new Set(contentWords(b));
  if (x.size < 2 || y.size < 2) return false;
  const shared = [...x].filter((w) => y.has(w)).length;
  return shared / Math.min(x.size, y.size) >= 0.75;
}

/** Keeps the first of each group of equivalent texts. */
export function distinct(texts: readonly string[]): string[] {
  const out: string[] = [];
  for (const t of texts)
    if (t.trim() && !out.some((o) => isEquivalent(o, t) || isNearCopy(o, t))) out.push(t);
  return out;
}

/**
 * Aliases that are other names for the concept ("Jevons" for "Jevons paradox"), not related terms
 * ("steam engine"): most of their words are words of the name.
 */
export function nameLikeAliases(name: string, aliases: readonly string[]): string[] {
  const nameWords = contentWords(name);
  const isNameWord = (w: string) =>
    nameWords.some(
      (n) => n === w || (Math.min(n.length, w.length) >= 5 && (n.startsWith(w) || w.startsWith(n))),
    );
  return distinct(
    aliases.filter((alias) => {
      const words = contentWords(alias);
      return words.length > 0 && words.filter(isNameWord).length * 2 > words.length;
    }),
  ).filter((a) => !isEquivalent(a, name));
}

/** A number worth asking about: written in digits, not a year, not a fraction. */
export function isQuantity(mention: Mention): boolean {
  if (mention.value === undefined || !/\d/.test(mention.text) || mention.text.includes("/")) return false;
  const isYearLike =
    Number.isInteger(mention.value) && mention.value >= 1900 && mention.value <= 2100 && !mention.unit;
  return !isYearLike;
}

/** A cause or effect that reads as a phrase: a few words, not a pronoun, not a whole paragraph. */
export function isUsablePhrase(text: string): boolean {
  const words = text.split(/\s+/).filter(Boolean);
  const last = (words[words.length - 1] ?? "").toLowerCase();
  // "The system also", "an insightful breakthrough that": a stub cut before its verb or clause.
  return (
    words.length >= 2 &&
    words.length <= 14 &&
    contentWords(text).length >= 2 &&
    // A cause or effect is a clause or a noun phrase; "Fill that gap", "Users to modify" are stubs.
    (isClause(text) || DETERMINER_START.test(text) || NAME_START.test(text)) &&
    !STUB_END.test(last) &&
    !/^(this|that|it|these|those|they|also|then|and|but)\b/i.test(text)
  );
}

/** How a noun phrase starts: a determiner or quantifier, or a name ("OpenAI", "Lee Sedol"). */
const DETERMINER_START =
  /^(?:the|a|an|this|that|these|those|its|their|his|her|our|more|less|fewer|higher|lower|greater|much|many|some|any|no|each|every|all|both)\b/i;
const NAME_START = /^(?:\p{Lu}[\p{L}\d-]*\p{Lu}[\p{L}\d-]*|\p{Lu}\p{Ll}+\s+\p{Lu})/u;

const STUB_END =
  /^(a|an|the|and|or|but|of|to|in|on|for|with|by|at|from|that|which|who|also|as|than|is|are|was|were|be|its|their|this|very|so|not|potentially|because|if|when|while|can|could|will|would|may|might|must|should|shall)$/;

/** Discourse openers that carry no claim ("However,", "In essence,", "First of all,"). */
const OPENER =
  /^(?:(?:however|indeed|moreover|additionally|furthermore|meanwhile|similarly|interestingly|certainly|eventually|currently|recently|lastly|finally|basically|essentially|yet|also|and|but|so|in fact|in essence|in contrast|in addition|at least|of course|first of all|for example|for instance|as a result|after all|in short),?\s+)+/i;

/**
 * Trims a source sentence to its claim: drops a discourse opener and a trailing participle or
 * "which" clause. Returns the sentence unchanged when there is nothing to trim.
 *
 * @example
 * trimToClaim("However, DeepSeek's approach is likely to encourage diverse methods, fostering competition.")
 * // "DeepSeek's approach is likely to encourage diverse methods."
 */
export function trimToClaim(text: string): string {
  let claim = text.replace(/\s+/g, " ").trim().replace(OPENER, "");
  // "Compliance; the higher compliance costs …": a list item's label before its claim.
  claim = claim.replace(/^(?:[\p{L}-]+\s+){0,1}[\p{L}-]+;\s+(?=\p{L})/u, "");
  // Asides in brackets or between dashes are not the claim ("(mRNA)", "– whom he had trained –").
  claim = claim.replace(/\s*\([^()]{1,80}\)/g, "").replace(/\s[–—]\s[^–—]{1,100}\s[–—](?=\s)/g, "");
  claim = claim.replace(/,\s+(?:which|\p{Ll}+ing)\b[^,;]*[.!]?$/u, ".");
  claim = claim.replace(/[\s,;:]+\.$/, ".");
  // "Around 1450, Gutenberg introduced …" states its time last: "Gutenberg introduced … around 1450."
  const time = LEADING_TIME.exec(claim);
  if (time?.[1] && time[2] && !/[,;]/.test(time[2]))
    claim = `${capitalize(time[2].replace(/[.!]$/, ""))} ${time[1].charAt(0).toLowerCase()}${time[1].slice(1)}.`;
  return capitalize(claim);
}

/** A leading adverbial of time ("In 1785,", "Around 1450,", "By the 1790s,") and the clause after it. */
const LEADING_TIME =
  /^((?:In|Around|About|By|Since|Until|After|Before|During|On|Circa)\s+(?:the\s+)?(?:(?:early|late|mid)\s+)?(?:\d{3,4}s?|\d{1,2}(?:st|nd|rd|th)\s+century|(?:January|February|March|April|May|June|July|August|September|October|November|December)(?:\s+\d{1,2})?(?:,?\s+\d{4})?)),\s+(\p{L}.*[.!])$/u;

/** Drops a discourse opener from a phrase ("Similarly, the reduction in cost" -> "the reduction in cost"). */
export function dropOpener(text: string): string {
  return text.replace(OPENER, "");
}

/** Whether a phrase reads as a clause (a subject and a finite verb) rather than a noun phrase. */
export function isClause(text: string): boolean {
  return /^\S+(?:\s+\S+){0,6}?\s+(?:can|could|will|would|may|might|must|should|is|are|was|were|has|have|had|rose|fell|grew|became|began|made|took|led|gave|won|lost|came|went|got|\p{Ll}{3,}ed)\b/iu.test(
    text,
  );
}

/** Hides a term (and each of its longer words) inside a gloss, so the gloss does not give it away. */
export function maskTerm(
  text: string,
  names: readonly string[],
  isEverydayWord: (word: string) => boolean = () => false,
): string {
  let masked = text.replace(/\s+/g, " ");
  for (const name of [...names].sort((a, b) => b.length - a.length)) {
    // A name's own word ("Jevons") gives it away; an everyday word of it ("model") does not.
    const parts = name.split(/\s+/).filter((w) => w.length >= 4 && !isEverydayWord(w));
    for (const part of [name, ...parts]) {
      masked = masked.replace(new RegExp(`(^|[^\\w])${escapeRegExp(part)}(?=$|[^\\w])`, "gi"), "$1…");
    }
  }
  return masked.replace(/…(\s*…)+/g, "…");
}

export function kindWord(kind: string): string {
  return kind === "person"
    ? "person"
    : kind === "organization"
      ? "organization"
      : kind === "place"
        ? "place"
        : "name";
}

/** "AlphaGo" in "AlphaGo Zero", "Sedol" in "Lee Sedol": blanking or swapping it would break the name. */
export function isPartOfLongerName(text: string, name: string): boolean {
  const index = text.toLowerCase().indexOf(name.toLowerCase());
  if (index < 0) return false;
  const after = text.slice(index + name.length);
  const before = text.slice(0, index);
  return /^[\s-]+[A-Z0-9]/.test(after) || /[A-Z][\w-]*\s+$/.test(before);
}

/** Swaps one direction word ("rose" <-> "fell"); null when the text has none. */
export function flipDirection(text: string): string | null {
  // "rose instead of falling": both sides of the contrast flip together.
  const contrast = CONTRASTED.find(([from]) => from.test(text));
  if (contrast) return text.replace(contrast[0], contrast[1]);
  // Other negations and contrasts make a flipped statement nonsense.
  if (/\b(not|no|never|instead|rather|despite|although|unlike)\b/i.test(text)) return null;
  for (const [a, b] of DIRECTION_PAIRS) {
    for (const [from, to] of [
      [a, b],
      [b, a],
    ] as const) {
      // "The rise and success of DeepSeek": after a determiner the word names a thing; "the fall and
      // success" is nonsense, not a false claim.
      if (
        new RegExp(`\\b(?:the|a|an|its|their|his|her|this|that)\\s+${escapeRegExp(from)}\\b`, "i").test(text)
      )
        continue;
      // "As they rise, … and as the bubbles rise they expand": one of two mentions flipped contradicts
      // the other, which is no plausible false statement.
      if (countWord(text, from) > 1) continue;
      const replaced = replaceOnce(text, from, to);
      if (replaced !== null) return replaced;
    }
  }
  return null;
}

/**
 * The "no change" version of a statement of change ("coal consumption rose instead of falling" ->
 * "coal consumption stayed about the same"): a wrong answer of the same kind, or null.
 *
 * @example
 * steadyVersion("Prices fell sharply") // "Prices stayed about the same"
 */
export function steadyVersion(text: string): string | null {
  const change = /\b(?:rose|fell|increased|decreased|grew|shrank|dropped|declined)\b.*$/i.exec(text);
  if (!change || change.index === 0) return null;
  return `${text.slice(0, change.index)}stayed about the same`;
}

const CONTRASTED: [RegExp, string][] = [
  [/\brose instead of falling\b/i, "fell instead of rising"],
  [/\bfell instead of rising\b/i, "rose instead of falling"],
  [/\bincreased instead of decreasing\b/i, "decreased instead of increasing"],
  [/\bdecreased instead of increasing\b/i, "increased instead of decreasing"],
  [/\bgrew instead of shrinking\b/i, "shrank instead of growing"],
];
