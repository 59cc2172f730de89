const nonAsciiWordChar = /[\p{L}\p{N}]/u;

/**
 * The number of words (runs of letters and digits) in `text`, without building a list of them:
 * segmentation and reading times count every passage.
 *
 * @example
 * countWords("It costs $5.6 million."); // 5
 */
export function countWords(text: string): number {
  let count = 0;
  let inWord = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    const isWordChar =
      (code >= 97 && code <= 122) ||
      (code >= 65 && code <= 90) ||
      (code >= 48 && code <= 57) ||
      (code > 127 && nonAsciiWordChar.test(String.fromCodePoint(text.codePointAt(i) ?? code)));
    if (isWordChar && !inWord) count++;
    inWord = isWordChar;
    if (code >= 0xd800 && code <= 0xdbff) i++; // the low half of a surrogate pair
  }
  return count;
}

// Character classes as bits, for the scanners below: a Unicode regex run over a whole article costs
// more than the rest of a pass, while a table lookup per character costs next to nothing.
const LETTER = 1;
const LOWER = 2;
const UPPER = 4;
const DIGIT = 8;
const UNKNOWN = 128;

function classOf(char: string): number {
  return (
    (/\p{L}/u.test(char) ? LETTER : 0) |
    (/\p{Ll}/u.test(char) ? LOWER : 0) |
    (/\p{Lu}/u.test(char) ? UPPER : 0) |
    (/\p{N}/u.test(char) ? DIGIT : 0)
  );
}

/** Classes of the Basic Multilingual Plane, filled in as characters are met. */
const bmpClasses = new Uint8Array(65536).fill(UNKNOWN);

/** True when a surrogate pair starts at `i`. */
function isPairAt(text: string, i: number): boolean {
  const code = text.charCodeAt(i);
  if (code < 0xd800 || code > 0xdbff || i + 1 >= text.length) return false;
  const next = text.charCodeAt(i + 1);
  return next >= 0xdc00 && next <= 0xdfff;
}

/**
 * The class bits of the code point at `i`. No tuple per character: the scanners below run over every
 * character of every article, before the JIT has optimised them too.
 */
function bitsAt(text: string, i: number): number {
  const code = text.charCodeAt(i);
  if (code >= 0xd800 && code <= 0xdbff && isPairAt(text, i)) return classOf(text.slice(i, i + 2));
  let bits = bmpClasses[code] ?? UNKNOWN;
  if (bits === UNKNOWN) {
    bits = classOf(text.charAt(i));
    bmpClasses[code] = bits;
  }
  return bits;
}

/** The length in code units of the code point at `i`: 1, or 2 for a surrogate pair. */
function sizeAt(text: string, i: number): number {
  return isPairAt(text, i) ? 2 : 1;
}

/**
 * Calls `visit(start, end)` for each run of letters in `text`: the matches of `/\p{L}+/gu`, in order,
 * without building a match object per word.
 *
 * @example
 * forEachLetterRun("naïve café, 2 GPUs", (s, e) => words.push(text.slice(s, e))); // naïve, café, GPUs
 */
export function forEachLetterRun(text: string, visit: (start: number, end: number) => void): void {
  forEachRun(text, LETTER, visit);
}

/**
 * Calls `visit(start, end)` for each run of letters and digits in `text`: the matches of
 * `/[\p{L}\p{N}]+/gu`, in order, without building a match object per word.
 *
 * @example
 * forEachAlphanumericRun("GPT-4o, 2 GPUs", (s, e) => words.push(text.slice(s, e))); // GPT, 4o, 2, GPUs
 */
export function forEachAlphanumericRun(text: string, visit: (start: number, end: number) => void): void {
  forEachRun(text, LETTER | DIGIT, visit);
}

