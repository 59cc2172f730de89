import { STOPWORDS } from "./text.ts";
import { opensAsClause } from "./text-flags.ts";

/**
 * Checks content's definitions and likenesses (`{term, gloss}`) for use as questions. Content reads
 * the sentence; this only decides whether what it found can be asked about, and trims the gloss.
 */

export interface ParsedDefinition {
  term: string;
  /** What the term means (for an analogy: what it is likened to). */
  gloss: string;
}

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
  let cut = CLAUSE_END.exec(text);
  // "England, Scotland, and Wales": the "and" of a list closes the list, not the clause.
  while (cut && /^,\s*and\b/.test(cut[0]) && /,\s*[^,]{1,30}$/.test(text.slice(0, cut.index))) {
    const rest = CLAUSE_END.exec(text.slice(cut.index + cut[0].length));
    cut = rest ? Object.assign(rest, { index: rest.index + cut.index + cut[0].length }) : null;
  }
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

const SUBORDINATE_START =
  /^(?:depending|according|although|though|because|while|whereas|if|when|unless|since|despite)\b/i;

/** A phrase that says itself twice ("Great Britain great Britain"): a misreading, not a term. */
function isDoubled(text: string): boolean {
  const words = text.toLowerCase().split(/\s+/);
  const half = words.length / 2;
  return (
    words.length >= 2 &&
    Number.isInteger(half) &&
    words.slice(0, half).join(" ") === words.slice(half).join(" ")
  );
}

/**
 * Takes content's reading of a definition or likeness (`term`, `gloss`) when it can be asked about:
 * a term that names something (not "it", not a quote run into a name), and a gloss that is a phrase
 * short enough to be an answer, trimmed to its first clause, that does not repeat the term and is not
 * a clause saying what follows ("this means that companies can …"). Returns null otherwise.
 *
 * @example
 * readGloss("distillation", "compressing a big AI model into a smaller one, and it is cheaper", false)
 * // { term: "distillation", gloss: "compressing a big AI model into a smaller one" }
 * readGloss("story", "AI companies can achieve very powerful abilities", false) // null
 */
export function readGloss(term: string, gloss: string, isAnalogy: boolean): ParsedDefinition | null {
  // A quote inside a term ("giants\" Liang") is a misreading of a quoted word and what follows it.
  if (/\S["“”]\s*\S/.test(term.trim())) return null;
  const cleanTerm = stripArticle(cleanPhrase(term.replace(/^(?:this|that|these|those)\s+/i, "")));
  // An author's card quotes the defining words with their lead-in: "it means compressing …".
  const phrase = cleanPhrase(
    gloss.replace(/^(?:\(?\s*(?:basically|simply),?\s*)?(?:it|this|that)\s+(?:means|refers to)\s+/i, ""),
  ).replace(/^that\s+/i, "");
  if (!isUsableTerm(cleanTerm) || phrase.length < 3 || isDoubled(cleanTerm)) return null;
  // "Depending on many factors, …": a subordinate clause is the sentence's frame, not a meaning.
  if (SUBORDINATE_START.test(phrase)) return null;
  if (phrase.split(" ").length > (isAnalogy ? 10 : MAX_GLOSS_WORDS)) return null;
  if (!isAnalogy && (containsTerm(phrase, cleanTerm) || CLAUSE.test(phrase) || opensAsClause(phrase)))
    return null;
  return { term: cleanTerm, gloss: phrase };
}
