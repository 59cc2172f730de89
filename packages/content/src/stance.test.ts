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
    [
      "Some economists maintain that large monetary injections are like pushing on a string.",
      "reported",
      ["maintain"],
    ],
    ["Critics contend that the data were cherry-picked.", "reported", ["contend"]],
    [
      "During the height of the slump, it has been estimated that 15 million people were out of work.",
      "reported",
      ["it has been estimated"],
    ],
    ["It is thought that the wall was built in a decade.", "reported", ["it is thought"]],
  ])("%j is %s", (sentence, kind, cues) => {
    expect(stanceOf(sentence)).toMatchObject({ kind, cues });
  });

  it.each([
    ["The United States has a strong open-source culture.", "asserted"],
    ["I must say I'm thoroughly impressed by the app.", "asserted"],
    ["I've always believed the gap can be bridged.", "hedged"],
    ["It is more accurate to say the field moved together.", "asserted"],
    ["In my view, it's premature to claim a definitive shift.", "rejected"],
    ["OpenAI and Microsoft denied these claims.", "reported"],
  ])("%j is %s: the author's own voice, a name or a denial", (sentence, kind) => {
    expect(stanceOf(sentence).kind).toBe(kind);
  });

  it.each([
    ["I believe the export ban will fail.", "i believe"],
    ["However, I think the breakthrough was real.", "i think"],
    ["In my view, the lab has shown real skill.", "in my view"],
    ["In my opinion the costs are understated.", "in my opinion"],
    ["We suspect the chips were bought abroad.", "we suspect"],
    ["I'm not sure the model is better than its rivals.", "i'm not sure"],
    ["It seems to me the gap is closing.", "it seems to me"],
    ["The gap, I believe, is closing fast.", "i believe"],
    ["The gap is closing fast, I think.", "i think"],
    ["If the numbers hold, we expect prices to fall.", "we expect"],
    ["I feel that the policy failed its own test.", "i feel that"],
    ["My guess is that training costs fell.", "my guess is"],
    ["I guess the market overreacted.", "i guess"],
    ["Also, I think it is due to the company's own chips.", "i think"],
  ])("%j is the writer's own belief: hedged on %j, held by the author", (sentence, cue) => {
    expect(stanceOf(sentence)).toEqual({ kind: "hedged", cues: [cue], holder: "the author" });
  });

  it.each([
    "I found the app fast and easy to use.",
    "We measured a 5% drop in energy use.",
    "I saw the launch in 2024.",
    "I identify four main differences between the two.",
    "The results we expect are in the table.",
    "We think of inflation as a tax on savings.",
    "I feel tired after the long trip.",
  ])("%j reports the writer's own observation or names no belief: asserted", (sentence) => {
    expect(stanceOf(sentence)).toEqual({ kind: "asserted", cues: [] });
  });

  it("keeps a belief that frames someone else's report hedged, and a doubt rejected", () => {
    expect(stanceOf("Analysts think the chips were smuggled.")).toMatchObject({
      kind: "reported",
      holder: "Analysts",
    });
    expect(stanceOf("I think analysts were right about the chips.").kind).toBe("hedged");
    expect(stanceOf("Personally, I doubt the figures.").kind).toBe("rejected");
  });

  it.each([
    "The law of demand states that a fall in the price of a good raises the quantity demanded.",
    "Newton's first law says that a body at rest stays at rest.",
    "Demand for a good is said to be elastic if the quantity demanded responds to changes in price.",
  ])("%j states a law or a definition: asserted", (sentence) => {
    expect(stanceOf(sentence)).toEqual({ kind: "asserted", cues: [] });
  });

  it("keeps hearsay with a passive report verb reported", () => {
    expect(stanceOf("The painting is said to be worth millions.").kind).toBe("reported");
    expect(stanceOf("The minister states that prices will fall.").kind).toBe("reported");
  });

  it("reads an assumption or a forecast someone else makes as reported", () => {
    expect(
      stanceOf("For many years, many AI experts assume that the United States has a lead."),
    ).toMatchObject({
      kind: "reported",
      holder: "many AI experts",
    });
    expect(stanceOf("Analysts expect prices to fall next year.").kind).toBe("reported");
    expect(stanceOf("We expect prices to fall next year.").kind).not.toBe("reported");
    // The passive of an estimate is the text's own figure.
    expect(stanceOf("The Black Death is estimated to have killed 30–60% of Europe's population.").kind).toBe(
      "asserted",
    );
  });

  it("names the holder of a reported claim", () => {
    expect(stanceOf("OpenAI and Microsoft denied these claims.").holder).toBe("OpenAI and Microsoft");
    expect(stanceOf("Economists generally believe that money drives prices.").holder).toBe("Economists");
    expect(stanceOf("Liang Wenfeng, the founder, humbly stated that it was luck.").holder).toBeUndefined();
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

  it("does not carry the author's own rejection of a claim to the sentence after it", () => {
    const [own, next] = stances(
      "In my view, it's premature to claim a definitive shift at this moment. The lab has shown real skill.",
    );
    expect(own?.kind).toBe("rejected");
    expect(next?.kind).toBe("asserted");
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
        rawText:
          "Prices rose 5% in 2024. Analysts said prices rose 9% in 2023. Prices may rise 3% in 2025. I think prices will rise 4% in 2026. We measured a 2% rise in 2022.",
      },
    ]);
    expect(article?.analysis.claims.map((c) => [c.stance.kind, c.isFact])).toEqual([
      ["asserted", true],
      ["reported", false],
      ["hedged", false],
      ["hedged", false],
      ["asserted", true],
    ]);
  });
});
