import { QuizValidationError } from "./errors.ts";
import type { Question } from "./schemas.ts";

/** One graded answer: what the item statistics and mastery are computed from. */
export interface GradedAnswer {
  studentId: string;
  questionId: string;
  /** The grade's score in [0, 1]. */
  score: number;
  /** The raw response, for distractor analysis of choice items. */
  response?: unknown;
}

export interface DistractorFrequency {
  optionId: string;
  text: string;
  isKey: boolean;
  /** Answers that chose this option. */
  count: number;
  /** count / answers with a readable response. */
  share: number;
}

export interface ItemStatistics {
  questionId: string;
  answers: number;
  /** Facility index: mean score, from 0 (nobody) to 1 (everybody). */
  facility: number;
  /**
   * Classical discrimination index: mean item score of the upper third of students minus that of the
   * lower third, students ranked by their mean score on the other items (Moodle 1.x item analysis).
   * In [-1, 1]; null with fewer than three students.
   */
  discriminationIndex: number | null;
  /**
   * Moodle 2+'s "discrimination index": the Pearson correlation between the item score and the
   * rest-of-test score. In [-1, 1]; null when either has no variance.
   */
  discriminationCorrelation: number | null;
  /** For single_choice, multiple_choice and true_false: how often each option was chosen. */
  distractors: DistractorFrequency[];
}

function validateAnswers(answers: readonly GradedAnswer[]): void {
  for (const [i, a] of answers.entries()) {
    if (
      !a ||
      typeof a.studentId !== "string" ||
      typeof a.questionId !== "string" ||
      !(a.score >= 0 && a.score <= 1)
    ) {
      throw new QuizValidationError("malformed answer", [
        `answers[${i}]: needs studentId, questionId and a score in [0, 1]`,
      ]);
    }
  }
}

function mean(values: readonly number[]): number {
  return values.length === 0 ? 0 : values.reduce((s, v) => s + v, 0) / values.length;
}

function correlation(xs: readonly number[], ys: readonly number[]): number | null {
  const mx = mean(xs);
  const my = mean(ys);
  let sxy = 0;
  let sxx = 0;
  let syy = 0;
  for (let i = 0; i < xs.length; i++) {
    const dx = (xs[i] as number) - mx;
    const dy = (ys[i] as number) - my;
    sxy += dx * dy;
    sxx += dx * dx;
    syy += dy * dy;
  }
  return sxx === 0 || syy === 0 ? null : sxy / Math.sqrt(sxx * syy);
}

function chosenOptions(question: Question, response: unknown): string[] | null {
  if (question.type === "single_choice") return typeof response === "string" ? [response] : null;
  if (question.type === "multiple_choice")
    return Array.isArray(response) ? response.filter((r) => typeof r === "string") : null;
  if (question.type === "true_false") return typeof response === "boolean" ? [String(response)] : null;
  return null;
}

/**
 * Item statistics from graded answers: facility, discrimination (both Moodle's classical
 * upper/lower-third index and its correlation-based one) and how often each option was chosen.
 * Each student's first answer to an item counts.
 *
 * @throws QuizValidationError on a malformed answer.
 * @example
 * const stats = computeItemStatistics(questions, answers);
 * stats.find((s) => s.questionId === "q-1")?.facility // 0.72
 */
