import type { Db } from "../../db/client.ts";
import { releaseLearningData } from "./release.ts";

/** Back-off for an outbox row whose write failed: 2 s doubling per failure, at most 5 minutes. */
const retryDelayMs = (failures: number) => Math.min(300_000, 1000 * 2 ** failures);

/**
 * Writes the learning data of outbox rows whose feedback is due (learning/release.ts), oldest first,
 * each attempt in its own transaction. A row that fails is logged and tried again after a back-off; the
 * others go on. `onReleased` hears of each attempt this call wrote (to send its xAPI statements).
 * After each row it rests as long as the row took, so it takes at most about half the process: the
 * data of a whole class falls due at once (after_due, at the deadline), when the last submits arrive.
 * Returns how many rows it took up.
 */
export async function drainLearningOutbox(
  db: Db,
  now: Date,
  options: { limit: number; onReleased?: (attemptId: string) => void },
): Promise<number> {
  const rows = await db.read.learningOutbox.findMany({
    where: {
      retryAt: { lte: now },
      attempt: { assignment: { OR: [{ feedbackPolicy: { not: "after_due" } }, { dueAt: { lte: now } }] } },
    },
    orderBy: { createdAt: "asc" },
    take: options.limit,
    select: { attemptId: true, failures: true },
  });
  for (const row of rows) {
    const started = performance.now();
    try {
      if (await releaseLearningData(db, { attemptId: row.attemptId, now }))
        options.onReleased?.(row.attemptId);
    } catch (error) {
      console.error(`learning data of attempt ${row.attemptId} not written, retried later:`, error);
      await db.write((client) =>
        client.learningOutbox.updateMany({
          where: { attemptId: row.attemptId },
          data: {
            failures: row.failures + 1,
            retryAt: new Date(now.getTime() + retryDelayMs(row.failures + 1)),
          },
        }),
      );
    }
    await new Promise((resolve) => setTimeout(resolve, performance.now() - started));
  }
  return rows.length;
}

/** The row a grade's transaction adds: the attempt's learning data is owed from now on. */
export const outboxRow = (input: { attemptId: string; now: Date }) => ({
  attemptId: input.attemptId,
  createdAt: input.now,
  retryAt: input.now,
});

export interface LearningWriter {
  /** Says a grade has committed: the writer drains the outbox soon, never making the caller wait. */
  kick(): void;
  /** Waits for the drain under way; rows left stay in the outbox for the next start or the sweep. */
  close(): Promise<void>;
}

/**
 * The process's learning writer: drains the outbox in the background after each kick, in batches,
 * while it finds rows. Kicks during a drain make one more pass, not one each.
 */
export function startLearningWriter(
  db: Db,
  options: { onReleased?: (attemptId: string) => void; batchSize?: number } = {},
): LearningWriter {
  const batchSize = options.batchSize ?? 50;
  let running: Promise<void> | null = null;
  let isKicked = false;
  let isClosed = false;
  const drainWhileKicked = async () => {
    while (isKicked && !isClosed) {
      isKicked = false;
      while (!isClosed) {
        const taken = await drainLearningOutbox(db, new Date(), {
          limit: batchSize,
          ...(options.onReleased ? { onReleased: options.onReleased } : {}),
        });
        if (taken < batchSize) break;
      }
    }
  };
  const kick = () => {
    isKicked = true;
    if (running || isClosed) return;
    running = drainWhileKicked()
      .catch((error: unknown) => console.error("learning writer:", error))
      .finally(() => {
        running = null;
        if (isKicked) kick();
      });
  };
  return {
    kick,
    async close() {
      isClosed = true;
      await running;
    },
  };
}
