import { describe, expect, it } from "vitest";
import {
  capitalize,
  distinct,
  flipDirection,
  isEquivalent,
  isPartOfLongerName,
  maskTerm,
  nameLikeAliases,
  replaceOnce,
  trimToClaim,
} from "./phrases.ts";

describe("phrase helpers", () => {
  it("capitalises a sentence start, but not a word cased as a name", () => {
    expect(capitalize("inflation refers to …")).toBe("Inflation refers to …");
    expect(capitalize("mRNA vaccine refers to …")).toBe("mRNA vaccine refers to …");
  });

  it("treats the same number or text, however written, as equivalent", () => {
    expect(isEquivalent("$5.576 million", "$5,576,000")).toBe(true);
    expect(isEquivalent("The Jevons paradox", "jevons-paradox")).toBe(true);
    expect(isEquivalent("$5.576 million", "$55.76 million")).toBe(false);
    expect(distinct(["Nvidia", "NVIDIA", "Meta"])).toEqual(["Nvidia", "Meta"]);
    expect(isEquivalent("US", "United States")).toBe(true);
    expect(isEquivalent("U.S.", "the United States")).toBe(true);
    expect(isEquivalent("Open AI", "OpenAI")).toBe(true);
    expect(isEquivalent("UK", "United States")).toBe(false);
  });

  it("keeps other names of a concept and drops related terms", () => {
    expect(nameLikeAliases("Jevons paradox", ["Jevons", "steam engine", "coal consumption"])).toEqual([
      "Jevons",
    ]);
    expect(nameLikeAliases("model distillation", ["distillation", "distill", "GPU"])).toEqual([
      "distillation",
      "distill",
    ]);
  });

  it("masks a term inside its gloss and blanks whole words only", () => {
    expect(maskTerm("British economist Jevons saw coal use rise", ["Jevons paradox"])).toBe(
      "British economist … saw coal use rise",
    );
    expect(replaceOnce("Meta released LLaMA; metadata aside", "meta", "_____")).toBe(
      "_____ released LLaMA; metadata aside",
    );
    expect(replaceOnce("nothing here", "Meta", "x")).toBeNull();
  });

  it("spots a name inside a longer name", () => {
    expect(isPartOfLongerName("AlphaGo Zero surpassed AlphaGo", "AlphaGo")).toBe(true);
    expect(isPartOfLongerName("After AlphaGo defeated Lee Sedol", "Sedol")).toBe(true);
    expect(isPartOfLongerName("Nvidia, Amazon and Microsoft announced", "Microsoft")).toBe(false);
  });
});

describe("trimToClaim", () => {
  it("drops asides and states a leading time last, so the statement is no copied sentence", () => {
    expect(
      trimToClaim(
        "Around 1450, Johannes Gutenberg introduced the first movable type printing system in Europe.",
      ),
    ).toBe("Johannes Gutenberg introduced the first movable type printing system in Europe around 1450.");
    expect(trimToClaim("In 1785, imports began to decline.")).toBe("Imports began to decline in 1785.");
    expect(
      trimToClaim(
        "Gutenberg worked with Andreas Dritzehen – whom he had instructed in gem-cutting – and others.",
      ),
    ).toBe("Gutenberg worked with Andreas Dritzehen and others.");
    expect(
      trimToClaim("An mRNA vaccine uses a copy of messenger RNA (mRNA) to produce an immune response."),
    ).toBe("An mRNA vaccine uses a copy of messenger RNA to produce an immune response.");
    // Not a time: "In contrast" stays where the opener rule leaves it.
    expect(trimToClaim("In short, coal use rose.")).toBe("Coal use rose.");
  });
});

describe("flipDirection and list labels", () => {
  it("flips a verb of change, never a noun after a determiner ('the rise and success of')", () => {
    expect(flipDirection("Coal use rose across the country.")).toBe("Coal use fell across the country.");
    expect(
      flipDirection("The rise and success of DeepSeek reflect a breakthrough for AI in China."),
    ).toBeNull();
  });

  it("flips no word the statement says twice: one flipped mention contradicts the other", () => {
    expect(
      flipDirection("As they rise, gas molecules form bubbles and as the bubbles rise they expand."),
    ).toBeNull();
  });

  it("reverses a comparison: who lags behind, who lowered, which is least", () => {
    expect(flipDirection("The Chinese corpus still lags behind its English counterpart.")).toBe(
      "The Chinese corpus still is ahead of its English counterpart.",
    );
    expect(flipDirection("DeepSeek has lowered the barriers to similar breakthroughs.")).toBe(
      "DeepSeek has raised the barriers to similar breakthroughs.",
    );
    expect(flipDirection("AlphaGo Zero surpassed the older version of AlphaGo.")).toBe(
      "AlphaGo Zero fell short of the older version of AlphaGo.",
    );
    // "Unlike …" already contrasts two sides: reversed, it says nothing the source states or denies.
    expect(flipDirection("Unlike its rivals, the lab lags behind nobody.")).toBeNull();
  });

  it("drops a list item's label before its claim", () => {
    expect(trimToClaim("Lastly, compliance; the higher compliance costs in China are a real problem.")).toBe(
      "The higher compliance costs in China are a real problem.",
    );
  });
});
