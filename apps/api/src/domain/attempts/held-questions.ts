import type { Question } from "@groundwork/quiz-engine";
import { parseSnapshot } from "./shared.ts";

/** One drawn question of an attempt, parsed (shared with every attempt that drew it). */
export interface HeldQuestion {
  id: string;
  position: number;
  question: Question;
}

/**
 * The questions of the attempts this process started or showed, by attempt id. An attempt's questions
 * and their snapshots are written once, when it starts, and never change, so an entry
 * cannot go stale and needs no invalidation: a view still reads the attempt's state and answers afresh
 * (`attemptAnswers`), and only the 20 snapshots are not read and parsed again. An attempt another
 * process started is read in full once, then held here too. Bounded: the oldest entry goes first
 * (about 6 KB each: parsed questions are shared, see `parseSnapshot`). The option ids' HMACs are
 * not kept: worked out again on each view, they would cost 20 KB more an attempt.
 */
const held = new Map<string, readonly HeldQuestion[]>();
const heldLimit = 5000;

/** Holds an attempt's questions, given in position order, and returns them as held. */
export function holdAttemptQuestions(
  attemptId: string,
  questions: ReadonlyArray<{ id: string; position: number; snapshot: string }>,
): readonly HeldQuestion[] {
  const entry = questions.map((q) => ({
    id: q.id,
    position: q.position,
    question: parseSnapshot(q.snapshot),
  }));
  if (held.size >= heldLimit) held.delete(held.keys().next().value as string);
  held.set(attemptId, entry);
  return entry;
}

/** The attempt's questions if this process holds them. */
export const heldAttemptQuestions = (attemptId: string): readonly HeldQuestion[] | undefined =>
  held.get(attemptId);

/** Lets go of every held attempt: for tests that compare a first view with a later one. */
export function releaseHeldAttempts(): void {
  held.clear();
}
