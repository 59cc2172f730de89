/**
 * Exam day: a whole class presses "start" within seconds, answers with think time, and submits in the
 * last seconds before the deadline; the overdue sweep runs at the deadline. Bounded in count and time,
 * it stops by itself and exits non-zero when a check fails.
 *
 *   tsx load/exam-day.ts --provider sqlite --students 500          (one API process)
 *   tsx load/exam-day.ts --provider postgresql --students 500      (two API processes)
 * Options: --questions 20 --duration 90 --via web|api (default web: through the web origin's /api proxy)
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import {
  createRunDatabase,
  type ExamConfig,
  prepareExam,
  runExam,
  summarize,
  verifyExam,
} from "../lib/exam.ts";
import { repoRoot, startApi, startWeb, stop } from "../lib/servers.ts";

const { values } = parseArgs({
  options: {
    provider: { type: "string", default: "sqlite" },
    students: { type: "string", default: "500" },
    questions: { type: "string", default: "20" },
    duration: { type: "string", default: "90" },
    via: { type: "string", default: "web" },
  },
});

export async function examDay(
  config: ExamConfig,
  via: "web" | "api",
): Promise<{ passed: boolean; text: string }> {
  const database = await createRunDatabase(config.provider);
  // Rescheduled after the servers are up if preparing took longer (runExam, `reschedule`).
  const examStart = new Date(Date.now() + 20_000);
  const prepared = await prepareExam(database.url, config, examStart);
  const apiCount = config.provider === "postgresql" ? 2 : 1;
  const apis = [];
  let web: Awaited<ReturnType<typeof startWeb>> | undefined;
  try {
    for (let i = 0; i < apiCount; i++) {
      apis.push(
        await startApi({
          port: 4301 + i,
          databaseUrl: database.url,
          core: i % 2,
          env: { DATABASE_POOL_SIZE: "10" },
        }),
      );
    }
    const apiOrigins = apis.map((_, i) => `http://127.0.0.1:${4301 + i}`);
    let origins = apiOrigins;
    if (via === "web") {
      if (!existsSync(join(repoRoot, "apps/web/.next/BUILD_ID")))
        throw new Error("build the web app first: pnpm --filter @groundwork/web build");
      // The load generator sends each student's address as X-Forwarded-For, as a load balancer would.
      web = await startWeb({ port: 4300, apiOrigins, env: { TRUST_PROXY: "1" } });
      origins = ["http://127.0.0.1:4300"];
    }
    const outcome = await runExam(origins, prepared, config, examStart.getTime(), { reschedule: true });
    // The deadline: let every API's overdue sweep run once past it.
    await new Promise((resolve) =>
      setTimeout(
        resolve,
        Math.max(0, outcome.examStart + config.durationSeconds * 1000 - Date.now()) + 8_000,
      ),
    );
    const verdict = await verifyExam(prepared, outcome, config.students);
    const overdue = await prepared.db.read.attempt.count({
      where: { assignmentId: prepared.assignmentId, state: { in: ["in_progress", "overdue"] } },
    });
    const summary = summarize(
      `exam day on ${config.provider}, ${apiCount} API process(es), via ${via}, ${config.questions} questions, ${config.durationSeconds} s`,
      outcome,
      verdict,
    );
    const sweepOk = overdue === 0;
    return {
      passed: summary.passed && sweepOk,
      text: `${summary.text}\n  ${sweepOk ? "PASS" : "FAIL"} no attempt left open after the deadline sweep`,
    };
  } finally {
    await stop(web);
    for (const api of apis) await stop(api);
    await prepared.db.close();
    await database.drop();
  }
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const config: ExamConfig = {
    provider: values.provider === "postgresql" ? "postgresql" : "sqlite",
    students: Number(values.students),
    questions: Number(values.questions),
    durationSeconds: Number(values.duration),
    startWindowSeconds: 5,
    submitWindowSeconds: 10,
  };
  const result = await examDay(config, values.via === "api" ? "api" : "web");
  console.log(result.text);
  process.exit(result.passed ? 0 : 1);
}
