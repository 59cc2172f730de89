import type { GradeResult, Question } from "@groundwork/quiz-engine";
import type { Db } from "../../db/client.ts";
import { ConflictError, NotFoundError } from "../../errors.ts";
import { isFeedbackVisible } from "../feedback.ts";
import { gradeOrRefuse } from "../grading.ts";
import { outboxRow, releaseLearningData } from "../learning/index.ts";
import { loadOwnAttempt, parseSnapshot } from "./shared.ts";

/**
 * Grades one stored answer for the final grade. An answer that cannot be graded (a response the
 * engine refuses, say after an engine change) scores 0 with a note, instead of stranding the attempt.
 */
async function gradeStored(
  db: Db,
  versionId: string,
  question: Question,
  value: unknown,
): Promise<GradeResult> {
  const graded = await gradeOrRefuse(db, { versionId, question, response: value });
  if ("result" in graded) return graded.result;
  return {
    score: 0,
    correct: false,
    feedback: `This answer could not be graded (${graded.refusal}).`,
    sourceRefs: question.sourceRefs,
  };
}

export interface FinishOutcome {
  score: number;
  state: string;
  /** Whether this call wrote the attempt's learning data (mastery, review cards): send its xAPI now. */
  isLearningReleased: boolean;
}

/**
 * Told once an attempt's grade has committed with its learning data owed (in the outbox): the
 * process's learning writer takes it from there (learning/outbox.ts), so the caller does not wait.
 */
export type OnGraded = (attemptId: string) => void;

/**
 * Grades and closes an attempt. It first moves the attempt out of `in_progress` (to `submitting`, or
 * `overdue` for the sweep), so no save lands after the answers are read. The grade row's unique
 * attempt id makes grading happen once: a second submit (or the sweep racing a submit) finds the
 * grade and returns it. An attempt left closed but ungraded (a crash) is graded by the next sweep.
 * The grade's transaction also puts the attempt in the learning outbox: its learning data (mastery,
 * review cards) is owed from then on, whatever happens to this process. With `onGraded` the writing
 * is left to the process's learning writer; without it, this call writes the data itself once the
 * grade has committed, if the feedback policy shows the result now (learning/release.ts).
 */
export async function finishAttempt(
  db: Db,
  input: { attemptId: string; now: Date; reason: "submitted" | "overdue"; onGraded?: OnGraded },
): Promise<FinishOutcome> {
  const attempt = await db.hot.finishTarget(input.attemptId);
  if (!attempt) throw new NotFoundError("No such attempt.");
  if (attempt.grade) {
    const { score, maxScore } = attempt.grade;
    return { score: maxScore ? score / maxScore : 0, state: attempt.state, isLearningReleased: false };
  }
  const closing = input.reason === "submitted" ? "submitting" : "overdue";
  // Closed here, or already closed (by the sweep, a submit, a crash): then how it was closed.
  const closedState = (await db.hot.closeAttempt(input.attemptId, closing)) ?? attempt.state;
  const { versionId } = attempt;
  const rows = await db.hot.attemptQuestions(input.attemptId);
  const graded = await Promise.all(
    rows.map(async (row) => {
      const question = parseSnapshot(row.snapshot);
      const result = row.response ? await gradeStored(db, versionId, question, row.response.value) : null;
      return { row, result };
    }),
  );
  const total = graded.reduce((sum, g) => sum + (g.result?.score ?? 0), 0);
  const answered = graded.filter((g) => g.row.response).length;
  // An attempt closed by the sweep (or left by a crash while overdue) with no answer was abandoned.
  const state = closedState === "overdue" && answered === 0 ? "abandoned" : "finished";
  const fraction = rows.length ? total / rows.length : 0;

  const recorded = await db.hot.recordGrade({
    attemptId: input.attemptId,
    score: total,
    maxScore: rows.length,
    gradedAt: input.now,
    state,
    fraction,
    // Saves store their grade as they go; only a stale one (graded by an older engine) is rewritten.
    regrades: graded.flatMap(({ row, result }) => {
      const stored = row.response;
      if (
        !stored ||
        !result ||
        (stored.score === result.score &&
          stored.correct === result.correct &&
          stored.feedback === result.feedback)
      )
        return [];
      return [
        { responseId: stored.id, score: result.score, correct: result.correct, feedback: result.feedback },
      ];
    }),
    outbox: state === "finished" ? outboxRow({ attemptId: input.attemptId, now: input.now }) : null,
  });
  if (recorded === "taken") return finishAttempt(db, input);
  if (state !== "finished") return { score: fraction, state, isLearningReleased: false };
  if (input.onGraded) {
    input.onGraded(input.attemptId);
    return { score: fraction, state, isLearningReleased: false };
  }
  const isLearningReleased = await releaseLearningData(db, { attemptId: input.attemptId, now: input.now });
  return { score: fraction, state, isLearningReleased };
}

/**
 * The student submits: only their own, only once (a second submit returns the same grade). With
 * `onGraded` (the API process's learning writer) the learning data is written after the response.
 */
export async function submitAttempt(
  db: Db,
  input: { userId: string; attemptId: string; now: Date; onGraded?: OnGraded },
): Promise<{ score: number | null; state: string; isLearningReleased: boolean }> {
  const attempt = await loadOwnAttempt(db, input.attemptId, input.userId);
  if (attempt.state === "abandoned") throw new ConflictError("This attempt was closed without answers.");
  const { score, state, isLearningReleased } = await finishAttempt(db, {
    attemptId: attempt.id,
    now: input.now,
    reason: "submitted",
    ...(input.onGraded ? { onGraded: input.onGraded } : {}),
  });
  const visible = isFeedbackVisible(
    attempt.assignment.feedbackPolicy,
    state,
    attempt.assignment.dueAt,
    input.now,
  );
  return { score: visible ? score : null, state, isLearningReleased };
}
