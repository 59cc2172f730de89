/**
 * A crash during the overdue sweep: a class's attempts are all past their deadline with answers saved,
 * the API starts and its sweep begins grading them, and the process is killed with SIGKILL part-way
 * (some attempts graded, the rest closed but not). After restarts every overdue attempt must be graded
 * exactly once and none left `overdue` or `submitting`.
 * Bounded: a fixed number of kills, and a fixed time to finish afterwards.
 *
 *   tsx fault/sweep-crash.ts --students 300 --kills 2
 */
import { parseArgs } from "node:util";
import Database from "better-sqlite3";
import { answeredExam, checkLines } from "../lib/exam.ts";
import { startApi, stop } from "../lib/servers.ts";

const { values } = parseArgs({
  options: {
    students: { type: "string", default: "300" },
    questions: { type: "string", default: "8" },
    kills: { type: "string", default: "2" },
  },
});

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

export async function sweepCrashTest(options: { students: number; questions: number; kills: number }) {
  // Every student started and answered every question; then the deadline passed without a submit.
  const { database, prepared, db, now } = await answeredExam(options);
  await db.write((c) =>
    c.attempt.updateMany({
      where: { assignmentId: prepared.assignmentId },
      data: { deadlineAt: new Date(now.getTime() - 60_000) },
    }),
  );
  await db.close();

  const file = database.url.replace(/^file:/, "");
  const sqlite = new Database(file, { readonly: true });
  const counts = () =>
    sqlite
      .prepare(
        `SELECT
           (SELECT COUNT(*) FROM "Grade") AS graded,
           (SELECT COUNT(*) FROM "Attempt" WHERE "state" IN ('overdue', 'submitting')
              AND "id" NOT IN (SELECT "attemptId" FROM "Grade")) AS stranded`,
      )
      .get() as { graded: number; stranded: number };

  const port = 4402;
  const env = { OVERDUE_SWEEP_SECONDS: "1" };
  let api = await startApi({ port, databaseUrl: database.url, env });
  const killedAt: Array<{ graded: number; stranded: number }> = [];
  try {
    // Kill while the sweep is part-way: some attempts graded, others closed and waiting.
    const watchUntil = Date.now() + 120_000;
    while (killedAt.length < options.kills && Date.now() < watchUntil) {
      const now = counts();
      const gradedSinceKill = now.graded - (killedAt.at(-1)?.graded ?? 0);
      if (now.stranded > 0 && gradedSinceKill >= 5 && now.graded < options.students - 5) {
        await stop(api, "SIGKILL");
        killedAt.push(counts());
        api = await startApi({ port, databaseUrl: database.url, env });
        continue;
      }
      await sleep(10);
    }
    const finishBy = Date.now() + 120_000;
    while (counts().graded < options.students && Date.now() < finishBy) await sleep(250);
    const final = counts();
    const doubleGraded = sqlite
      .prepare(
        `SELECT COUNT(*) AS n FROM (SELECT "attemptId" FROM "Grade" GROUP BY "attemptId" HAVING COUNT(*) > 1)`,
      )
      .get() as { n: number };
    const states = sqlite
      .prepare(`SELECT "state", COUNT(*) AS n FROM "Attempt" GROUP BY "state" ORDER BY "state"`)
      .all() as Array<{ state: string; n: number }>;
    const checks = {
      [`${killedAt.length} SIGKILLs during the sweep, each with attempts closed but ungraded`]:
        killedAt.length === options.kills && killedAt.every((k) => k.stranded > 0),
      [`every one of ${options.students} overdue attempts graded`]: final.graded === options.students,
      "none graded twice": doubleGraded.n === 0,
      "none left overdue or submitting": final.stranded === 0,
    };
    const text = [
      `sweep crash test: ${options.students} overdue attempts; killed at ${killedAt.map((k) => `${k.graded} graded/${k.stranded} stranded`).join(", ")}; states after: ${states.map((s) => `${s.state} ${s.n}`).join(", ")}`,
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
  const result = await sweepCrashTest({
    students: Number(values.students),
    questions: Number(values.questions),
    kills: Number(values.kills),
  });
  console.log(result.text);
  process.exit(result.passed ? 0 : 1);
}
