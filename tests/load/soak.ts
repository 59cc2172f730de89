/**
 * `pnpm test:soak`: the long forms. Exam day for 500 students (20 questions, 90 s) and for twice that,
 * on SQLite with one API process and on PostgreSQL with two, through the web origin; then the crash
 * test with 200 students and 20 kills. Prints every figure; exits non-zero when a check fails. The
 * pass line is set for 500 students; at twice the load the same checks are printed as figures, and a
 * miss there is reported, not counted as a failure.
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
  const providers = process.env.TEST_DATABASE_URL_POSTGRES
    ? (["sqlite", "postgresql"] as const)
    : (["sqlite"] as const);
  for (const provider of providers) {
    const run = await examDay({ ...base, provider }, "web");
    if (students === 500) runs.push(run);
    console.log(students === 500 ? run.text : `twice the load (reported, not pass/fail):\n${run.text}`);
  }
}
runs.push(await crashTest({ students: 200, questions: 10, kills: 20, durationSeconds: 90 }));
console.log(runs.at(-1)?.text);
const failed = runs.filter((r) => !r.passed).length;
console.log(`soak: ${runs.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
