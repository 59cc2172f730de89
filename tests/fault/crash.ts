/**
 * Crashes: an exam runs while the API process is killed with SIGKILL at random moments and restarted,
 * many times over. Afterwards the SQLite file passes its integrity check, every acknowledged answer is
 * stored, every attempt is graded exactly once, no attempt was started twice, and every graded
 * attempt's learning data is written (a review card per graded answer, nothing left in the outbox).
 * Bounded: a fixed number of kills within a fixed exam length; it stops by itself.
 *
 *   tsx fault/crash.ts --students 60 --kills 8 --duration 40
 */
import { parseArgs } from "node:util";
import { createRng } from "@groundwork/quiz-engine";
import Database from "better-sqlite3";
import {
  checkLines,
  createRunDatabase,
  type ExamConfig,
  prepareExam,
  runExam,
  verifyExam,
} from "../lib/exam.ts";
import { startApi, stop } from "../lib/servers.ts";

const { values } = parseArgs({
  options: {
    students: { type: "string", default: "60" },
    questions: { type: "string", default: "10" },
    kills: { type: "string", default: "8" },
    duration: { type: "string", default: "40" },
  },
});

export async function crashTest(options: {
  students: number;
  questions: number;
  kills: number;
  durationSeconds: number;
}) {
  const config: ExamConfig = {
    provider: "sqlite",
    students: options.students,
    questions: options.questions,
    durationSeconds: options.durationSeconds,
    startWindowSeconds: 5,
    submitWindowSeconds: 10,
  };
  const database = await createRunDatabase("sqlite");
  const examStart = new Date(Date.now() + 15_000 + options.students * 60);
  const prepared = await prepareExam(database.url, config, examStart);
  const port = 4401;
  let api = await startApi({ port, databaseUrl: database.url });
  const rng = createRng(42);
  let kills = 0;
  let stopped = false;
  const killer = (async () => {
    const until = examStart.getTime() + (config.durationSeconds - 2) * 1000;
    const gap = (until - examStart.getTime()) / (options.kills + 1);
    await new Promise((r) => setTimeout(r, Math.max(0, examStart.getTime() - Date.now())));
    while (!stopped && kills < options.kills && Date.now() < until) {
      await new Promise((r) => setTimeout(r, gap * (0.5 + rng())));
      if (stopped) break;
      await stop(api, "SIGKILL");
      kills++;
      api = await startApi({ port, databaseUrl: database.url });
    }
  })();
  try {
    const outcome = await runExam([`http://127.0.0.1:${port}`], prepared, config, examStart.getTime(), {
      retry: true,
      rng: createRng(7),
    });
    stopped = true;
    await killer;
    // Whatever a crash left unsubmitted, the sweep closes after the deadline.
    await new Promise((r) =>
      setTimeout(r, Math.max(0, examStart.getTime() + config.durationSeconds * 1000 - Date.now()) + 8_000),
    );
    const verdict = await verifyExam(prepared, outcome, config.students);
    const file = database.url.replace(/^file:/, "");
    const sqlite = new Database(file, { readonly: true });
    const integrity = sqlite.pragma("integrity_check", { simple: true });
    const doubleGraded = sqlite
      .prepare(
        `SELECT COUNT(*) AS n FROM (SELECT attemptId FROM "Grade" GROUP BY attemptId HAVING COUNT(*) > 1)`,
      )
      .get() as { n: number };
    const twoAttempts = sqlite
      .prepare(
        `SELECT COUNT(*) AS n FROM (SELECT userId FROM "Attempt" WHERE assignmentId = ? GROUP BY userId HAVING COUNT(*) > 1)`,
      )
      .get(prepared.assignmentId) as { n: number };
    // after_due: the learning data is written from the outbox once the deadline has passed.
    const learningMissing = sqlite
      .prepare(
        `SELECT COUNT(*) AS n FROM "Attempt" a
         WHERE a."assignmentId" = ? AND a."state" = 'finished' AND (a."learningAt" IS NULL
           OR EXISTS (SELECT 1 FROM "LearningOutbox" o WHERE o."attemptId" = a."id")
           OR (SELECT COUNT(*) FROM "ReviewCard" c WHERE c."userId" = a."userId")
              <> (SELECT COUNT(*) FROM "AttemptResponse" r WHERE r."attemptId" = a."id" AND r."score" IS NOT NULL))`,
      )
      .get(prepared.assignmentId) as { n: number };
    sqlite.close();
    const checks = {
      [`${kills} kills with SIGKILL`]: kills >= Math.min(options.kills, 3),
      "integrity_check ok": integrity === "ok",
      "every acknowledged answer stored": verdict.lost === 0,
      [`every one of ${config.students} attempts graded once`]:
        verdict.graded === config.students && doubleGraded.n === 0,
      "no student got two attempts": twoAttempts.n === 0,
      "every graded attempt's learning data written once, none left owed": learningMissing.n === 0,
      "no client error beyond retried connection failures": outcome.errors.length === 0,
    };
    const text = [
      `crash test: ${config.students} students, ${outcome.acknowledged.length} acknowledged saves, ${kills} SIGKILLs, ${outcome.lateRefusals} saves refused as late after restarts`,
      ...checkLines(checks),
      ...outcome.errors.slice(0, 5).map((e) => `  error: ${e}`),
    ].join("\n");
    return { passed: Object.values(checks).every(Boolean), text };
  } finally {
    stopped = true;
    await stop(api);
    await prepared.db.close();
    await database.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await crashTest({
    students: Number(values.students),
    questions: Number(values.questions),
    kills: Number(values.kills),
    durationSeconds: Number(values.duration),
  });
  console.log(result.text);
  process.exit(result.passed ? 0 : 1);
}
