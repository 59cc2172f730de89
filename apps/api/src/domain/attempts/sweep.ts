import type { Db } from "../../db/client.ts";
import { drainLearningOutbox } from "../learning/index.ts";
import { finishAttempt } from "./finish.ts";
import { deadlineGraceMs } from "./shared.ts";

const sweepBatch = 500;

/**
 * The periodic sweep, safe to run on every API instance at once and to kill at any moment: each step
 * picks up what an earlier, interrupted run left, because it selects by state, not by memory.
 * 1. Closes attempts whose deadline has passed (`overdue`).
 * 2. Grades every closed attempt without a grade (`overdue`, or `submitting` left by a crash), each
 *    on its own: one that fails is logged and retried next time, and the others go on.
 * 3. Writes the learning data the outbox holds whose feedback is due: after_due attempts once their
 *    due date has passed, and any a crash left between a grade and its learning data.
 * `onReleased` hears of each attempt whose learning data it wrote (to send its xAPI statements).
 * Once `signal` aborts (the process is shutting down) it grades no further attempt and leaves the
 * rest to the next sweep, on this instance or another. Returns how many attempts it graded.
 */
export async function sweepOverdueAttempts(
  db: Db,
  now: Date,
  onReleased?: (attemptId: string) => void,
  signal?: AbortSignal,
): Promise<number> {
  const late = await db.read.attempt.findMany({
    where: { state: "in_progress", deadlineAt: { lt: new Date(now.getTime() - deadlineGraceMs) } },
    select: { id: true },
    take: sweepBatch,
  });
  if (late.length > 0) {
    await db.write((client) =>
      client.attempt.updateMany({
        where: { id: { in: late.map((a) => a.id) }, state: "in_progress" },
        data: { state: "overdue" },
      }),
    );
  }
  const ungraded = await db.read.attempt.findMany({
    where: { state: { in: ["overdue", "submitting"] }, grade: { is: null } },
    select: { id: true, state: true },
    take: sweepBatch,
  });
  let graded = 0;
  for (const attempt of ungraded) {
    if (signal?.aborted) return graded;
    try {
      const outcome = await finishAttempt(db, {
        attemptId: attempt.id,
        now,
        reason: attempt.state === "submitting" ? "submitted" : "overdue",
      });
      graded++;
      if (outcome.isLearningReleased) onReleased?.(attempt.id);
    } catch (error) {
      console.error(`overdue sweep: attempt ${attempt.id} not graded, retried next sweep:`, error);
    }
  }
  if (signal?.aborted) return graded;
  await drainLearningOutbox(db, now, { limit: sweepBatch, ...(onReleased ? { onReleased } : {}) });
  return graded;
}