function forEachRun(text: string, classes: number, visit: (start: number, end: number) => void): void {
  let start = -1;
  // The end of the text ends the last run: one call site for `visit`, not a second one after the
  // loop that the JIT has seen no call from and deoptimises on (97 times in the quality bench).
  for (let i = 0; i <= text.length; ) {
    const isEnd = i === text.length;
    if (!isEnd && bitsAt(text, i) & classes) {
      if (start < 0) start = i;
    } else if (start >= 0) {
      visit(start, i);
      start = -1;
    }
    i += isEnd ? 1 : sizeAt(text, i);
  }
}

/**
 * Where a capital follows a lower-case letter (`left: "lower"`, the matches of `/\p{Ll}\p{Lu}/gu`) or
 * any letter or digit (`left: "word"`, of `/[\p{L}\p{N}]\p{Lu}/gu`): the index of each match, in order.
 *
 * @example
 * capitalAfter("iPhone and eBay", "lower"); // [0, 11]
 */
export function capitalAfter(text: string, left: "lower" | "word"): number[] {
  const wanted = left === "lower" ? LOWER : LETTER | DIGIT;
  const hits: number[] = [];
  let i = 0;
  while (i < text.length) {
    const bits = bitsAt(text, i);
    const size = sizeAt(text, i);
    if (!(bits & wanted)) {
      i += size;
      continue;
    }
    const next = i + size;
    if (next < text.length) {
      const nextBits = bitsAt(text, next);
      const nextSize = sizeAt(text, next);
      if (nextBits & UPPER) {
        hits.push(i);
        // Matches do not overlap: the scan goes on after the capital.
        i = next + nextSize;
        continue;
      }
    }
    i = next;
  }
  return hits;
}

/**
 * Calls `visit(start, end)` for each word of `text` as `/[\p{L}\p{N}]+(?:['’]\p{L}+)?/gu` finds them
 * (a run of letters and digits, and a contraction's tail: "don't", "DeepSeek's"), in order.
 *
 * @example
 * forEachWord("it's 2025", (s, e) => words.push(text.slice(s, e))); // it's, 2025
 */
export function forEachWord(text: string, visit: (start: number, end: number) => void): void {
  let i = 0;
  while (i < text.length) {
    const bits = bitsAt(text, i);
    const size = sizeAt(text, i);
    if (!(bits & (LETTER | DIGIT))) {
      i += size;
      continue;
    }
    const start = i;
    i += size;
    while (i < text.length) {
      const more = bitsAt(text, i);
      const moreSize = sizeAt(text, i);
      if (!(more & (LETTER | DIGIT))) break;
      i += moreSize;
    }
    const quote = text.charAt(i);
    if ((quote === "'" || quote === "’") && i + 1 < text.length && bitsAt(text, i + 1) & LETTER) {
      i += 1;
      while (i < text.length) {
        const more = bitsAt(text, i);
        const moreSize = sizeAt(text, i);
        if (!(more & LETTER)) break;
        i += moreSize;
      }
    }
    visit(start, i);
  }
}

/**
 * A finder of the line around an offset, `[start, end)` without the "\n". Offsets asked in increasing
 * order cost linear time over the whole text; a search from the offset each time (`lastIndexOf` back
 * to the line start, `indexOf` on to its end) is quadratic in a long paragraph of many sentences.
 * An offset before the last one asked starts a new search.
 *
 * @example
 * const lineOf = lineFinder("one\ntwo three");
 * lineOf(5); // [4, 13]
 */
export function lineFinder(text: string): (offset: number) => [number, number] {
  let start = 0;
  let end = text.indexOf("\n");
  if (end < 0) end = text.length;
  return (offset) => {
    if (offset < start) {
      start = offset === 0 ? 0 : text.lastIndexOf("\n", offset - 1) + 1;
      end = text.indexOf("\n", start);
      if (end < 0) end = text.length;
    }
    while (offset > end && end < text.length) {
      start = end + 1;
      end = text.indexOf("\n", start);
      if (end < 0) end = text.length;
    }
    return [start, end];
  };
}

/** Function words of four letters or more, lower-cased: they say little about the words around them. */
export const stopWords: ReadonlySet<string> = new Set(
  "that this with from have has were been they their there which what when will would could should about into than then them these those also such more most some very just even only other".split(
    " ",
  ),
);
