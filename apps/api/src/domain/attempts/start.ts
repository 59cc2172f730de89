import type { Db } from "../../db/client.ts";
import { isUniqueViolation, storedJson } from "../../db/json.ts";
import {
  type AppError,
  ConflictError,
  DeadlinePassedError,
  ForbiddenError,
  NotFoundError,
} from "../../errors.ts";
import { createViewKey } from "../student-ids.ts";
import { loadBank } from "./bank.ts";
import { drawQuestions, drawSeed, loadRevealedFacts } from "./draw.ts";
import { loadAssignmentSettings } from "./settings.ts";
import type { AttemptSummary } from "./shared.ts";

/** A start refused inside its transaction: the transaction rolls back and the error reaches the caller. */
class RefusedStart extends Error {
  constructor(readonly refusal: AppError) {
    super(refusal.message);
  }
}

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
  const [enrolment, attempts] = assignment
    ? await Promise.all([
        db.read.enrolment.findUnique({
          where: { classId_userId: { classId: assignment.classId, userId } },
          select: { id: true },
        }),
        db.read.attempt.findMany({
          where: { assignmentId, userId },
          select: { id: true, state: true, number: true },
        }),
      ])
    : [null, []];
  if (!assignment || !enrolment) throw new NotFoundError("No such assignment.");

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

  try {
    // One write, not an interactive transaction: what decides the start is read afresh, never from the
    // settings cache, and then the attempt is created in one statement group. On SQLite the two run
    // in one turn of the process's only writer, so nothing changes the assignment in between; on
    // PostgreSQL a transaction would add nothing at its read-committed isolation but round trips.
    return await db.write(async (tx) => {
      const rules = await tx.assignment.findUnique({
        where: { id: assignmentId },
        select: { opensAt: true, dueAt: true, attemptsAllowed: true, timeLimitSeconds: true },
      });
      if (!rules) throw new RefusedStart(new NotFoundError("No such assignment."));
      if (now < rules.opensAt)
        throw new RefusedStart(
          new ForbiddenError(`This assignment opens at ${rules.opensAt.toISOString()}.`),
        );
      if (now >= rules.dueAt) {
        throw new RefusedStart(
          new DeadlinePassedError(`This assignment was due at ${rules.dueAt.toISOString()}.`),
        );
      }
      if (attempts.length >= rules.attemptsAllowed) {
        throw new RefusedStart(
          new ForbiddenError(`You have used all ${rules.attemptsAllowed} attempt(s) at this assignment.`),
        );
      }
      if (drawn.length === 0) {
        throw new RefusedStart(new ConflictError("This lesson has no questions yet; ask your instructor."));
      }
      const deadlineAt = new Date(
        Math.min(
          rules.dueAt.getTime(),
          rules.timeLimitSeconds ? now.getTime() + rules.timeLimitSeconds * 1000 : Number.POSITIVE_INFINITY,
        ),
      );
      return tx.attempt.create({
        data: {
          assignmentId,
          userId,
          number,
          state: "in_progress",
          seed,
          viewKey: createViewKey(),
          startedAt: now,
          deadlineAt,
          questions: {
            createMany: {
              data: drawn.map((item, position) => ({
                position,
                questionId: item.id,
                snapshot: storedJson(item.payload),
              })),
            },
          },
        },
        select: { id: true, state: true, number: true },
      });
    });
  } catch (error) {
    if (error instanceof RefusedStart) throw error.refusal;
    if (!isUniqueViolation(error)) throw error;
    const winner = await db.read.attempt.findUnique({
      where: { assignmentId_userId_number: { assignmentId, userId, number } },
      select: { id: true, state: true, number: true },
    });
    if (!winner) throw error;
    return winner;
  }
}
