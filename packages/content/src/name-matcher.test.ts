import fc from "fast-check";
import { describe, expect, it } from "vitest";
import {
  countPair,
  hyphenatedPairs,
  NameMatcher,
  namesPattern,
  phraseMatches,
  phrasePattern,
} from "./name-matcher.ts";

/** What the regex of `conceptMatcher` finds, asked the way the concept code asks NameMatcher. */
function regexAnswers(names: string[], text: string, at: number) {
  const anywhere = namesPattern(names, "giu");
  const positions: number[] = [];
  for (let m = anywhere.exec(text); m && m.index < text.length; m = anywhere.exec(text)) {
    positions.push(m.index);
    // One code point on, as NameMatcher steps: one unit on, a name opening with an astral letter hangs.
    anywhere.lastIndex = m.index + ((text.codePointAt(m.index) ?? 0) > 0xffff ? 2 : 1);
  }
  const sticky = namesPattern(names, "iuy");
  sticky.lastIndex = at;
  const stuck = sticky.exec(text);
  const whole = new RegExp(`^(?:${namesPattern(names, "iu").source})$`, "iu");
  const first = namesPattern(names, "iu").exec(text);
  return {
    test: namesPattern(names, "iu").test(text),
    exec: first ? { index: first.index, 0: first[0] } : null,
    positions,
    lengthAt: stuck ? stuck[0].length : undefined,
    whole: whole.test(text),
  };
}

function matcherAnswers(names: string[], text: string, at: number) {
  const matcher = new NameMatcher(names);
  return {
    test: matcher.test(text),
    exec: matcher.exec(text),
    positions: matcher.positions(text),
    lengthAt: matcher.lengthAt(text, at),
    whole: matcher.matchesWhole(text),
  };
}

// Pieces chosen to meet every edge of the regex: case (ſ folds to s, K to the Kelvin sign), plural
// endings, hyphens and spaces between words, letters and digits at the boundaries, a combining mark
// that folds to a letter (U+0345), astral letters and emoji, and regex syntax in names.
const piece = fc.constantFrom(
  "a",
  "e",
  "s",
  "S",
  "ſ",
  "es",
  "ES",
  "k",
  "K",
  "\u212a",
  "open",
  "Open",
  "source",
  "SOURCE",
  "-",
  " ",
  "  ",
  "\u00a0",
  "\n",
  "7",
  "٣",
  ".",
  ",",
  "(",
  "+",
  "\\",
  "é",
  "É",
  "\u0345",
  "ι",
  "𝐀",
  "😀",
  "ß",
  "ẞ",
  "ǅ",
);
const text = fc.array(piece, { maxLength: 24 }).map((p) => p.join(""));
const name = fc.array(piece, { minLength: 1, maxLength: 6 }).map((p) => p.join(""));

/** The answers, or "throws": a name with a backslash before a hyphen makes an invalid pattern either way. */
function answersOf(ask: () => unknown): unknown {
  try {
    return ask();
  } catch {
    return "throws";
  }
}

describe("NameMatcher", () => {
  it("answers as conceptMatcher's regex does, on random texts and names", () => {
    fc.assert(
      fc.property(fc.array(name, { minLength: 1, maxLength: 3 }), text, fc.nat(30), (names, t, at) => {
        // A code point's start, as the concept code asks (it asks where a match starts).
        let from = Math.min(at, t.length);
        if (/[\udc00-\udfff]/.test(t.charAt(from)) && /[\ud800-\udbff]/.test(t.charAt(from - 1))) from--;
        expect(answersOf(() => matcherAnswers(names, t, from))).toEqual(
          answersOf(() => regexAnswers(names, t, from)),
        );
      }),
      // Each run compiles four regexes of the slow kind: a few seconds in all.
      { numRuns: 800 },
    );
  }, 30_000);

  it("answers as the regex does on the sentences concepts are named in", () => {
    const cases: Array<[string[], string]> = [
      [["open source"], "Open-Source models and open  sources, but not reopen sourced."],
      [["GPU"], "GPUs, GPUes and GPU-heavy work; not GPU2 or aGPU."],
      [["mRNA vaccine", "vaccine"], "An mRNA vaccine is a vaccine; mRNA-vaccines too."],
      // U+0345 is a mark, yet under the i flag it folds to "ι", a letter: no word boundary.
      [["open", "sources"], "open\u0345 sources; \u0345open; ſources and ſourceſ; OPEN\u0345S"],
      [["Jevons paradox"], "The Jevons\nParadox, the Jevons paradoxes, Jevons' paradox."],
    ];
    for (const [names, t] of cases)
      for (let at = 0; at <= t.length; at++)
        expect(matcherAnswers(names, t, at)).toEqual(regexAnswers(names, t, at));
  });

  it("finds whole words only, plural allowed, hyphen or space alike", () => {
    const matcher = new NameMatcher(["open source"]);
    expect(matcher.positions("open-source, Open Sources; reopen source")).toEqual([0, 13]);
    expect(matcher.matchesWhole("Open sources")).toBe(true);
    expect(matcher.matchesWhole("open sourced")).toBe(false);
  });
});

