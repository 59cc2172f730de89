import { describe, expect, it } from "vitest";
import { QuizValidationError } from "./errors.ts";
import type { Question, SourceRef } from "./schemas.ts";
import { computeItemStatistics, computeMastery, type GradedAnswer } from "./statistics.ts";

const ref: SourceRef = { passageId: "p", articleId: "a", rawStart: 0, rawEnd: 1, quote: "x" };
const base = { sourceRefs: [ref], difficulty: 0.5, generator: "test", stem: "?" };
const questions: Question[] = [
  {
    ...base,
    id: "q1",
    type: "single_choice",
    conceptIds: ["jevons"],
    options: ["a", "b", "c"].map((id) => ({ id, text: id.toUpperCase() })),
    key: "a",
  },
  { ...base, id: "q2", type: "true_false", conceptIds: ["jevons", "distillation"], key: true },
  { ...base, id: "q3", type: "short_answer", conceptIds: ["distillation"], key: { accepted: ["x"] } },
];

// Six students: s1..s3 strong (right on q2, q3), s4..s6 weak; q1 separates them.
const answers: GradedAnswer[] = [];
for (const [i, strong] of [true, true, true, false, false, false].entries()) {
  const studentId = `s${i + 1}`;
  answers.push({
    studentId,
    questionId: "q1",
    score: strong ? 1 : 0,
    response: strong ? "a" : i === 3 ? "b" : "c",
  });
  answers.push({ studentId, questionId: "q2", score: strong ? 1 : 0, response: strong });
  answers.push({ studentId, questionId: "q3", score: strong ? 1 : i === 5 ? 1 : 0, response: "x" });
}

describe("computeItemStatistics", () => {
  const stats = computeItemStatistics(questions, answers);
  const q1 = stats.find((s) => s.questionId === "q1");

  it("computes facility and both discrimination indices", () => {
    expect(q1?.answers).toBe(6);
    expect(q1?.facility).toBe(0.5);
    expect(q1?.discriminationIndex).toBe(1);
    expect(q1?.discriminationCorrelation).toBeGreaterThan(0.8);
    const q3 = stats.find((s) => s.questionId === "q3");
    expect(q3?.facility).toBeCloseTo(4 / 6);
  });

  it("counts how often each option was chosen", () => {
    expect(q1?.distractors.map((d) => [d.optionId, d.count, d.isKey])).toEqual([
      ["a", 3, true],
      ["b", 1, false],
      ["c", 2, false],
    ]);
    const q2 = stats.find((s) => s.questionId === "q2");
    expect(q2?.distractors.map((d) => d.share)).toEqual([0.5, 0.5]);
  });

  it("counts only a student's first answer and rejects malformed answers", () => {
    const again = computeItemStatistics(questions, [
      ...answers,
      { studentId: "s4", questionId: "q1", score: 1, response: "a" },
    ]);
    expect(again.find((s) => s.questionId === "q1")?.facility).toBe(0.5);
    expect(() => computeItemStatistics(questions, [{ studentId: "s", questionId: "q1", score: 2 }])).toThrow(
      QuizValidationError,
    );
  });
});

describe("computeMastery", () => {
  it("estimates mastery per concept for one student", () => {
    const strong = computeMastery(
      questions,
      answers.filter((a) => a.studentId === "s1"),
    );
    expect(strong.map((m) => m.conceptId)).toEqual(["distillation", "jevons"]);
    for (const m of strong) expect(m.mastery).toBeGreaterThan(0.6);
    const weak = computeMastery(
      questions,
      answers.filter((a) => a.studentId === "s4"),
    );
    for (const m of weak) expect(m.mastery).toBeLessThan(0.4);
  });

  it("calls a concept mastered only with enough evidence", () => {
    const one = computeMastery(questions, [{ studentId: "s", questionId: "q1", score: 1 }]);
    expect(one[0]?.isMastered).toBe(false);
    const many = computeMastery(
      questions,
      Array.from({ length: 6 }, () => ({ studentId: "s", questionId: "q1", score: 1 })),
    );
    expect(many[0]).toMatchObject({ conceptId: "jevons", isMastered: true });
    expect(() => computeMastery(questions, [{ studentId: "s", questionId: "nope", score: 1 }])).toThrow(
      QuizValidationError,
    );
  });
});
