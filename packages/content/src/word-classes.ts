/**
 * The letter-class tests the pipeline asks of words over and over (a capital first, letters only, all
 * capitals, ...), each compiled once. Written inline in a function, a Unicode regex literal such as
 * `/^\p{Lu}/u` costs a `new RegExp` per call once esbuild (tsx, the API bundle) targets Node: it
 * lowers property escapes to constructor calls, about 100,000 of them per build of the quality bench's
 * two courses before these were shared. `startsUpper`, `isLetters` and `hasLetter` answer ASCII
 * without a regex; everything else goes through the same Unicode classes as before.
 */

const upperInitial = /^\p{Lu}/u;
const capitalised = /^\p{Lu}\p{Ll}+$/u;
const capitalThenLower = /^\p{Lu}\p{Ll}/u;
const letters = /^\p{L}+$/u;
const anyLetter = /\p{L}/u;
const upperOnly = /^\p{Lu}+$/u;
const lowerOnly = /^\p{Ll}+$/u;
const anyUpper = /\p{Lu}/u;
const anyLower = /\p{Ll}/u;
const acronym = /^\p{Lu}{2,}s?$/u;
const lowerThenUpper = /\p{Ll}\p{Lu}/u;

/**
 * True when `text` opens with a capital letter (`/^\p{Lu}/u`).
 *
 * @example
 * startsUpper("Émile"); // true
 * startsUpper("iPhone"); // false
 */
export function startsUpper(text: string): boolean {
  const code = text.charCodeAt(0);
  if (code >= 65 && code <= 90) return true;
  return code > 127 && upperInitial.test(text);
}

/**
 * True when `word` is one capital and then lower-case letters only (`/^\p{Lu}\p{Ll}+$/u`): "Paris".
 *
 * @example
 * isCapitalised("Paris"); // true
 * isCapitalised("OpenAI"); // false
 */
export function isCapitalised(word: string): boolean {
  return capitalised.test(word);
}

/** True when `text` opens with a capital and then a lower-case letter (`/^\p{Lu}\p{Ll}/u`): "Paris", "OpenAI" no. */
export function startsCapitalised(text: string): boolean {
  return capitalThenLower.test(text);
}

/**
 * True when `text` is letters only, one at least (`/^\p{L}+$/u`), with a fast path for ASCII.
 *
 * @example
 * isLetters("naïve"); // true
 * isLetters("GPT-4"); // false
 */
export function isLetters(text: string): boolean {
  if (text.length === 0) return false;
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) continue;
    if (c < 128) return false;
    return letters.test(text);
  }
  return true;
}

/** True when `text` holds a letter (`/\p{L}/u`), with a fast path for ASCII. */
export function hasLetter(text: string): boolean {
  for (let i = 0; i < text.length; i++) {
    const c = text.charCodeAt(i);
    if ((c >= 97 && c <= 122) || (c >= 65 && c <= 90)) return true;
    if (c >= 128) return anyLetter.test(text.slice(i));
  }
  return false;
}

/** True when `text` is capital letters only, one at least (`/^\p{Lu}+$/u`): "NASA". */
export function isAllUpper(text: string): boolean {
  return upperOnly.test(text);
}

/** True when `text` is lower-case letters only, one at least (`/^\p{Ll}+$/u`). */
export function isAllLower(text: string): boolean {
  return lowerOnly.test(text);
}

/** True when `text` holds a capital letter (`/\p{Lu}/u`). */
export function hasUpper(text: string): boolean {
  return anyUpper.test(text);
}

/** True when `text` holds a lower-case letter (`/\p{Ll}/u`). */
export function hasLower(text: string): boolean {
  return anyLower.test(text);
}

/** True when `text` is two capitals or more, perhaps with a plural "s" (`/^\p{Lu}{2,}s?$/u`): "GPU", "GPUs". */
export function isAcronym(text: string): boolean {
  return acronym.test(text);
}

/** True when a lower-case letter runs into a capital somewhere in `text` (`/\p{Ll}\p{Lu}/u`): "OpenAI", "mRNA". */
export function hasLowerThenUpper(text: string): boolean {
  return lowerThenUpper.test(text);
}

/**
 * A text as a regular expression that matches it literally.
 *
 * @example
 * new RegExp(escapeRegex("1.5 (m)")).test("1.5 (m)") // true
 */
export function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}
