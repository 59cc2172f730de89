/**
 * Finding a concept's names in text without a regex per name that carries its own word boundaries.
 * `(?<![\p{L}\p{N}])…(?![\p{L}\p{N}])` under the `iu` flags costs V8 0.3–0.8 ms to compile (it
 * case-closes both huge classes), once per name and flag variant: most of a cold course build. Here
 * the names are a cheap regex of their own, and the boundaries are checked in code with one shared,
 * compiled class, reproducing the backtracking order of the regex `conceptMatcher` returns exactly
 * (name-matcher.test.ts compares the two on random texts).
 */

/** A letter or digit, as the class of `conceptMatcher`'s lookarounds reads it (case-closed, `iu`). */
const wordChar = /^[\p{L}\p{N}]$/iu;
const pluralS = /s/iuy;
const pluralEs = /es/iuy;

function isWordCodePoint(cp: number): boolean {
  if (cp < 128) return (cp >= 48 && cp <= 57) || (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122);
  return wordChar.test(String.fromCodePoint(cp));
}

/** The code point that ends just before `at`, as a unicode-mode lookbehind reads it. */
function codePointBefore(text: string, at: number): number | undefined {
  if (at <= 0) return undefined;
  const low = text.charCodeAt(at - 1);
  if (low >= 0xdc00 && low <= 0xdfff && at >= 2) {
    const high = text.charCodeAt(at - 2);
    if (high >= 0xd800 && high <= 0xdbff) return (high - 0xd800) * 0x400 + (low - 0xdc00) + 0x10000;
  }
  return low;
}