export function computeItemStatistics(
  questions: readonly Question[],
  answers: readonly GradedAnswer[],
): ItemStatistics[] {
  validateAnswers(answers);
  const first = new Map<string, GradedAnswer>();
  for (const a of answers) {
    const key = `${a.studentId}\u0000${a.questionId}`;
    if (!first.has(key)) first.set(key, a);
  }
  const byStudent = new Map<string, GradedAnswer[]>();
  for (const a of first.values()) byStudent.set(a.studentId, [...(byStudent.get(a.studentId) ?? []), a]);
  const totals = new Map(
    [...byStudent].map(([id, list]) => [id, { sum: list.reduce((s, a) => s + a.score, 0), n: list.length }]),
  );

  return questions.map((question) => {
    const itemAnswers = [...first.values()].filter((a) => a.questionId === question.id);
    const scores = itemAnswers.map((a) => a.score);
    const rest = itemAnswers.map((a) => {
      const total = totals.get(a.studentId) ?? { sum: 0, n: 1 };
      return total.n > 1 ? (total.sum - a.score) / (total.n - 1) : 0;
    });
    let discriminationIndex: number | null = null;
    if (itemAnswers.length >= 3) {
      const ranked = itemAnswers.map((a, i) => ({
        score: a.score,
        rest: rest[i] as number,
        id: a.studentId,
      }));
      ranked.sort((x, y) => y.rest - x.rest || x.id.localeCompare(y.id));
      const third = Math.floor(ranked.length / 3);
      discriminationIndex =
        mean(ranked.slice(0, third).map((r) => r.score)) - mean(ranked.slice(-third).map((r) => r.score));
    }
    const distractors: DistractorFrequency[] = [];
    const options =
      question.type === "single_choice" || question.type === "multiple_choice"
        ? question.options.map((o) => ({
            id: o.id,
            text: o.text,
            isKey: question.type === "single_choice" ? question.key === o.id : question.key.includes(o.id),
          }))
        : question.type === "true_false"
          ? [true, false].map((v) => ({
              id: String(v),
              text: v ? "True" : "False",
              isKey: question.key === v,
            }))
          : [];
    if (options.length > 0) {
      const chosen = itemAnswers
        .map((a) => chosenOptions(question, a.response))
        .filter((c): c is string[] => c !== null);
      for (const o of options) {
        const count = chosen.filter((c) => c.includes(o.id)).length;
        distractors.push({
          optionId: o.id,
          text: o.text,
          isKey: o.isKey,
          count,
          share: chosen.length ? count / chosen.length : 0,
        });
      }
    }
    return {
      questionId: question.id,
      answers: itemAnswers.length,
      facility: mean(scores),
      discriminationIndex,
      discriminationCorrelation: itemAnswers.length >= 3 ? correlation(scores, rest) : null,
      distractors,
    };
  });
}

export interface ConceptMastery {
  conceptId: string;
  answers: number;
  /** Posterior mean of a Beta(1, 1) prior updated with the scores: 0.5 with no evidence. */
  mastery: number;
  /** At least three answers and a mastery of 0.8. */
  isMastered: boolean;
}

/**
 * Mastery per concept for one student's answers (or a whole class's): every answer to an item
 * counts towards each concept the item is tagged with, harder items weighing more.
 *
 * @example
 * computeMastery(questions, answers.filter((a) => a.studentId === "s1"))
 * // [{ conceptId: "jevons-paradox", answers: 4, mastery: 0.83, isMastered: true }, ...]
 */
export function computeMastery(
  questions: readonly Pick<Question, "id" | "conceptIds" | "difficulty">[],
  answers: readonly GradedAnswer[],
): ConceptMastery[] {
  validateAnswers(answers);
  const byId = new Map(questions.map((q) => [q.id, q]));
  const evidence = new Map<string, { hits: number; weight: number; answers: number }>();
  for (const a of answers) {
    const question = byId.get(a.questionId);
    if (!question) throw new QuizValidationError("answer to an unknown question", [a.questionId]);
    const weight = 0.5 + question.difficulty;
    for (const conceptId of question.conceptIds) {
      const e = evidence.get(conceptId) ?? { hits: 0, weight: 0, answers: 0 };
      e.hits += weight * a.score;
      e.weight += weight;
      e.answers++;
      evidence.set(conceptId, e);
    }
  }
  return [...evidence]
    .sort(([a], [b]) => a.localeCompare(b))
    .map(([conceptId, e]) => {
      const mastery = (e.hits + 1) / (e.weight + 2);
      return { conceptId, answers: e.answers, mastery, isMastered: e.answers >= 3 && mastery >= 0.8 };
    });
}
