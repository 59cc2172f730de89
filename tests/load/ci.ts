/**
 * The load and fault suites in their short form, for `npm test` and CI: exam day on SQLite (one API
 * process) and on PostgreSQL (two API processes) through the web origin, sign-in abuse, uploads during
 * an exam, and the crash tests (during an exam, during the sweep, between grades and learning data). Writes .test-results/load.json and exits non-zero when a check fails.
 * The long forms: `pnpm test:soak`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { crashTest } from "../fault/crash.ts";
import { learningCrashTest } from "../fault/learning-crash.ts";
import { sweepCrashTest } from "../fault/sweep-crash.ts";
import { examDay } from "./exam-day.ts";
import { signInAbuse } from "./sign-in-abuse.ts";
import { uploadDuringExam } from "./upload-during-exam.ts";

const results: Array<{ name: string; passed: boolean; text: string }> = [];
const record = async (name: string, run: () => Promise<{ passed: boolean; text: string }>) => {
  try {
    const result = await run();
    results.push({ name, ...result });
  } catch (error) {
    results.push({ name, passed: false, text: `${name}: ${(error as Error).stack ?? error}` });
  }
  console.log(results.at(-1)?.text);
};

const short = {
  students: 100,
  questions: 10,
  durationSeconds: 30,
  startWindowSeconds: 5,
  submitWindowSeconds: 10,
};
await record("exam day, SQLite, 1 API", () => examDay({ ...short, provider: "sqlite" }, "web"));
if (process.env.TEST_DATABASE_URL_POSTGRES) {
  await record("exam day, PostgreSQL, 2 APIs", () => examDay({ ...short, provider: "postgresql" }, "web"));
} else {
  console.log("exam day on PostgreSQL skipped: set TEST_DATABASE_URL_POSTGRES");
}
await record("sign-in abuse with the real limits", () => signInAbuse({ students: 202 }));
await record("upload during an exam, SQLite, 1 API", () =>
  uploadDuringExam({
    ...short,
    provider: "sqlite",
    students: 200,
    durationSeconds: 45,
    packageBytes: 20 * 1024 * 1024,
    bombBytes: 1024 * 1024 * 1024,
    buildCpuSeconds: 30,
    uploads: true,
  }),
);
await record("crash: SIGKILL during an exam", () =>
  crashTest({ students: 40, questions: 8, kills: 6, durationSeconds: 30 }),
);

await record("crash: SIGKILL during the overdue sweep", () =>
  sweepCrashTest({ students: 200, questions: 8, kills: 2 }),
);

await record("crash: SIGKILL between grades and their learning data", () =>
  learningCrashTest({ students: 200, questions: 8, kills: 2 }),
);

mkdirSync(".test-results", { recursive: true });
writeFileSync(".test-results/load.json", JSON.stringify(results, null, 2));
const failed = results.filter((r) => !r.passed).length;
console.log(`load and fault: ${results.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
