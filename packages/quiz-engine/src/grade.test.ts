import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { QuizEngineError, QuizValidationError } from "./errors.ts";
import { gradeResponse, gradeSubmissions } from "./grade.ts";
import type {
  ClozeQuestion,
  MatchingQuestion,
  MultipleChoiceQuestion,
  NumericQuestion,
  OrderingQuestion,
  ShortAnswerQuestion,
  SingleChoiceQuestion,
  SourceRef,
  TrueFalseQuestion,
} from "./schemas.ts";

const ref: SourceRef = {
  passageId: "p1",
  articleId: "a1",
  rawStart: 0,
  rawEnd: 10,
  quote: "Distillation means compressing.",
};
const base = { stem: "Stem?", sourceRefs: [ref], conceptIds: [], difficulty: 0.5, generator: "test" };

const single: SingleChoiceQuestion = {
  ...base,
  id: "sc",
  type: "single_choice",
  options: [
    { id: "a", text: "Distillation" },
    { id: "b", text: "Quantization" },
    { id: "c", text: "Pruning" },
  ],
  key: "a",
  feedback: [
    {
      optionId: "b",
      text: "Quantization stores weights with fewer bits.",
      sourceRefs: [{ ...ref, passageId: "p2" }],
    },
  ],
};

const multiple: MultipleChoiceQuestion = {
  ...base,
  id: "mc",
  type: "multiple_choice",
  options: ["a", "b", "c", "d", "e"].map((id) => ({ id, text: `Option ${id}` })),
  key: ["a", "b"],
};

const numeric: NumericQuestion = {
  ...base,
  id: "num",
  type: "numeric",
  key: { value: 5_576_000, tolerance: { mode: "relative", amount: 0.01 }, unit: "USD" },
};

const shortAnswer: ShortAnswerQuestion = {
  ...base,
  id: "sa",
  type: "short_answer",
  key: { accepted: ["Jevons paradox", "Jevons"] },
  rejected: ["Moore's law", "Distillation"],
};

const analogy: ShortAnswerQuestion = {
  ...base,
  id: "an",
  type: "short_answer",
  key: { accepted: ["AlphaGo Zero"] },
  rejected: ["AlphaGo", "AlphaFold"],
};

const ordering: OrderingQuestion = {
  ...base,
  id: "ord",
  type: "ordering",
  options: ["w", "x", "y", "z"].map((id) => ({ id, text: `Event ${id}` })),
  key: ["w", "x", "y", "z"],
};

const matching: MatchingQuestion = {
  ...base,
  id: "mat",
  type: "matching",
  left: ["l1", "l2", "l3", "l4"].map((id) => ({ id, text: id })),
  right: ["r1", "r2", "r3", "r4"].map((id) => ({ id, text: id })),
  key: { l1: "r1", l2: "r2", l3: "r3", l4: "r4" },
};

describe("choice types", () => {
  it("grades single choice exactly and quotes the source", () => {
    const right = gradeResponse(single, "a");
    expect(right).toMatchObject({ score: 1, correct: true });
    expect(right.feedback).toContain("Distillation means compressing.");
    const wrong = gradeResponse(single, "b");
    expect(wrong).toMatchObject({ score: 0, correct: false });
    expect(wrong.feedback).toContain("Quantization stores weights");
    expect(wrong.sourceRefs.map((r) => r.passageId)).toEqual(["p1", "p2"]);
  });

  it("grades true/false", () => {
    const tf: TrueFalseQuestion = {
      ...base,
      id: "tf",
      type: "true_false",
      key: false,
      correction: "It rose.",
    };
    expect(gradeResponse(tf, false).correct).toBe(true);
    const wrong = gradeResponse(tf, true);
    expect(wrong.score).toBe(0);
    expect(wrong.feedback).toContain("It rose.");
  });

  it("gives no credit for ticking everything in multiple choice", () => {
    expect(gradeResponse(multiple, ["a", "b", "c", "d", "e"]).score).toBe(0);
    expect(gradeResponse(multiple, ["a", "b"]).score).toBe(1);
    expect(gradeResponse(multiple, ["a"]).score).toBe(0.5);
    expect(gradeResponse(multiple, ["a", "c"]).score).toBeCloseTo(0.5 - 1 / 3);
    expect(gradeResponse(multiple, []).score).toBe(0);
  });

  it("throws on responses of the wrong shape or with unknown ids", () => {
    expect(() => gradeResponse(single, 3)).toThrow(QuizValidationError);
    expect(() => gradeResponse(single, "zz")).toThrow(QuizValidationError);
    expect(() => gradeResponse(multiple, "a")).toThrow(QuizValidationError);
    expect(() => gradeResponse(multiple, ["a", "nope"])).toThrow(QuizEngineError);
    expect(() => gradeResponse(ordering, ["w", "x"])).toThrow(QuizValidationError);
    expect(() => gradeResponse(matching, { l1: "nope" })).toThrow(QuizValidationError);
    expect(() => gradeResponse(numeric, { value: 1 })).toThrow(QuizValidationError);
  });

  it("throws on malformed questions", () => {
    expect(() => gradeResponse({ ...single, key: "zz" }, "a")).toThrow(/broken key/);
    expect(() => gradeResponse({ ...single, options: [] } as SingleChoiceQuestion, "a")).toThrow(
      QuizValidationError,
    );
    expect(() => gradeResponse({ ...numeric, sourceRefs: [] }, "5")).toThrow(QuizValidationError);
  });
});

