/**
 * A crash between a grade and its learning data: a class's attempts are graded (the grade committed,
 * mastery and review cards still owed, in the learning outbox), the due date passes, the API starts
 * and its learning writer and sweep begin writing them, and the process is killed with SIGKILL
 * part-way (some attempts' data written, the rest still in the outbox). After restarts every attempt
 * must have all of its learning data, written once: a review card per graded answer, mastery for
 * every student, and nothing left in the outbox.
 * Bounded: a fixed number of kills, and a fixed time to finish afterwards.
 *
 *   tsx fault/learning-crash.ts --students 300 --kills 2
 */
import type { ChildProcess } from "node:child_process";
import { parseArgs } from "node:util";
import { finishAttempt } from "@groundwork/api/testing";
import Database from "better-sqlite3";
import { answeredExam, checkLines } from "../lib/exam.ts";
import { startApi, stop, waitForHttp } from "../lib/servers.ts";

const { values } = parseArgs({
  options: {
    students: { type: "string", default: "300" },
    questions: { type: "string", default: "8" },
    kills: { type: "string", default: "2" },
  },
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function learningCrashTest(options: { students: number; questions: number; kills: number }) {
  const { database, prepared, db, now, attemptIds } = await answeredExam(options);
  // Every attempt submitted and graded before its due date (after_due): the learning data is owed.
  for (const attemptId of attemptIds) {
    await finishAttempt(db, { attemptId, now, reason: "submitted", onGraded: () => {} });
  }
  await db.write((c) =>
    c.assignment.update({
      where: { id: prepared.assignmentId },
      data: { dueAt: new Date(Date.now() - 1000) },
      select: { id: true },
    }),
  );
  await db.close();

  const file = database.url.replace(/^file:/, "");
  const sqlite = new Database(file, { readonly: true });
  const counts = () =>
    sqlite
      .prepare(
        `SELECT
           (SELECT COUNT(*) FROM "Attempt" WHERE "learningAt" IS NOT NULL) AS written,
           (SELECT COUNT(*) FROM "LearningOutbox") AS owed`,
      )
      .get() as { written: number; owed: number };
  const before = counts();

  const port = 4403;
  const env = { OVERDUE_SWEEP_SECONDS: "1" };
  // The writer starts on its own as the process starts, so the watch holds each process from its spawn.
  let api: ChildProcess | undefined;
  const launch = () => {
    startApi({
      port,
      databaseUrl: database.url,
      env,
      onSpawn: (child) => {
        api = child;
      },
    }).catch(() => {});
  };
  const killedAt: Array<{ written: number; owed: number }> = [];
  launch();
  try {
    // Kill while the learning data is part-way: some attempts written, others still owed.
    const watchUntil = Date.now() + 120_000;
    while (killedAt.length < options.kills && Date.now() < watchUntil) {
      const current = counts();
      const writtenSinceKill = current.written - (killedAt.at(-1)?.written ?? 0);
      if (current.owed > 5 && writtenSinceKill >= 5) {
        await stop(api, "SIGKILL");
        killedAt.push(counts());
        launch();
        continue;
      }
      await sleep(2);
    }
    await waitForHttp(`http://127.0.0.1:${port}/api/health`, api);
    const finishBy = Date.now() + 120_000;
    while (counts().owed > 0 && Date.now() < finishBy) await sleep(250);
    const final = counts();
    const missing = sqlite
      .prepare(
        `SELECT COUNT(*) AS n FROM "Attempt" a
         WHERE a."assignmentId" = ? AND (a."learningAt" IS NULL
           OR (SELECT COUNT(*) FROM "ReviewCard" c WHERE c."userId" = a."userId")
              <> (SELECT COUNT(*) FROM "AttemptResponse" r WHERE r."attemptId" = a."id" AND r."score" IS NOT NULL)
           OR NOT EXISTS (SELECT 1 FROM "Mastery" m WHERE m."userId" = a."userId"))`,
      )
      .get(prepared.assignmentId) as { n: number };
    const integrity = sqlite.pragma("integrity_check", { simple: true });
    const checks = {
      [`${options.students} attempts graded with their learning data owed before the start`]:
        before.owed === options.students && before.written === 0,
      [`${killedAt.length} SIGKILLs while the learning data was part-way written`]:
        killedAt.length === options.kills && killedAt.every((k) => k.owed > 0 && k.written > 0),
      "nothing left in the outbox": final.owed === 0,
      [`every one of ${options.students} attempts has a card per graded answer and mastery`]: missing.n === 0,
      "integrity_check ok": integrity === "ok",
    };
    const text = [
      `learning crash test: ${options.students} graded attempts; killed at ${killedAt.map((k) => `${k.written} written/${k.owed} owed`).join(", ")}`,
      ...checkLines(checks),
    ].join("\n");
    return { passed: Object.values(checks).every(Boolean), text };
  } finally {
    await stop(api);
    sqlite.close();
    await database.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await learningCrashTest({
    students: Number(values.students),
    questions: Number(values.questions),
    kills: Number(values.kills),
  });
  console.log(result.text);
  process.exit(result.passed ? 0 : 1);
}
