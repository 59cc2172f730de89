/**
 * `pnpm test:soak`: the long forms. Exam day for 500 students (20 questions, 90 s) and for twice that,
 * on SQLite with one API process and on PostgreSQL with two, through the web origin; then the crash
 * test with 200 students and 20 kills. Prints every figure; exits non-zero when a check fails.
 */
import { crashTest } from "../fault/crash.ts";
import { examDay } from "./exam-day.ts";

const runs: Array<{ passed: boolean; text: string }> = [];
for (const students of [500, 1000]) {
  const base = {
    students,
    questions: 20,
    durationSeconds: 90,
    startWindowSeconds: 5,
    submitWindowSeconds: 10,
  };
  runs.push(await examDay({ ...base, provider: "sqlite" }, "web"));
  console.log(runs.at(-1)?.text);
  if (process.env.TEST_DATABASE_URL_POSTGRES) {
    runs.push(await examDay({ ...base, provider: "postgresql" }, "web"));
    console.log(runs.at(-1)?.text);
  }
}
runs.push(await crashTest({ students: 200, questions: 10, kills: 20, durationSeconds: 90 }));
console.log(runs.at(-1)?.text);
const failed = runs.filter((r) => !r.passed).length;
console.log(`soak: ${runs.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
