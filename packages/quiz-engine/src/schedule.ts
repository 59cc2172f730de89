import {
  type Card,
  createEmptyCard,
  type FSRS,
  fsrs,
  type Grade,
  generatorParameters,
  Rating,
  type ReviewLog,
} from "ts-fsrs";
import { QuizValidationError } from "./errors.ts";
import type { GradeResult, Question } from "./schemas.ts";

/** What happened when a student answered: the grade and how long it took. Students never self-rate. */
export interface ReviewOutcome {
  score: number;
  correct: boolean;
  /** Milliseconds spent on this one question. */
  timeOnQuestionMs: number;
  /** The time a fluent student needs for this item; see `estimateResponseMs`. */
  expectedMs: number;
}

const BASE_MS: Record<Question["type"], number> = {
  true_false: 6000,
  single_choice: 9000,
  multiple_choice: 14000,
  cloze: 12000,
  short_answer: 14000,
  numeric: 12000,
  ordering: 20000,
  matching: 22000,
};

/**
 * A fluent student's time for an item: a base per type plus reading time at 250 words a minute.
 *
 * @example
 * estimateResponseMs(question) // 13_800
 */
export function estimateResponseMs(question: Question): number {
  const texts = [
    question.stem,
    ...("options" in question ? question.options.map((o) => o.text) : []),
    ...(question.type === "matching" ? [...question.left, ...question.right].map((o) => o.text) : []),
  ];
  const words = texts.join(" ").split(/\s+/).filter(Boolean).length;
  return BASE_MS[question.type] + (words / 250) * 60_000;
}

/**
 * The outcome of answering `question`, from its grade and the time spent on that question (not on
 * the whole quiz). A time of 0 means it was not measured: it counts as the expected time, so the
 * rating then follows correctness alone. Build every outcome through here, so each consumer rates
 * time the same way.
 *
 * @example
 * scheduleReview(card, toReviewOutcome(question, gradeResponse(question, response), 7400), now)
 */
export function toReviewOutcome(
  question: Question,
  result: GradeResult,
  timeOnQuestionMs: number,
): ReviewOutcome {
  const expectedMs = estimateResponseMs(question);
  return {
    score: result.score,
    correct: result.correct,
    timeOnQuestionMs: timeOnQuestionMs > 0 ? timeOnQuestionMs : expectedMs,
    expectedMs,
  };
}

/**
 * The FSRS rating implied by correctness and speed: wrong -> Again; partly right -> Hard; right but
 * slow (over 1.5x the expected time) -> Hard; right and fast (under half of it) -> Easy; else Good.
 *
 * @example
 * deriveRating({ score: 1, correct: true, timeOnQuestionMs: 3000, expectedMs: 9000 }) // Rating.Easy
 */
export function deriveRating(outcome: ReviewOutcome): Grade {
  const { score, correct, timeOnQuestionMs, expectedMs } = outcome;
  if (
    !(score >= 0 && score <= 1) ||
    !(timeOnQuestionMs >= 0) ||
    !(expectedMs > 0) ||
    !Number.isFinite(timeOnQuestionMs)
  ) {
    throw new QuizValidationError("malformed review outcome", [JSON.stringify(outcome)]);
  }
  if (!correct) return score >= 0.5 ? Rating.Hard : Rating.Again;
  if (timeOnQuestionMs > 1.5 * expectedMs) return Rating.Hard;
  if (timeOnQuestionMs < 0.5 * expectedMs) return Rating.Easy;
  return Rating.Good;
}

const scheduler: FSRS = fsrs(generatorParameters({ enable_fuzz: false }));

/**
 * A new review card for an item, due now.
 *
 * @example
 * const card = createReviewCard(new Date("2025-02-01T10:00:00Z"));
 */
export function createReviewCard(now: Date): Card {
  return createEmptyCard(now);
}

export interface ScheduledReview {
  card: Card;
  rating: Grade;
  log: ReviewLog;
}

/**
 * Schedules the next review of an item with FSRS, from the graded outcome and the time taken.
 * Time is a parameter: pass the moment of the answer.
 *
 * @example
 * const next = scheduleReview(card, { score: 1, correct: true, timeOnQuestionMs: 8000, expectedMs: 9000 }, now);
 * next.card.due // when to ask again
 */
export function scheduleReview(card: Card, outcome: ReviewOutcome, now: Date): ScheduledReview {
  if (!(now instanceof Date) || Number.isNaN(now.getTime()))
    throw new QuizValidationError("now must be a valid Date");
  const rating = deriveRating(outcome);
  const { card: next, log } = scheduler.next(card, now, rating);
  return { card: next, rating, log };
}
