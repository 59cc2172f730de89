import { describe, expect, it } from "vitest";
import { checkGrounding, gateQuestion, lintQuestion, measureBankQuality } from "./gates.ts";
import type { Question, SingleChoiceQuestion, SourceRef } from "./schemas.ts";
import { makeSampleBundle } from "./testing/sample-bundle.ts";

const bundle = makeSampleBundle();

function refFor(text: string): SourceRef {
  const article = bundle.articles.find((a) => a.rawText.includes(text));
  if (!article) throw new Error(`no article has ${text}`);
  const rawStart = article.rawText.indexOf(text);
  const passage = bundle.passages.find(
    (p) => p.articleId === article.id && p.rawStart <= rawStart && rawStart < p.rawEnd,
  );
  if (!passage) throw new Error("no passage");
  return {
    articleId: article.id,
    passageId: passage.id,
    rawStart,
    rawEnd: rawStart + text.length,
    quote: text,
  };
}

const distillation = refFor("Distillation means compressing a big AI model into a smaller one.");
const cost = refFor(
  "The training cost for the R1 model was $5.576 million, while OpenAI spent $100 million.",
);

const good: SingleChoiceQuestion = {
  id: "q1",
  type: "single_choice",
  stem: "Which term does the source use for compressing a big AI model into a smaller one?",
  options: [
    { id: "a", text: "Distillation" },
    { id: "b", text: "Quantization" },
    { id: "c", text: "Open source" },
  ],
  key: "a",
  sourceRefs: [distillation],
  conceptIds: ["distillation"],
  difficulty: 0.4,
  generator: "author",
};

function withOptions(texts: string[], stem = good.stem): SingleChoiceQuestion {
  return { ...good, stem, options: texts.map((text, i) => ({ id: String.fromCharCode(97 + i), text })) };
}

describe("grounding gate", () => {
  it("passes a key its passage supports", () => {
    expect(gateQuestion(good, bundle)).toEqual({ passed: true });
  });

  it("fails a quote that does not match the raw text", () => {
    const tampered = {
      ...good,
      sourceRefs: [{ ...distillation, quote: "Distillation means copying a model." }],
    };
    expect(checkGrounding(tampered, bundle).join()).toMatch(/does not match/);
    const shifted = { ...good, sourceRefs: [{ ...distillation, rawStart: distillation.rawStart + 1 }] };
    expect(checkGrounding(shifted, bundle).join()).toMatch(/does not match/);
    const elsewhere = { ...good, sourceRefs: [{ ...distillation, passageId: "econ-p0" }] };
    expect(checkGrounding(elsewhere, bundle).join()).toMatch(/unknown passage|outside passage/);
  });

  it("fails a key the passage does not support", () => {
    const wrongKey = { ...good, key: "b" };
    expect(checkGrounding(wrongKey, bundle)).toEqual([
      "key “Quantization” is not supported by the cited passage",
    ]);
    const numeric: Question = {
      ...good,
      type: "numeric",
      stem: "How much did the R1 model cost to train, in US dollars?",
      key: { value: 6_000_000, tolerance: { mode: "relative", amount: 0.01 }, unit: "USD" },
      sourceRefs: [cost],
    };
    expect(checkGrounding(numeric, bundle).join()).toMatch(/does not appear/);
    expect(checkGrounding({ ...numeric, key: { ...numeric.key, value: 5_576_000 } }, bundle)).toEqual([]);
    expect(
      checkGrounding({ ...numeric, key: { ...numeric.key, value: 5_576_000, unit: "CNY" } }, bundle),
    ).toEqual(["the passage gives 5576000 in USD, not CNY"]);
  });

  it("checks true and false statements against the passage", () => {
    const statement = (stem: string, key: boolean, correction?: string): Question => ({
      ...good,
      type: "true_false",
      stem,
      key,
      sourceRefs: [cost],
      ...(correction ? { correction } : {}),
    });
    const truth = "The training cost for the R1 model was $5.576 million.";
    expect(checkGrounding(statement(truth, true), bundle)).toEqual([]);
    expect(
      checkGrounding(statement("The training cost for the R1 model was $8 million.", true), bundle),
    ).not.toEqual([]);
    expect(
      checkGrounding(
        statement(
          "The training cost for the R1 model was $5.576 million, while Meta spent $100 million.",
          true,
        ),
        bundle,
      ),
    ).not.toEqual([]);
    expect(
      checkGrounding(statement("The training cost for the R1 model was $8 million.", false, truth), bundle),
    ).toEqual([]);
    expect(checkGrounding(statement(truth, false, truth), bundle)).not.toEqual([]);
  });

  it("does not take a flipped direction or an added negation for support", () => {
    const nvidia = refFor("Nvidia lost $589 billion in market value in one day.");
    const claim = (stem: string): Question => ({
      ...good,
      type: "true_false",
      stem,
      key: true,
      sourceRefs: [nvidia],
    });
    expect(checkGrounding(claim("Nvidia lost $589 billion in market value in one day."), bundle)).toEqual([]);
    expect(
      checkGrounding(claim("Nvidia gained $589 billion in market value in one day."), bundle),
    ).not.toEqual([]);
    expect(
      checkGrounding(claim("Nvidia did not lose $589 billion in market value in one day."), bundle),
    ).not.toEqual([]);
  });
});

