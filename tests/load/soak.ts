/**
 * `pnpm test:soak`: the long forms. Exam day for 2,000 students (20 questions, 90 s) and for 5,000,
 * on SQLite with one API process and on PostgreSQL with two, through the web origin; then the crash
 * test with 200 students and 20 kills, and the crash between grades and their learning data. Prints
 * every figure; exits non-zero when a check fails. The pass line is set for 2,000 students; at 5,000
 * (the next target) the same checks are printed as figures, and a miss there is reported, not counted
 * as a failure. `SOAK_STUDENTS=500,1000` runs other sizes (the first is the pass line);
 * `SOAK_PROVIDERS=postgresql` one database only. One exam-day run on its own, without the crash tests:
 * `tsx load/exam-day.ts --provider postgresql --students 2000` (it prints the same report).
 */
import { crashTest } from "../fault/crash.ts";
import { learningCrashTest } from "../fault/learning-crash.ts";
import { examDay } from "./exam-day.ts";

const runs: Array<{ passed: boolean; text: string }> = [];
const sizes = (process.env.SOAK_STUDENTS ?? "2000,5000").split(",").map(Number);
for (const students of sizes) {
  const base = {
    students,
    questions: 20,
    durationSeconds: 90,
    startWindowSeconds: 5,
    submitWindowSeconds: 10,
  };
  const available = process.env.TEST_DATABASE_URL_POSTGRES
    ? (["sqlite", "postgresql"] as const)
    : (["sqlite"] as const);
  const chosen = process.env.SOAK_PROVIDERS?.split(",");
  const providers = available.filter((p) => !chosen || chosen.includes(p));
  for (const provider of providers) {
    const run = await examDay({ ...base, provider }, "web");
    if (students === sizes[0]) runs.push(run);
    console.log(students === sizes[0] ? run.text : `the next target (reported, not pass/fail):\n${run.text}`);
  }
}
runs.push(await crashTest({ students: 200, questions: 10, kills: 20, durationSeconds: 90 }));
console.log(runs.at(-1)?.text);
runs.push(await learningCrashTest({ students: 500, questions: 10, kills: 3 }));
console.log(runs.at(-1)?.text);
const failed = runs.filter((r) => !r.passed).length;
console.log(`soak: ${runs.length - failed} passed, ${failed} failed`);
process.exit(failed ? 1 : 0);