/** The length of the code point at `at`: 2 for a surrogate pair, else 1. */
function stepAt(text: string, at: number): number {
  return (text.codePointAt(at) ?? 0) > 0xffff ? 2 : 1;
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/** The alternatives of a names pattern: distinct, longest first, any run of spaces matching spaces or hyphens. */
export function nameAlternatives(names: string[]): string[] {
  return [...new Set(names.map((n) => n.trim()).filter((n) => n.length > 1))]
    .sort((a, b) => b.length - a.length)
    .map((n) => escapeRegex(n).replace(/(?:\\-|\s)+/g, "[-\\s]+"));
}

/** The regex `conceptMatcher` returns for `names`. */
export function namesPattern(names: string[], flags: string): RegExp {
  return new RegExp(
    `(?<![\\p{L}\\p{N}])(?:${nameAlternatives(names).join("|")})(?:s|es)?(?![\\p{L}\\p{N}])`,
    flags,
  );
}

/**
 * Whole-word, case-insensitive matching of a concept's names, as `conceptMatcher(names)` matches.
 *
 * @example
 * new NameMatcher(["open source"]).test("Open-Source models"); // true
 */
export class NameMatcher {
  /** Any alternative, anywhere: where a match may start. */
  private readonly start: RegExp | undefined;
  /** At one position, each alternative's match in its own group. */
  private readonly each: RegExp | undefined;
  private readonly count: number;
  /** The plain regex, for names whose matching the fast path cannot reproduce. */
  private readonly legacy: { anywhere: RegExp; sticky: RegExp; whole: RegExp } | undefined;

  constructor(names: string[]) {
    const alternatives = nameAlternatives(names);
    this.count = alternatives.length;
    // A space run becomes a greedy `[-\s]+`; it gives nothing back only if the next word cannot open
    // with a hyphen. A backslash would meet the `\-` the alternatives replace. Those go the slow way.
    const isPlain = alternatives.length > 0 && names.every((n) => !n.includes("\\") && !/\s-/.test(n.trim()));
    if (isPlain) {
      this.start = new RegExp(`(?:${alternatives.join("|")})`, "giu");
      this.each = new RegExp(alternatives.map((a) => `(?=(${a})?)`).join(""), "iuy");
    } else {
      const source = namesPattern(names, "iu").source;
      this.legacy = {
        anywhere: new RegExp(source, "giu"),
        sticky: new RegExp(source, "iuy"),
        whole: new RegExp(`^(?:${source})$`, "iu"),
      };
    }
  }

  /** The ends a match at `at` may have, in the order the regex tries them (not yet checked after). */
  private *ends(text: string, at: number): Generator<number> {
    if (!this.each) return;
    const before = codePointBefore(text, at);
    if (before !== undefined && isWordCodePoint(before)) return;
    this.each.lastIndex = at;
    const found = this.each.exec(text);
    if (!found) return;
    for (let i = 1; i <= this.count; i++) {
      const alternative = found[i];
      if (alternative === undefined) continue;
      const end = at + alternative.length;
      pluralS.lastIndex = end;
      if (pluralS.test(text)) yield pluralS.lastIndex;
      pluralEs.lastIndex = end;
      if (pluralEs.test(text)) yield pluralEs.lastIndex;
      yield end;
    }
  }

  /**
   * The end of the match that starts at `at`, as the sticky regex finds it, or undefined. `at` is a
   * code point's start (a match position): inside a surrogate pair V8 reads on from the pair or not,
   * depending on the pattern.
   */
  endAt(text: string, at: number): number | undefined {
    if (this.legacy) {
      this.legacy.sticky.lastIndex = at;
      const m = this.legacy.sticky.exec(text);
      return m ? at + m[0].length : undefined;
    }
    for (const end of this.ends(text, at)) {
      const after = text.codePointAt(end);
      if (after === undefined || !isWordCodePoint(after)) return end;
    }
    return undefined;
  }

  /** The length of the match that starts at `at`, or undefined. */
  lengthAt(text: string, at: number): number | undefined {
    const end = this.endAt(text, at);
    return end === undefined ? undefined : end - at;
  }

  /** Where the first match at or after `from` starts, or undefined. */
  indexFrom(text: string, from: number): number | undefined {
    if (this.legacy) {
      this.legacy.anywhere.lastIndex = from;
      return this.legacy.anywhere.exec(text)?.index;
    }
    const start = this.start as RegExp;
    start.lastIndex = from;
    for (let m = start.exec(text); m; m = start.exec(text)) {
      if (this.endAt(text, m.index) !== undefined) return m.index;
      start.lastIndex = m.index + stepAt(text, m.index);
    }
    return undefined;
  }

  /** The first match in `text`, shaped like a regex match (`index`, `[0]`), or null. */
  exec(text: string): { index: number; 0: string } | null {
    const index = this.indexFrom(text, 0);
    const end = index === undefined ? undefined : this.endAt(text, index);
    return index === undefined || end === undefined ? null : { index, 0: text.slice(index, end) };
  }

  /** True when a name occurs in `text`. */
  test(text: string): boolean {
    return this.indexFrom(text, 0) !== undefined;
  }

  /** Where a name starts in `text`, before `reach`: every position, overlapping ones too. */
  positions(text: string, reach = text.length): number[] {
    const positions: number[] = [];
    // The next search starts one code point on: a unit on, inside a surrogate pair, V8 steps back to
    // the same match (the regex loop this replaces hung on a name opening with an astral letter).
    for (
      let at = this.indexFrom(text, 0);
      at !== undefined && at < reach;
      at = this.indexFrom(text, at + stepAt(text, at))
    )
      positions.push(at);
    return positions;
  }

  /** True when `text` is a name, whole (`^(?:…)$`). */
  matchesWhole(text: string): boolean {
    if (this.legacy) return this.legacy.whole.test(text);
    for (const end of this.ends(text, 0)) if (end === text.length) return true;
    return false;
  }
}

/**
 * Matchers and phrase regexes compiled once per build rather than once per call: the concept finder
 * asks for the same few hundred names thousands of times (the demo and evaluation courses: about
 * 500 names and 600 phrases, 5 MB of compiled regexes). Both caches are bounded, cleared when full,
 * so a long-lived process holds a few tens of MB at most; every matcher resets its regexes'
 * `lastIndex` before use, so sharing one is safe.
 */
const cacheLimit = 4_000;
const sharedMatchers = new Map<string, NameMatcher>();

/**
 * The `NameMatcher` for `names`, compiled once and shared.
 *
 * @example
 * nameMatcher(["open source"]).test("Open-Source models"); // true
 */
export function nameMatcher(names: readonly string[]): NameMatcher {
  const key = names.join("\u0000");
  let matcher = sharedMatchers.get(key);
  if (!matcher) {
    if (sharedMatchers.size >= cacheLimit) sharedMatchers.clear();
    matcher = new NameMatcher([...names]);
    sharedMatchers.set(key, matcher);
  }
  return matcher;
}

const phraseCores = new Map<string, RegExp>();
function cachedCore(key: string, source: () => string, flags: string): RegExp {
  let core = phraseCores.get(key);
  if (!core) {
    if (phraseCores.size >= cacheLimit) phraseCores.clear();
    core = new RegExp(source(), flags);
    phraseCores.set(key, core);
  }
  core.lastIndex = 0;
  return core;
}

/** A letter or hyphen, as `(?<![\p{L}-])` reads it with and without the i flag. */
const letterOrHyphenFolded = /^[\p{L}-]$/iu;
const letterOrHyphen = /^[\p{L}-]$/u;

function isLetterOrHyphen(cp: number, ignoreCase: boolean): boolean {
  if (cp < 128) return cp === 45 || (cp >= 65 && cp <= 90) || (cp >= 97 && cp <= 122);
  return (ignoreCase ? letterOrHyphenFolded : letterOrHyphen).test(String.fromCodePoint(cp));
}

/** The regex `phraseMatches` stands for. */
export function phrasePattern(phrase: string, ignoreCase: boolean): RegExp {
  return new RegExp(
    `(?<![\\p{L}-])${escapeRegex(phrase).replace(/ /g, "\\s+")}(?![\\p{L}-])`,
    ignoreCase ? "giu" : "gu",
  );
}

/**
 * Every match, in turn, of `phrase` as a whole word (no letter or hyphen either side), any run of
 * spaces between its words: `text.matchAll(phrasePattern(phrase, ignoreCase))`, without compiling
 * the boundary classes for every phrase (see the top of this file).
 *
 * @example
 * phraseMatches("mRNA vaccines; an mRNA  vaccine", "mrna vaccine", true).map((m) => m.index); // [18]
 */
export function phraseMatches(
  text: string,
  phrase: string,
  ignoreCase: boolean,
): ReadonlyArray<{ index: number; 0: string }> {
  // The concept finder asks about the same phrase in the same article more than once (its written
  // form, then its capitalised form): the matches of the text in hand are kept, per phrase.
  if (text !== matchesText) {
    matchesText = text;
    matchesOfText.clear();
  }
  const key = `${ignoreCase ? "i" : "c"} ${phrase}`;
  let found = matchesOfText.get(key);
  if (!found) {
    found = findPhraseMatches(text, phrase, ignoreCase);
    matchesOfText.set(key, found);
  }
  return found;
}

let matchesText = "";
const matchesOfText = new Map<string, ReadonlyArray<{ index: number; 0: string }>>();

function findPhraseMatches(
  text: string,
  phrase: string,
  ignoreCase: boolean,
): Array<{ index: number; 0: string }> {
  // Words split by single spaces, none opening with a space: the phrase's match at a place is the only one.
  if (!/^\S+(?: \S+)*$/.test(phrase))
    return [...text.matchAll(phrasePattern(phrase, ignoreCase))].map((m) => ({ index: m.index, 0: m[0] }));
  const core = cachedCore(
    `${ignoreCase ? "i" : "c"} ${phrase}`,
    () => escapeRegex(phrase).replace(/ /g, "\\s+"),
    ignoreCase ? "giu" : "gu",
  );
  return boundedMatches(text, core, ignoreCase);
}

/**
 * How often `first` and `second` occur as a pair, spaced or hyphenated, as whole words:
 * `text.matchAll(/(?<![\p{L}-])first[-\s]second(?![\p{L}-])/giu)` counted, without compiling the
 * boundary classes for every pair.
 *
 * @example
 * countPair("Open-source models; open source; reopen sources", "open", "source"); // 2
 */
export function countPair(text: string, first: string, second: string): number {
  const core = cachedCore(
    `p ${first} ${second}`,
    () => `${escapeRegex(first)}[-\\s]${escapeRegex(second)}`,
    "giu",
  );
  return boundedMatches(text, core, true).length;
}

/** The matches of `core` (a global regex) with no letter or hyphen either side, in turn. */
function boundedMatches(
  text: string,
  core: RegExp,
  ignoreCase: boolean,
): Array<{ index: number; 0: string }> {
  const found: Array<{ index: number; 0: string }> = [];
  for (let m = core.exec(text); m; m = core.exec(text)) {
    const end = m.index + m[0].length;
    const before = codePointBefore(text, m.index);
    const after = text.codePointAt(end);
    if (
      (before === undefined || !isLetterOrHyphen(before, ignoreCase)) &&
      (after === undefined || !isLetterOrHyphen(after, ignoreCase))
    )
      found.push({ index: m.index, 0: m[0] });
    else core.lastIndex = m.index + stepAt(text, m.index);
  }
  return found;
}

const lowerLetter = /^\p{Ll}$/u;

function isLowerLetter(cp: number): boolean {
  if (cp < 128) return cp >= 97 && cp <= 122;
  return lowerLetter.test(String.fromCodePoint(cp));
}

/**
 * The lower-case word pairs written with a hyphen, as whole words, each in turn:
 * `text.matchAll(/(?<![\p{L}-])(\p{Ll}{3,})-(\p{Ll}{3,})(?![\p{L}-])/gu)`, read off at each hyphen
 * instead of trying the Unicode classes at every position of the text. Each match holds exactly one
 * hyphen, and its words are the whole lower-case letter runs either side of it.
 *
 * @example
 * hyphenatedPairs("open-source models, a state-of-the-art one"); // [["open", "source"]]
 */
export function hyphenatedPairs(text: string): Array<[string, string]> {
  const pairs: Array<[string, string]> = [];
  for (let hyphen = text.indexOf("-"); hyphen >= 0; hyphen = text.indexOf("-", hyphen + 1)) {
    let start = hyphen;
    let left = 0;
    for (let cp = codePointBefore(text, start); cp !== undefined && isLowerLetter(cp); ) {
      start -= cp > 0xffff ? 2 : 1;
      left++;
      cp = codePointBefore(text, start);
    }
    const before = codePointBefore(text, start);
    if (left < 3 || (before !== undefined && isLetterOrHyphen(before, false))) continue;
    let end = hyphen + 1;
    let right = 0;
    for (let cp = text.codePointAt(end); cp !== undefined && isLowerLetter(cp); cp = text.codePointAt(end)) {
      end += cp > 0xffff ? 2 : 1;
      right++;
    }
    const after = text.codePointAt(end);
    if (right < 3 || (after !== undefined && isLetterOrHyphen(after, false))) continue;
    pairs.push([text.slice(start, hyphen), text.slice(hyphen + 1, end)]);
  }
  return pairs;
}
