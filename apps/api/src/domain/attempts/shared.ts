import { type Question, QuestionSchema } from "@groundwork/quiz-engine";
import type { Db } from "../../db/client.ts";
import { ConflictError, NotFoundError } from "../../errors.ts";
import type { AttemptQuestionRow, OwnAttempt } from "../../pinned/hot-path.ts";
import { deepFreeze } from "../deep-freeze.ts";

export type { AttemptSummary } from "../../pinned/hot-path.ts";

/** A save that reaches the server this long after the deadline is still taken (network latency). */
export const deadlineGraceMs = 2000;

/**
 * Parsed snapshots by their JSON text. A class's attempts draw from one bank, so the same few texts
 * come back on every save, view and grade; the text is the whole input of the parse, so two equal
 * texts give the same question. Frozen, as they are shared between requests. Bounded: the oldest text
 * goes first.
 */
const parsedSnapshots = new Map<string, Question>();
const parsedSnapshotLimit = 5000;

/** A drawn question from its stored JSON text (validated once per distinct text per process). */
export function parseSnapshot(snapshot: string): Question {
  const cached = parsedSnapshots.get(snapshot);
  if (cached) return cached;
  const question = deepFreeze(QuestionSchema.parse(JSON.parse(snapshot)));
  if (parsedSnapshots.size >= parsedSnapshotLimit)
    parsedSnapshots.delete(parsedSnapshots.keys().next().value as string);
  parsedSnapshots.set(snapshot, question);
  return question;
}

export const closedError = () => new ConflictError("This attempt is finished; answers can no longer change.");

/** The caller's own attempt with its assignment; another student's is "not found". */
export async function loadOwnAttempt(db: Db, attemptId: string, userId: string): Promise<OwnAttempt> {
  const attempt = await db.hot.ownAttempt(attemptId);
  // Another student's attempt is "not found", not "forbidden": its existence is not the caller's business.
  if (!attempt || attempt.userId !== userId) throw new NotFoundError("No such attempt.");
  return attempt;
}

/** `loadOwnAttempt` with the attempt's questions and answers, in one read. */
export async function loadOwnAttemptView(
  db: Db,
  attemptId: string,
  userId: string,
): Promise<{ attempt: OwnAttempt; questions: AttemptQuestionRow[] }> {
  const found = await db.hot.attemptView(attemptId);
  if (!found || found.attempt.userId !== userId) throw new NotFoundError("No such attempt.");
  return found;
}
