import { describe, expect, it } from "vitest";
import { readArticles } from "./read.ts";
import { stanceOf } from "./stance.ts";

describe("stanceOf", () => {
  it.each([
    ["The model cost $5.6 million to train.", "asserted", []],
    ["According to Reuters, the deal collapsed in March.", "reported", ["according to"]],
    ["Analysts said the chips were smuggled.", "reported", ["said"]],
    ["The ban may slow the industry down.", "hedged", ["may"]],
    ["Perhaps the government paid for it.", "hedged", ["perhaps"]],
    ["The company did not release its data.", "negated", ["not"]],
    ["That story is simply wrong.", "rejected", ["is simply wrong"]],
  ])("%j is %s", (sentence, kind, cues) => {
    expect(stanceOf(sentence)).toMatchObject({ kind, cues });
  });

  it("names the holder of a reported claim", () => {
    expect(stanceOf("According to the Financial Times, prices rose.").holder).toBe("the Financial Times");
    expect(stanceOf("Some investors claimed the numbers were faked.").holder).toBe("Some investors");
  });
});

describe("markStances across sentences", () => {
  const stances = (text: string) => {
    const [article] = readArticles([{ id: "a", rawText: text }]);
    return article?.segmented.sentences.map((s) => article.readings.get(s.id)?.stance) ?? [];
  };

  it("carries the author's doubt about claims to the claim that follows", () => {
    const [doubt, claim, own] = stances(
      "I am skeptical of the wildest claims made by one investor. The lab is a front for the government. The lab is real.",
    );
    expect(doubt?.kind).toBe("rejected");
    expect(claim).toMatchObject({ kind: "rejected", holder: "one investor" });
    expect(own?.kind).toBe("asserted");
  });

  it("carries a report through the hedged speculation that continues it, until the author turns back", () => {
    const [report, guess, turn] = stances(
      "At first, critics thought that the results were faked. Probably, the lab hid its real costs. However, the results held up.",
    );
    expect(report).toMatchObject({ kind: "reported", holder: "critics" });
    expect(guess).toMatchObject({ kind: "reported", holder: "critics" });
    expect(guess?.cues).toContain("probably");
    expect(turn?.kind).toBe("asserted");
  });

  it("makes only fit, asserted claims facts", () => {
    const [article] = readArticles([
      {
        id: "a",
        rawText: "Prices rose 5% in 2024. Analysts said prices rose 9% in 2023. Prices may rise 3% in 2025.",
      },
    ]);
    expect(article?.analysis.claims.map((c) => [c.stance.kind, c.isFact])).toEqual([
      ["asserted", true],
      ["reported", false],
      ["hedged", false],
    ]);
  });
});
