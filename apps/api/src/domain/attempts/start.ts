import { randomUUID } from "node:crypto";
import type { Db } from "../../db/client.ts";
import {
  type AppError,
  ConflictError,
  DeadlinePassedError,
  ForbiddenError,
  NotFoundError,
} from "../../errors.ts";
import type { AttemptRules } from "../../pinned/hot-path.ts";
import { createViewKey } from "../student-ids.ts";
import { loadBank } from "./bank.ts";
import { drawQuestions, drawSeed, loadRevealedFacts } from "./draw.ts";
import { holdAttemptQuestions } from "./held-questions.ts";
import { loadAssignmentSettings } from "./settings.ts";
import type { AttemptSummary } from "./shared.ts";

/**
 * Starts (or resumes) the student's attempt at an assignment. Starting twice gives the same attempt:
 * an unfinished attempt is resumed, and two concurrent starts collide on the unique
 * (assignment, student, number) key, the loser reading the winner's attempt.
 */
export async function startAttempt(
  db: Db,
  input: { userId: string; assignmentId: string; now: Date },
): Promise<AttemptSummary> {
  const { userId, assignmentId, now } = input;
  const assignment = await loadAssignmentSettings(db, assignmentId, now);
  const state = assignment
    ? await db.hot.startState({ classId: assignment.classId, assignmentId, userId })
    : undefined;
  if (!assignment || !state?.enrolled) throw new NotFoundError("No such assignment.");
  const { attempts } = state;

  const open = attempts.find((a) => a.state === "in_progress");
  if (open) return open;
  const number = attempts.length + 1;
  const bank = await loadBank(db, {
    versionId: assignment.versionId,
    lessonKey: assignment.lessonKey,
  });
  const seed = drawSeed(userId, assignmentId, number);
  const revealed =
    attempts.length > 0
      ? await loadRevealedFacts(db, attempts, assignment.feedbackPolicy, assignment.dueAt, now)
      : new Set<string>();
  const drawn = drawQuestions(bank, assignment.questionCount, seed, number, revealed);

  // What decides the start is read afresh, never taken from the settings cache: on SQLite in the
  // process's only writer, on PostgreSQL with the start state, the one statement that creates the
  // attempt holding only while those rules still stand.
  const viewKey = createViewKey();
  const questions = drawn.map((item) => ({ id: randomUUID(), questionId: item.id, snapshot: item.snapshot }));
  const outcome = await db.hot.createAttempt(
    { assignmentId, userId, number, seed, viewKey, startedAt: now, questions },
    (rules) => decideStart(rules, { now, attemptsSoFar: attempts.length, drawnCount: drawn.length }),
    state.rules,
  );
  if ("created" in outcome) {
    // The student's next request reads these questions: held, it reads only the attempt and answers.
    holdAttemptQuestions(
      outcome.created.id,
      questions.map((q, position) => ({ id: q.id, position, snapshot: q.snapshot })),
    );
    return outcome.created;
  }
  if ("refused" in outcome) throw outcome.refused;
  const winner = (
    await db.hot.startState({ classId: assignment.classId, assignmentId, userId })
  ).attempts.find((a) => a.number === number);
  if (!winner) throw new ConflictError("Another start of this attempt failed; try again.");
  return winner;
}

/** The deadline of a start the rules allow, or why they do not. */
function decideStart(
  rules: AttemptRules | null,
  context: { now: Date; attemptsSoFar: number; drawnCount: number },
): { deadlineAt: Date } | { refused: AppError } {
  const { now } = context;
  if (!rules) return { refused: new NotFoundError("No such assignment.") };
  if (now < rules.opensAt)
    return { refused: new ForbiddenError(`This assignment opens at ${rules.opensAt.toISOString()}.`) };
  if (now >= rules.dueAt)
    return { refused: new DeadlinePassedError(`This assignment was due at ${rules.dueAt.toISOString()}.`) };
  if (context.attemptsSoFar >= rules.attemptsAllowed) {
    return {
      refused: new ForbiddenError(
        `You have used all ${rules.attemptsAllowed} attempt(s) at this assignment.`,
      ),
    };
  }
  if (context.drawnCount === 0)
    return { refused: new ConflictError("This lesson has no questions yet; ask your instructor.") };
  const limit = rules.timeLimitSeconds
    ? now.getTime() + rules.timeLimitSeconds * 1000
    : Number.POSITIVE_INFINITY;
  return { deadlineAt: new Date(Math.min(rules.dueAt.getTime(), limit)) };
}
