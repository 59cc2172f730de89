import dictionaryEn from "dictionary-en";
import dictionaryEnGb from "dictionary-en-gb";
import nspell from "nspell";
import type { Lexicon } from "../content-fallbacks.ts";

let loaded: Lexicon | undefined;

/**
 * The English spelling dictionary (Hunspell en-US and en-GB through nspell), the one place the quiz
 * engine reads word lists from disk. Built once per process (about a second); pass it to
 * `generateQuestions(bundle, { seed, lexicon })`.
 */
export function loadLexicon(): Lexicon {
  if (loaded) return loaded;
  const us = nspell(Buffer.from(dictionaryEn.aff), Buffer.from(dictionaryEn.dic));
  const gb = nspell(Buffer.from(dictionaryEnGb.aff), Buffer.from(dictionaryEnGb.dic));
  const lexicon: Lexicon = (word) => {
    const plain = word.replace(/[’]/g, "'");
    return us.correct(plain) || gb.correct(plain) || us.correct(plain.toLowerCase());
  };
  loaded = lexicon;
  return lexicon;
}
