import { type Question, QuestionSchema } from "@groundwork/quiz-engine";
import type { Db, PrismaClient } from "../../db/client.ts";
import { ConflictError, NotFoundError } from "../../errors.ts";

/** A save that reaches the server this long after the deadline is still taken (network latency). */
export const deadlineGraceMs = 2000;

export const parseSnapshot = (snapshot: unknown): Question => QuestionSchema.parse(snapshot);

export interface AttemptSummary {
  id: string;
  state: string;
  number: number;
}

export const closedError = () => new ConflictError("This attempt is finished; answers can no longer change.");

/** The caller's own attempt with its assignment; another student's is "not found". */
export async function loadOwnAttempt(db: Db | { read: PrismaClient }, attemptId: string, userId: string) {
  const attempt = await db.read.attempt.findUnique({
    where: { id: attemptId },
    select: {
      id: true,
      userId: true,
      state: true,
      number: true,
      startedAt: true,
      deadlineAt: true,
      finishedAt: true,
      score: true,
      viewKey: true,
      assignment: {
        select: {
          id: true,
          title: true,
          dueAt: true,
          feedbackPolicy: true,
          timeLimitSeconds: true,
          lesson: { select: { id: true, title: true, course: { select: { slug: true } } } },
        },
      },
    },
  });
  // Another student's attempt is "not found", not "forbidden": its existence is not the caller's business.
  if (!attempt || attempt.userId !== userId) throw new NotFoundError("No such attempt.");
  return attempt;
}
