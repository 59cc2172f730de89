import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { QuizValidationError } from "./errors.ts";
import { generateQuestions } from "./generate.ts";
import { type Question, StudentQuestionSchema } from "./schemas.ts";
import { parseQuestion, toStudentView } from "./student-view.ts";
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

  it("orders options the same way whichever option is the key", () => {
    const { questions } = generateQuestions(bundle, { seed: 3 });
    const choice = questions.filter((q) => q.type === "single_choice");
    expect(choice.length).toBeGreaterThan(3);
    for (const q of choice) {
      const orders = q.options.map((o) => toStudentView({ ...q, key: o.id }));
      for (const view of orders) expect(view).toEqual(orders[0]);
    }
  });

  it("never shows ordering items already in order", () => {
    const { questions } = generateQuestions(bundle, { seed: 5 });
    const ordering = questions.filter((q) => q.type === "ordering");
    expect(ordering.length).toBeGreaterThan(0);
    for (const q of ordering) {
      const view = toStudentView(q);
      expect(view.type === "ordering" && view.options.map((o) => o.id)).not.toEqual(q.key);
    }
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