describe("gradeSubmissions", () => {
  it("grades a batch in order and refuses unknown questions", () => {
    const results = gradeSubmissions(
      [single, numeric],
      [
        { questionId: "num", response: "5.6 million" },
        { questionId: "sc", response: "b" },
      ],
    );
    expect(results.map((r) => [r.questionId, r.score])).toEqual([
      ["num", 1],
      ["sc", 0],
    ]);
    expect(() => gradeSubmissions([single], [{ questionId: "nope", response: "a" }])).toThrow(
      QuizValidationError,
    );
  });
});

describe("numeric", () => {
  it.each([
    ["5.6 million", true],
    ["$5,576,000", true],
    ["5.576m", true],
    ["5.576 million dollars", true],
    ["USD 5.576 million", true],
    ["5576000", true],
    ["five million", false],
    ["$6 million", false],
    ["5.576", false],
    ["5.576%", false],
    ["no idea", false],
  ])("%s -> %s", (response, expected) => {
    expect(gradeResponse(numeric, response).correct).toBe(expected);
  });

  it("reads a fraction", () => {
    const share: NumericQuestion = {
      ...numeric,
      key: { value: 1 / 30, tolerance: { mode: "relative", amount: 0.01 }, unit: null },
    };
    expect(gradeResponse(share, "1/30").correct).toBe(true);
    expect(gradeResponse(share, "0.0333").correct).toBe(true);
    expect(gradeResponse(share, "1/3").correct).toBe(false);
  });

  it("accepts numbers and absolute tolerance", () => {
    const q: NumericQuestion = {
      ...numeric,
      key: { value: 30, tolerance: { mode: "absolute", amount: 2 }, unit: null },
    };
    expect(gradeResponse(q, 31.5).correct).toBe(true);
    expect(gradeResponse(q, "thirty").correct).toBe(true);
    expect(gradeResponse(q, 33).correct).toBe(false);
  });
});

describe("typed answers", () => {
  it.each([
    ["Jevons paradox", true],
    ["  the JEVONS-paradox!! ", true],
    ["jevons", true],
    ["Jevns paradox", true],
    ["Jevons paradx", true],
    ["jevonsparadox", true],
    ["paradox", false],
    ["Distillation", false],
    ["moores law", false],
    ["", false],
  ])("%s -> %s", (response, expected) => {
    expect(gradeResponse(shortAnswer, response).correct).toBe(expected);
  });

  it("never accepts a distractor that is one typo away from the key", () => {
    expect(gradeResponse(analogy, "AlphaGo").correct).toBe(false);
    expect(gradeResponse(analogy, "Alphago zero").correct).toBe(true);
    expect(gradeResponse(analogy, "AlphaGo Zer").correct).toBe(true);
    expect(gradeResponse(analogy, "AlphaFold").correct).toBe(false);
  });

  it("rejects other concept names passed in options", () => {
    const q: ShortAnswerQuestion = {
      ...base,
      id: "x",
      type: "short_answer",
      key: { accepted: ["distillation"] },
    };
    expect(gradeResponse(q, "distilation").correct).toBe(true);
    const withOther: ShortAnswerQuestion = { ...q, key: { accepted: ["model"] } };
    expect(gradeResponse(withOther, "modes", { rejected: ["modes"] }).correct).toBe(false);
    expect(gradeResponse(withOther, "mode").correct).toBe(true);
  });

  it("accepts initials for a several-word name and the name for its initials", () => {
    const place: ClozeQuestion = {
      ...base,
      id: "p",
      type: "cloze",
      stem: "Compared with the ___.",
      key: { accepted: ["United States"] },
      rejected: ["UK"],
    };
    expect(gradeResponse(place, "the U.S.").correct).toBe(true);
    expect(gradeResponse(place, "US").correct).toBe(true);
    expect(gradeResponse(place, "UK").correct).toBe(false);
    const ai: ShortAnswerQuestion = { ...shortAnswer, key: { accepted: ["AI"] }, rejected: [] };
    expect(gradeResponse(ai, "Artificial Intelligence").correct).toBe(true);
    expect(gradeResponse(ai, "augmented reality").correct).toBe(false);
  });

  it("never forgives a wrong digit as a typo", () => {
    const cost: ClozeQuestion = {
      ...base,
      id: "cost",
      type: "cloze",
      stem: "The training cost was ___.",
      key: { accepted: ["$5.576 million"] },
    };
    expect(gradeResponse(cost, "5,576,000").correct).toBe(true);
    expect(gradeResponse(cost, "5.576 milion").correct).toBe(true);
    expect(gradeResponse(cost, "$5.578 million").correct).toBe(false);
    const model: ShortAnswerQuestion = { ...shortAnswer, key: { accepted: ["DeepSeek-R1"] }, rejected: [] };
    expect(gradeResponse(model, "Deepsek R1").correct).toBe(true);
    expect(gradeResponse(model, "DeepSeek-R2").correct).toBe(false);
  });

  it("folds number words and scales typo tolerance to length", () => {
    const cloze: ClozeQuestion = {
      ...base,
      id: "c",
      type: "cloze",
      stem: "Agi may emerge in the next ___ years.",
      key: { accepted: ["two"] },
    };
    expect(gradeResponse(cloze, "2").correct).toBe(true);
    expect(gradeResponse(cloze, "Two").correct).toBe(true);
    expect(gradeResponse(cloze, "tw").correct).toBe(false);
    const shortKey: ClozeQuestion = { ...cloze, key: { accepted: ["GPU"] } };
    expect(gradeResponse(shortKey, "gpu").correct).toBe(true);
    expect(gradeResponse(shortKey, "CPU").correct).toBe(false);
  });
});

