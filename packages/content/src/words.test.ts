import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { capitalAfter, countWords, forEachLetterRun, forEachWord, lineFinder } from "./words.ts";

describe("countWords", () => {
  it("counts runs of letters and digits in any script", () => {
    expect(countWords("It costs $5.6 million.")).toBe(5);
    expect(countWords("DeepSeek-R1, 深度求索 and naïve café")).toBe(6);
    expect(countWords("𝑨𝑰 models")).toBe(2);
    expect(countWords("  \n ")).toBe(0);
  });

  it("agrees with a Unicode word pattern on any text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme-composite", maxLength: 80 }), (text) => {
        expect(countWords(text)).toBe(text.match(/[\p{L}\p{N}]+/gu)?.length ?? 0);
      }),
      { numRuns: 500 },
    );
  });
});

describe("letter and case scanners", () => {
  const runs = (text: string) => {
    const found: string[] = [];
    forEachLetterRun(text, (s, e) => found.push(text.slice(s, e)));
    return found;
  };

  it("finds letter runs and capitals after letters in any script", () => {
    expect(runs("naïve café, 2 GPUs; 𝑨𝑰 ok")).toEqual(["naïve", "café", "GPUs", "𝑨𝑰", "ok"]);
    expect(capitalAfter("iPhone and eBay", "lower")).toEqual([0, 11]);
    expect(capitalAfter("R2D2 GPT4o", "word")).toEqual([1, 5]);
    expect(capitalAfter("ABC", "word")).toEqual([0]);
    const words: string[] = [];
    const text = "It's DeepSeek’s 2025 don't3 '9";
    forEachWord(text, (s, e) => words.push(text.slice(s, e)));
    expect(words).toEqual(["It's", "DeepSeek’s", "2025", "don't", "3", "9"]);
  });

  it("agree with the Unicode patterns they replace on any text", () => {
    fc.assert(
      fc.property(fc.string({ unit: "grapheme-composite", maxLength: 80 }), (text) => {
        expect(runs(text)).toEqual(text.match(/\p{L}+/gu) ?? []);
        const words: string[] = [];
        forEachWord(text, (s, e) => words.push(text.slice(s, e)));
        expect(words).toEqual(text.match(/[\p{L}\p{N}]+(?:['’]\p{L}+)?/gu) ?? []);
        expect(capitalAfter(text, "lower")).toEqual([...text.matchAll(/\p{Ll}\p{Lu}/gu)].map((m) => m.index));
        expect(capitalAfter(text, "word")).toEqual(
          [...text.matchAll(/[\p{L}\p{N}]\p{Lu}/gu)].map((m) => m.index),
        );
      }),
      { numRuns: 1000 },
    );
  });

  it("finds the line around any offset as a search from it does, in any order", () => {
    const lineBySearch = (text: string, offset: number) => {
      const start = offset === 0 ? 0 : text.lastIndexOf("\n", offset - 1) + 1;
      const end = text.indexOf("\n", offset);
      return [start, end < 0 ? text.length : end];
    };
    fc.assert(
      fc.property(
        fc.string({ unit: fc.constantFrom("a", " ", "\n"), maxLength: 60 }),
        fc.array(fc.nat(), { maxLength: 20 }),
        (text, picks) => {
          const lineOf = lineFinder(text);
          const offsets = picks.map((p) => p % (text.length + 1));
          // Increasing offsets (the fast path), then the same offsets in the order drawn.
          for (const offset of [...offsets].sort((a, b) => a - b))
            expect(lineOf(offset)).toEqual(lineBySearch(text, offset));
          for (const offset of offsets) expect(lineOf(offset)).toEqual(lineBySearch(text, offset));
        },
      ),
      { numRuns: 300 },
    );
  });
});
