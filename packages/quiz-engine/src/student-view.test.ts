import { createHmac } from "node:crypto";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { QuizValidationError } from "./errors.ts";
import { generateQuestions } from "./generate.ts";
import { type Question, StudentQuestionSchema } from "./schemas.ts";
import {
  fromStudentResponse,
  parseQuestion,
  type StudentIdMask,
  toStudentResponse,
  toStudentView,
} from "./student-view.ts";
import { makeSampleBundle } from "./testing/sample-bundle.ts";

const bundle = makeSampleBundle();
const FORBIDDEN = [
  "key",
  "feedback",
  "rejected",
  "correction",
  "explanation",
  "quote",
  "generator",
  "conceptIds",
  "quality",
  "inQuizSet",
  "stemMarkup",
  "weights",
];

function leaks(question: Question): string[] {
  const view = toStudentView(question);
  const json = JSON.stringify(view);
  const found = FORBIDDEN.filter((field) => json.includes(`"${field}"`));
  if (question.type === "cloze" || question.type === "short_answer") {
    for (const answer of question.key.accepted)
      if (json.includes(`"${answer}"`)) found.push(`answer ${answer}`);
  }
  return found;
}

describe("toStudentView", () => {
  it("never leaks a key, feedback or quote, for any generated question and seed", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 10_000 }), fc.integer({ min: 0, max: 3 }), (seed, variant) => {
        const { questions } = generateQuestions(bundle, { seed, variant });
        expect(questions.length).toBeGreaterThan(10);
        for (const q of questions) {
          expect(leaks(q)).toEqual([]);
          expect(StudentQuestionSchema.safeParse(toStudentView(q)).success).toBe(true);
        }
      }),
      { numRuns: 15 },
    );
  });

  it("keeps the generator's quality score and quiz-set flag from students, and gives marked-up stems as safe HTML", () => {
    const { questions } = generateQuestions(bundle, { seed: 3 });
    const question = questions.find((q) => q.type === "single_choice") as Question;
    const scored: Question = {
      ...question,
      quality: { score: 0.82, reasons: ["tests a lesson concept"] },
      inQuizSet: true,
      stemMarkup: {
        format: "html",
        text: '<p>Pick <b>one</b><img src=x onerror="alert(1)"><script>alert(2)</script></p>',
      },
    };
    const view = toStudentView(scored);
    expect(leaks(scored)).toEqual([]);
    expect(JSON.stringify(view)).not.toMatch(/tests a lesson concept|0\.82/);
    expect(view.stemHtml).toBe("Pick <b>one</b>");
    expect(StudentQuestionSchema.safeParse(view).success).toBe(true);
    expect(toStudentView(question)).not.toHaveProperty("stemHtml");
  });

  it("orders options the same way whichever option is the key", () => {
    const { questions } = generateQuestions(bundle, { seed: 3 });
    const choice = questions.filter((q) => q.type === "single_choice");
    expect(choice.length).toBeGreaterThan(3);
    for (const q of choice) {
      const orders = q.options.map((o) => toStudentView({ ...q, key: o.id }));
      for (const view of orders) expect(view).toEqual(orders[0]);
    }
  });

  it("orders ordering items the same way whichever order is the key", () => {
    const { questions } = generateQuestions(bundle, { seed: 5 });
    const ordering = questions.filter((q) => q.type === "ordering");
    expect(ordering.length).toBeGreaterThan(0);
    for (const q of ordering) {
      const views = [q.key, [...q.key].reverse()].map((key) => toStudentView({ ...q, key }, maskOf("s")));
      expect(views[1]).toEqual(views[0]);
    }
  });
});

/** The API's kind of mask: an HMAC of the id under a per-attempt secret. */
const maskOf = (secret: string): StudentIdMask => ({
  toStudent: (side, id) =>
    createHmac("sha256", secret).update(`${side}\u0000${id}`).digest("base64url").slice(0, 12),
});

const refs = [{ passageId: "p1", articleId: "a1", rawStart: 0, rawEnd: 4, quote: "text" }];
const authored = { sourceRefs: refs, conceptIds: [], difficulty: 0.4, generator: "gift" };
/** Questions as the GIFT importer writes them: ids are positions, the first written answer is `a`. */
const giftChoice: Question = {
  ...authored,
  id: "gift-1",
  type: "single_choice",
  stem: "Which fuel did Jevons study?",
  options: [
    { id: "a", text: "Coal" },
    { id: "b", text: "Oil" },
    { id: "c", text: "Gas" },
  ],
  key: "a",
};
const giftMatching: Question = {
  ...authored,
  id: "gift-2",
  type: "matching",
  stem: "Match each term.",
  left: [
    { id: "la", text: "Rebound" },
    { id: "lb", text: "Backfire" },
    { id: "lc", text: "Efficiency" },
  ],
  right: [
    { id: "ra", text: "Savings partly offset" },
    { id: "rb", text: "Use rises overall" },
    { id: "rc", text: "Less input per output" },
  ],
  key: { la: "ra", lb: "rb", lc: "rc" },
};
const twoItemOrdering: Question = {
  ...authored,
  id: "gift-3",
  type: "ordering",
  stem: "Put in order.",
  options: [
    { id: "a", text: "First" },
    { id: "b", text: "Second" },
  ],
  key: ["a", "b"],
};

