import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { countWords } from "./words.ts";

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
