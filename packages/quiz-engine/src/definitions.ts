import { STOPWORDS } from "./text.ts";

/**
 * Reads a definition or likeness out of what the content analysis found. The analysis may hand over
 * a clean gloss ("compressing a big model into a smaller one") or the whole sentence that carries it
 * ("Basically, it means compressing ..."); both are read here, by the wording alone.
 */

export interface ParsedDefinition {
  term: string;
  /** What the term means (for an analogy: what it is likened to). */
  gloss: string;
  /** The gloss is in the sentence before ("This phenomenon is known as X"). */
  isGlossBefore: boolean;
}

const NAMING = /\b(?:(?:is|are|was|were)\s+)?(?:also\s+)?(?:known as|called|termed|dubbed|referred to as)\b/i;
const DEFINING = /\b(?:means|meant|refers to|is defined as|stands for)\b/i;
const LIKENING =
  /\b(?:(?:is|are|was|were)\s+)?(?:(?:very\s+)?similar to|akin to|comparable to|analogous to|reminiscent of|likened to)\b/i;
const CLAUSE_END = /\s*(?:[.;:!?()]|,\s*(?:and|but|which|while|whereas|so|because)\b|\s—\s|\s-\s)/;
const MAX_GLOSS_WORDS = 24;
/** A subject and a finite auxiliary or modal: a clause, not a noun phrase. */
const CLAUSE =
  /^\S+(?:\s+\S+){0,5}?\s+(?:can|could|will|would|may|might|must|should|is|are|was|were|has|have|had)\b/i;

function containsTerm(text: string, term: string): boolean {
  return term.length > 0 && ` ${text.toLowerCase()} `.includes(` ${term.toLowerCase()} `);
}

const ANAPHOR = /^(?:this|that|these|those|it|they|such)(?:\s+\w+)?$/i;

/** Trims a phrase to its first clause, without quotes, brackets or a leading article. */
export function cleanPhrase(text: string): string {
  const cut = CLAUSE_END.exec(text);
  const clause = cut && cut.index > 0 ? text.slice(0, cut.index) : text;
  // Quotes and brackets go; an apostrophe inside a word ("didn't", "OpenAI's") stays.
  return clause
    .replace(/[“”"()[\]]/g, "")
    .replace(/(^|[^\p{L}])['‘’]+|['‘’]+(?=[^\p{L}]|$)/gu, "$1")
    .replace(/\s+/g, " ")
    .trim()
    .replace(/^(?:basically|simply|essentially|in short)\s*,?\s*/i, "")
    .replace(/[\s,;:.]+$/, "");
}

function stripArticle(text: string): string {
  return text.replace(/^(?:the|a|an)\s+/i, "");
}

/** Whether a phrase can stand as a term: not a pronoun, not only stopwords, not a whole sentence. */
export function isUsableTerm(term: string): boolean {
  const words = term.toLowerCase().split(/\s+/).filter(Boolean);
  if (term.length < 3 || words.length === 0 || words.length > 6) return false;
  if (ANAPHOR.test(term) || /^(?:it|it's|its|this|that|there)$/i.test(words[0] ?? "")) return false;
  return words.some((w) => !STOPWORDS.has(w.replace(/[^a-z0-9]/g, "")));
}

/** Whether a phrase only points back ("this phenomenon", "it"): its content is in an earlier sentence. */
export function isAnaphor(text: string): boolean {
  return ANAPHOR.test(text.trim()) || text.trim().length === 0;
}

/**
 * Splits a definition record into term and gloss.
 *
 * @example
 * parseDefinition("Jevons paradox", "This phenomenon is known as the Jevons paradox.", "known_as")
 * // { term: "Jevons paradox", gloss: "", isGlossBefore: true }
 * parseDefinition("distillation", "(Basically, it means compressing a big AI model into a smaller one, and ...)", "means")
 * // { term: "distillation", gloss: "compressing a big AI model into a smaller one", isGlossBefore: false }
 */
export function parseDefinition(
  term: string,
  definition: string,
  isAnalogy: boolean,
): ParsedDefinition | null {
  // A quote inside a term ("giants\" Liang") is a misreading of a quoted word and what follows it.
  if (/\S["“”]\s*\S/.test(term.trim())) return null;
  const cleanTerm = stripArticle(cleanPhrase(term.replace(/^(?:this|that|these|those)\s+/i, "")));
  // A likeness is not a definition: the analogy questions read it.
  if (!isAnalogy && LIKENING.test(definition) && !DEFINING.test(definition) && !NAMING.test(definition))
    return null;
  const marker = isAnalogy ? LIKENING : NAMING.test(definition) ? NAMING : DEFINING;
  const match = marker.exec(definition);
  if (!match) {
    // Already a gloss: a phrase, not the sentence that carries it.
    const gloss = cleanPhrase(definition);
    if (containsTerm(gloss, cleanTerm) || gloss.split(" ").length > MAX_GLOSS_WORDS) return null;
    return isUsableTerm(cleanTerm) && gloss.length > 3 && !isAnalogy
      ? { term: cleanTerm, gloss, isGlossBefore: false }
      : null;
  }
  const before = definition.slice(0, match.index);
  const after = definition.slice(match.index + match[0].length);
  if (marker === NAMING) {
    const named = stripArticle(cleanPhrase(after));
    const finalTerm = isUsableTerm(named) ? named : cleanTerm;
    // The noun phrase right before "called": "... by a poor emerging company called X".
    const segment = (before.split(/[,;:(]/).pop() ?? "").trim().replace(/\s+(?:is|are|was|were)$/i, "");
    const articles = [...segment.matchAll(/\b(?:a|an|the)\s/gi)];
    const lastArticle = articles[articles.length - 1];
    const phrase = cleanPhrase(lastArticle ? segment.slice(lastArticle.index) : segment);
    const isBefore = isAnaphor(stripArticle(phrase)) || isAnaphor(phrase);
    if (!isUsableTerm(finalTerm)) return null;
    return { term: finalTerm, gloss: isBefore ? "" : phrase, isGlossBefore: isBefore };
  }
  const gloss = cleanPhrase(after).replace(/^that\s+/i, "");
  if (!isAnalogy && containsTerm(gloss, cleanTerm)) return null;
  // "This means that AI companies can achieve …": a clause says what follows, not what a term means.
  if (!isAnalogy && CLAUSE.test(gloss)) return null;
  if (gloss.split(" ").length > MAX_GLOSS_WORDS) return null;
  const subject = stripArticle(cleanPhrase(before.replace(/^(?:this|that|these|those)\s+/i, "")));
  // The likened term is the subject, before "similar to"; a term found elsewhere is a misreading.
  const finalTerm =
    isUsableTerm(cleanTerm) && (!isAnalogy || containsTerm(before, cleanTerm)) ? cleanTerm : subject;
  if (isAnalogy && gloss.split(" ").length > 10) return null;
  if (!isUsableTerm(finalTerm) || gloss.length < 3) return null;
  return { term: finalTerm, gloss, isGlossBefore: false };
}