describe("partial credit for ordering and matching", () => {
  it("scores ordering by Kendall's tau floored at 0", () => {
    expect(gradeResponse(ordering, ["w", "x", "y", "z"]).score).toBe(1);
    expect(gradeResponse(ordering, ["z", "y", "x", "w"]).score).toBe(0);
    expect(gradeResponse(ordering, ["x", "w", "y", "z"]).score).toBeCloseTo(2 / 3);
  });

  it("scores matching by the share of right pairs", () => {
    expect(gradeResponse(matching, { l1: "r1", l2: "r2", l3: "r3", l4: "r4" }).score).toBe(1);
    expect(gradeResponse(matching, { l1: "r1", l2: "r2", l3: "r4", l4: "r3" }).score).toBe(0.5);
    expect(gradeResponse(matching, { l1: "r1" }).score).toBe(0.25);
  });
});

describe("properties", () => {
  const ids = ["a", "b", "c", "d", "e"];

  it("keeps every score in [0, 1] and grades the key 1 and each distractor 0", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 4 }), fc.integer({ min: 0, max: 4 }), (keyIndex, pick) => {
        const q: SingleChoiceQuestion = {
          ...single,
          options: ids.map((id) => ({ id, text: id })),
          key: ids[keyIndex] as string,
        };
        const result = gradeResponse(q, ids[pick]);
        expect(result.score).toBeGreaterThanOrEqual(0);
        expect(result.score).toBeLessThanOrEqual(1);
        expect(result.score).toBe(keyIndex === pick ? 1 : 0);
      }),
    );
  });

  it("never raises multiple-choice credit when a wrong choice is added", () => {
    fc.assert(
      fc.property(fc.subarray(ids, { minLength: 1, maxLength: 4 }), fc.subarray(ids), (key, picked) => {
        const q: MultipleChoiceQuestion = { ...multiple, key };
        const before = gradeResponse(q, picked).score;
        expect(before).toBeGreaterThanOrEqual(0);
        expect(before).toBeLessThanOrEqual(1);
        for (const wrong of ids.filter((id) => !key.includes(id) && !picked.includes(id))) {
          expect(gradeResponse(q, [...picked, wrong]).score).toBeLessThanOrEqual(before);
        }
        expect(gradeResponse(q, key).score).toBe(1);
      }),
    );
  });

  it("keeps ordering and matching scores in [0, 1]", () => {
    fc.assert(
      fc.property(fc.shuffledSubarray(ordering.key, { minLength: 4, maxLength: 4 }), (order) => {
        const score = gradeResponse(ordering, order).score;
        expect(score).toBeGreaterThanOrEqual(0);
        expect(score).toBeLessThanOrEqual(1);
        const map = Object.fromEntries(
          matching.left.map((l, i) => [l.id, `r${(order[i] as string).charCodeAt(0) - 118}`]),
        );
        const matched = gradeResponse(matching, map).score;
        expect(matched).toBeGreaterThanOrEqual(0);
        expect(matched).toBeLessThanOrEqual(1);
      }),
    );
  });

  it("keeps typed and numeric scores in [0, 1] for any string", () => {
    fc.assert(
      fc.property(fc.string(), (text) => {
        for (const q of [shortAnswer, numeric, analogy]) {
          const { score, correct } = gradeResponse(q, text);
          expect(score === 0 || score === 1).toBe(true);
          expect(correct).toBe(score === 1);
        }
      }),
    );
  });

  it("grades every accepted answer 1 and every rejected answer 0", () => {
    fc.assert(
      fc.property(
        fc.constantFrom(...shortAnswer.key.accepted),
        fc.constantFrom(...(shortAnswer.rejected ?? [])),
        (key, wrong) => {
          expect(gradeResponse(shortAnswer, key).score).toBe(1);
          expect(gradeResponse(shortAnswer, wrong).score).toBe(0);
        },
      ),
    );
  });
});