describe("nothing false is true elsewhere in the course", () => {
  it("fails a 'false' statement that another passage makes", () => {
    const elsewhere: Question = {
      ...good,
      type: "true_false",
      stem: "Microsoft planned to spend $80 billion on data centers.",
      key: false,
      sourceRefs: [cost],
    };
    expect(checkGrounding(elsewhere, bundle)).toEqual(["the “false” statement is what the source says"]);
  });

  it("fails a distractor that completes the quoted sentence as another passage has it", () => {
    const nvidia = refFor("Nvidia lost $589 billion in market value in one day.");
    const cloze: SingleChoiceQuestion = {
      ...withOptions(
        ["OpenAI", "Meta", "Nvidia"],
        "Complete: “_____ lost $589 billion in market value in one day.”",
      ),
      sourceRefs: [nvidia],
    };
    expect(checkGrounding({ ...cloze, key: "c" }, bundle)).toEqual([]);
    const training = refFor(
      "The training cost for the R1 model was $5.576 million, while OpenAI spent $100 million.",
    );
    const wrongPassage: SingleChoiceQuestion = {
      ...withOptions(
        ["$100 million", "$5.576 million", "$80 billion"],
        "Complete: “The training cost for the R1 model was _____, while OpenAI spent $100 million.”",
      ),
      key: "a",
      sourceRefs: [training],
    };
    expect(checkGrounding(wrongPassage, bundle)).toContain(
      "distractor “$5.576 million” also completes the sentence as the source has it",
    );
  });
});

describe("grounding of an ordering", () => {
  const events = [
    "DeepSeek launched its reasoning model R1",
    "The app reached the top of the App Store",
    "Nvidia, Amazon and Microsoft announced integrations",
  ];
  const refs = [
    refFor("On January 20, DeepSeek launched its reasoning model R1."),
    refFor("On January 27, the app reached the top of the App Store."),
    refFor("By January 31, Nvidia, Amazon and Microsoft announced integrations."),
  ];
  const ordering = (key: string[]): Question => ({
    ...good,
    type: "ordering",
    stem: "Put these events in order, earliest first.",
    options: events.map((text, i) => ({ id: `e${i}`, text })),
    key,
    sourceRefs: refs,
  });

  it("accepts a key that follows the dates of the cited passages", () => {
    expect(checkGrounding(ordering(["e0", "e1", "e2"]), bundle)).toEqual([]);
  });

  it("rejects a key the cited dates contradict", () => {
    expect(checkGrounding(ordering(["e1", "e0", "e2"]), bundle)).toEqual([
      "the cited passages date the items in another order than the key",
    ]);
  });
});

describe("item-writing-flaw lint", () => {
  it("flags all/none of the above and duplicate or equivalent options", () => {
    expect(lintQuestion(withOptions(["Distillation", "Quantization", "All of the above"])).join()).toMatch(
      /all\/none/,
    );
    expect(lintQuestion(withOptions(["Distillation", "the distillation", "Quantization"])).join()).toMatch(
      /equivalent/,
    );
    expect(lintQuestion(withOptions(["Distillation", "$5 million", "$5,000,000"])).join()).toMatch(
      /equivalent/,
    );
  });

  it("flags absolute words only in distractors", () => {
    const flawed = withOptions(["Distillation", "Always quantization", "Never open source"]);
    expect(lintQuestion(flawed).join()).toMatch(/absolute words/);
  });

  it("flags an article in the stem that fits only some options", () => {
    const flawed = withOptions(
      ["Distillation", "Open source", "Quantization"],
      "Compressing a model into a smaller one is an",
    );
    expect(lintQuestion(flawed).join()).toMatch(/article “an”/);
    const fine = withOptions(
      ["Distillation", "Quantization", "Pruning"],
      "Compressing a model into a smaller one is a",
    );
    expect(lintQuestion(fine)).toEqual([]);
  });

  it("flags stems that contain their answer and conspicuously long keys", () => {
    const giveaway = withOptions(
      ["Distillation", "Quantization", "Pruning"],
      "Distillation is which technique?",
    );
    expect(lintQuestion(giveaway).join()).toMatch(/contains its answer/);
    const long: SingleChoiceQuestion = {
      ...withOptions([
        "Compressing a big AI model into a much smaller and cheaper one",
        "Pruning",
        "Caching",
      ]),
    };
    expect(lintQuestion(long).join()).toMatch(/conspicuously longer/);
  });

  it("measures test-wise strategies against chance across a bank", () => {
    const biased = Array.from({ length: 10 }, (_, i) => ({
      ...withOptions([`A much longer right answer ${i}`, "Short", "Brief"]),
      id: `q${i}`,
    }));
    const quality = measureBankQuality(biased);
    expect(quality.strategies.longest).toBe(1);
    expect(quality.chance).toBeCloseTo(1 / 3);
    expect(quality.flags.join()).toMatch(/longest/);
  });
});
