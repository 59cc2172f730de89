import { Rating, State } from "ts-fsrs";
import { describe, expect, it } from "vitest";
import { QuizValidationError } from "./errors.ts";
import { gradeResponse } from "./grade.ts";
import {
  createReviewCard,
  deriveRating,
  estimateResponseMs,
  scheduleReview,
  toReviewOutcome,
} from "./schedule.ts";
import type { Question } from "./schemas.ts";

const NOW = new Date("2025-02-01T10:00:00Z");
const question: Question = {
  id: "q",
  type: "single_choice",
  stem: "Which term does the source use for compressing a big model into a smaller one?",
  options: [
    { id: "a", text: "Distillation" },
    { id: "b", text: "Quantization" },
  ],
  key: "a",
  sourceRefs: [{ passageId: "p", articleId: "a", rawStart: 0, rawEnd: 1, quote: "x" }],
  conceptIds: [],
  difficulty: 0.4,
  generator: "test",
};

describe("deriveRating", () => {
  const expectedMs = estimateResponseMs(question);
  it.each([
    [{ score: 0, correct: false, timeOnQuestionMs: 5000 }, Rating.Again],
    [{ score: 0.6, correct: false, timeOnQuestionMs: 5000 }, Rating.Hard],
    [{ score: 1, correct: true, timeOnQuestionMs: expectedMs * 2 }, Rating.Hard],
    [{ score: 1, correct: true, timeOnQuestionMs: expectedMs }, Rating.Good],
    [{ score: 1, correct: true, timeOnQuestionMs: expectedMs * 0.3 }, Rating.Easy],
  ])("%o -> %s", (outcome, rating) => {
    expect(deriveRating({ ...outcome, expectedMs })).toBe(rating);
  });

  it("derives the outcome from a grade and the time taken", () => {
    const outcome = toReviewOutcome(question, gradeResponse(question, "b"), 4000);
    expect(outcome).toEqual({ score: 0, correct: false, timeOnQuestionMs: 4000, expectedMs });
    expect(deriveRating(outcome)).toBe(Rating.Again);
  });

  it("rates an unmeasured time (0) as the expected pace, not as instant", () => {
    const right = gradeResponse(question, question.type === "single_choice" ? question.key : "a");
    const outcome = toReviewOutcome(question, right, 0);
    expect(outcome.timeOnQuestionMs).toBe(expectedMs);
    expect(deriveRating(outcome)).toBe(Rating.Good);
  });

  it("rejects impossible outcomes", () => {
    expect(() => deriveRating({ score: 1, correct: true, timeOnQuestionMs: -1, expectedMs })).toThrow(
      QuizValidationError,
    );
    expect(() => deriveRating({ score: 2, correct: true, timeOnQuestionMs: 1, expectedMs })).toThrow(
      QuizValidationError,
    );
  });
});

describe("scheduleReview", () => {
  it("schedules later after a fast right answer than after a wrong one, deterministically", () => {
    const card = createReviewCard(NOW);
    const expectedMs = estimateResponseMs(question);
    const easy = scheduleReview(card, { score: 1, correct: true, timeOnQuestionMs: 2000, expectedMs }, NOW);
    const again = scheduleReview(card, { score: 0, correct: false, timeOnQuestionMs: 2000, expectedMs }, NOW);
    expect(easy.rating).toBe(Rating.Easy);
    expect(easy.card.state).toBe(State.Review);
    expect(easy.card.due.getTime()).toBeGreaterThan(again.card.due.getTime());
    expect(
      scheduleReview(card, { score: 1, correct: true, timeOnQuestionMs: 2000, expectedMs }, NOW),
    ).toEqual(easy);
    expect(() =>
      scheduleReview(card, { score: 1, correct: true, timeOnQuestionMs: 1, expectedMs }, new Date("nope")),
    ).toThrow(QuizValidationError);
  });
});