describe("student ids under a mask", () => {
  it("shows no authored id, so a GIFT key letter cannot be read from the attempt", () => {
    for (const q of [giftChoice, giftMatching, twoItemOrdering]) {
      const view = toStudentView(q, maskOf("secret"));
      const shown = JSON.stringify(view);
      for (const id of ["a", "b", "c", "la", "lb", "lc", "ra", "rb", "rc"])
        expect(shown).not.toContain(`"id":"${id}"`);
      expect(StudentQuestionSchema.safeParse(view).success).toBe(true);
    }
  });

  it("pairs matching ids differently per secret: left and right positions say nothing", () => {
    let pairedByPosition = 0;
    for (let i = 0; i < 60; i++) {
      const mask = maskOf(`s${i}`);
      const view = toStudentView(giftMatching, mask);
      if (view.type !== "matching") throw new Error("not matching");
      const byPosition = Object.fromEntries(view.left.map((l, j) => [l.id, view.right[j]?.id ?? ""]));
      if (
        JSON.stringify(fromStudentResponse(giftMatching, mask, byPosition)) ===
        JSON.stringify(giftMatching.key)
      )
        pairedByPosition++;
    }
    // 3 items: position-aligned with the key for 1 in 6 secrets, not always.
    expect(pairedByPosition).toBeGreaterThan(0);
    expect(pairedByPosition).toBeLessThan(30);
  });

  it("shows a two-item ordering in either order, about as often", () => {
    let inKeyOrder = 0;
    const runs = 400;
    for (let i = 0; i < runs; i++) {
      const mask = maskOf(`attempt-${i}`);
      const view = toStudentView(twoItemOrdering, mask);
      if (view.type !== "ordering") throw new Error("not ordering");
      const asAuthored = fromStudentResponse(
        twoItemOrdering,
        mask,
        view.options.map((o) => o.id),
      );
      if (JSON.stringify(asAuthored) === JSON.stringify(twoItemOrdering.key)) inKeyOrder++;
    }
    expect(inKeyOrder / runs).toBeGreaterThan(0.4);
    expect(inKeyOrder / runs).toBeLessThan(0.6);
  });

  it("puts the key first for about a third of secrets, wherever the author wrote it", () => {
    let keyFirst = 0;
    for (let i = 0; i < 300; i++) {
      const mask = maskOf(`k${i}`);
      const view = toStudentView(giftChoice, mask);
      if (view.type !== "single_choice") throw new Error("not single choice");
      if (fromStudentResponse(giftChoice, mask, view.options[0]?.id) === "a") keyFirst++;
    }
    expect(keyFirst / 300).toBeGreaterThan(0.25);
    expect(keyFirst / 300).toBeLessThan(0.42);
  });

  it("translates responses both ways, and refuses an authored id sent directly", () => {
    const mask = maskOf("secret");
    const shown = toStudentResponse(giftMatching, mask, giftMatching.key);
    expect(fromStudentResponse(giftMatching, mask, shown)).toEqual(giftMatching.key);
    expect(fromStudentResponse(giftChoice, mask, toStudentResponse(giftChoice, mask, "b"))).toBe("b");
    expect(() => fromStudentResponse(giftChoice, mask, "a")).toThrow(QuizValidationError);
    expect(() => fromStudentResponse(giftMatching, mask, { la: "ra" })).toThrow(QuizValidationError);
    expect(() => fromStudentResponse(twoItemOrdering, mask, "a")).toThrow(/array/);
    expect(fromStudentResponse(giftChoice, mask, toStudentResponse(giftChoice, mask, "a"))).toBe("a");
  });
});

describe("parseQuestion", () => {
  it("rejects malformed questions and keys that point nowhere", () => {
    expect(() => parseQuestion({ id: "x", type: "essay" })).toThrow(QuizValidationError);
    const { questions } = generateQuestions(bundle, { seed: 1 });
    const choice = questions.find((q) => q.type === "single_choice");
    expect(choice).toBeDefined();
    expect(parseQuestion(JSON.parse(JSON.stringify(choice)))).toEqual(choice);
    expect(() => parseQuestion({ ...choice, key: "missing" })).toThrow(/broken key/);
  });
});