describe("phraseMatches", () => {
  const phrase = fc.array(piece, { minLength: 1, maxLength: 5 }).map((p) => p.join(""));
  it("finds what matchAll of its regex finds, on random texts and phrases", () => {
    fc.assert(
      fc.property(text, phrase, fc.boolean(), (t, p, ignoreCase) => {
        const expected = answersOf(() =>
          [...t.matchAll(phrasePattern(p, ignoreCase))].map((m) => ({ index: m.index, 0: m[0] })),
        );
        expect(answersOf(() => phraseMatches(t, p, ignoreCase))).toEqual(expected);
      }),
      { numRuns: 800 },
    );
  }, 30_000);

  it("counts a pair as matchAll of the spaced-or-hyphenated pair's regex does", () => {
    // The words of a pair are lower-case letter runs, as `fixedCompounds` reads them off the text.
    const word = fc.array(fc.constantFrom("a", "e", "s", "k", "ſ", "open", "source", "é", "ι"), {
      minLength: 1,
      maxLength: 3,
    });
    fc.assert(
      fc.property(text, word, word, (t, a, b) => {
        const [first, second] = [a.join(""), b.join("")];
        const pattern = new RegExp(`(?<![\\p{L}-])${first}[-\\s]${second}(?![\\p{L}-])`, "giu");
        expect(countPair(t, first, second)).toBe([...t.matchAll(pattern)].length);
      }),
      { numRuns: 800 },
    );
    expect(countPair("Open-source models; open source; reopen sources", "open", "source")).toBe(2);
  }, 30_000);

  it("reads hyphenated pairs as matchAll of the pair regex does", () => {
    const hyphenated = /(?<![\p{L}-])(\p{Ll}{3,})-(\p{Ll}{3,})(?![\p{L}-])/gu;
    // Words of lower-case runs (an astral one too, "𝐚") and capitals, joined by hyphens and what
    // else may border them.
    const letters = fc.constantFrom("ab", "abc", "open", "é", "ß", "ι", "𝐚", "A", "É", "𝐀");
    const word = fc.array(letters, { minLength: 1, maxLength: 3 }).map((p) => p.join(""));
    const gap = fc.constantFrom("-", "-", "-", "--", " ", "7", ".", "😀", "");
    const hyphenText = fc.array(fc.tuple(word, gap), { maxLength: 6 }).map((p) => p.flat().join(""));
    fc.assert(
      fc.property(hyphenText, (t) => {
        expect(hyphenatedPairs(t)).toEqual([...t.matchAll(hyphenated)].map((m) => [m[1], m[2]]));
      }),
      { numRuns: 2000 },
    );
    expect(hyphenatedPairs("open-source models, a state-of-the-art one, éclair-𝐀open")).toEqual([
      ["open", "source"],
    ]);
  }, 30_000);

  it("takes whole words only, any spaces between them", () => {
    expect(phraseMatches("mRNA vaccines; an mRNA  vaccine, mRNA-vaccine", "mrna vaccine", true)).toEqual([
      { index: 18, 0: "mRNA  vaccine" },
    ]);
    expect(phraseMatches("Open open", "open", false)).toEqual([{ index: 5, 0: "open" }]);
  });
});
