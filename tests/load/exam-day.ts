/**
 * Exam day: a whole class presses "start" within seconds, answers with think time, and submits in the
 * last seconds before the deadline; the overdue sweep runs at the deadline. Bounded in count and time,
 * it stops by itself and exits non-zero when a check fails.
 *
 *   tsx load/exam-day.ts --provider sqlite --students 500          (one API process)
 *   tsx load/exam-day.ts --provider postgresql --students 500      (two API processes)
 * Options: --questions 20 --duration 90 --via web|api (default web: through the web origin's /api proxy)
 *   --apis N: N API processes instead (SQLite's writes then go through N writers).
 *   --start-only: only the start phase (start and read the questions, no answers), reporting its CPU
 *   per student for each process class: the load-independent figure to compare changes by.
 */
import { existsSync } from "node:fs";
import { loadavg } from "node:os";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { percentile } from "../lib/client.ts";
import {
  checkLines,
  createRunDatabase,
  type ExamConfig,
  prepareExam,
  processCpuMs,
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
    "start-only": { type: "boolean", default: false },
    apis: { type: "string" },
  },
});

export async function examDay(
  config: ExamConfig,
  via: "web" | "api",
  options: { startOnly?: boolean; apiCount?: number } = {},
): Promise<{ passed: boolean; text: string }> {
  const database = await createRunDatabase(config.provider);
  // Rescheduled after the servers are up if preparing took longer (runExam, `reschedule`).
  const examStart = new Date(Date.now() + 20_000);
  const prepared = await prepareExam(database.url, config, examStart);
  const apiCount = options.apiCount ?? (config.provider === "postgresql" ? 2 : 1);
  const apis: Array<Awaited<ReturnType<typeof startApi>>> = [];
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
    // CPU per process class at three moments: before the first start, once every student has their
    // questions (the start phase), and after the last submit. PostgreSQL's backends come and go with
    // the API pools, so they are followed every second and each one's last reading counts.
    const backends = new Map<number, { first: number; last: number }>();
    const followBackends = async () => {
      if (config.provider !== "postgresql") return;
      const rows = await prepared.db.read.$queryRaw<Array<{ pid: number }>>`
        SELECT pid FROM pg_stat_activity WHERE datname = current_database() AND pid <> pg_backend_pid()`;
      for (const { pid } of rows) {
        const now = processCpuMs(pid);
        const known = backends.get(pid);
        if (known) known.last = Math.max(known.last, now);
        else backends.set(pid, { first: now, last: now });
      }
    };
    await followBackends();
    const following = setInterval(() => void followBackends().catch(() => undefined), 1000);
    const cpu = () => {
      for (const [pid, known] of backends) known.last = Math.max(known.last, processCpuMs(pid));
      return {
        api: apis.reduce((sum, api) => sum + processCpuMs(api.pid), 0),
        web: processCpuMs(web?.pid),
        database: [...backends.values()].reduce((sum, b) => sum + b.last - b.first, 0),
        at: Date.now(),
      };
    };
    const before = cpu();
    let afterStart = before;
    const outcome = await runExam(origins, prepared, config, examStart.getTime(), {
      reschedule: true,
      startOnly: options.startOnly,
      onStarted: () => {
        afterStart = cpu();
      },
    });
    clearInterval(following);
    const after = cpu();
    const perStudent = (ms: number) => (ms / config.students).toFixed(2);
    const startCpu = {
      api: afterStart.api - before.api,
      web: afterStart.web - before.web,
      database: afterStart.database - before.database,
      generator: outcome.generatorStartCpuMs,
    };
    const startCpuLine = `  CPU per student, start phase: API ${perStudent(startCpu.api)} ms, web ${perStudent(startCpu.web)} ms${
      config.provider === "postgresql" ? `, PostgreSQL ${perStudent(startCpu.database)} ms` : ""
    }, load generator ${perStudent(startCpu.generator)} ms; total ${perStudent(
      startCpu.api + startCpu.web + startCpu.database + startCpu.generator,
    )} ms`;
    if (options.startOnly) {
      const p = (q: number) => Math.round(percentile(outcome.startLatencies, q));
      const checks = {
        "no errors": outcome.errors.length === 0,
        "p95 start < 1 s": percentile(outcome.startLatencies, 95) < 1000,
      };
      return {
        passed: Object.values(checks).every(Boolean),
        text: [
          `start phase only on ${config.provider}, ${apiCount} API process(es), via ${via}: ${config.students} students, ${outcome.errors.length} errors; load average ${loadavg()
            .map((l) => l.toFixed(1))
            .join(" ")}`,
          `  start  p50 ${p(50)} ms, p95 ${p(95)} ms, p99 ${p(99)} ms`,
          startCpuLine,
          ...checkLines(checks),
          ...outcome.errors.slice(0, 5).map((e) => `  error: ${e}`),
        ].join("\n"),
      };
    }
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
    const seconds = (ms: number) => (ms / 1000).toFixed(1);
    const spent = (from: typeof before, to: typeof before) =>
      `API ${seconds(to.api - from.api)} s, web ${seconds(to.web - from.web)} s${
        config.provider === "postgresql" ? `, PostgreSQL ${seconds(to.database - from.database)} s` : ""
      }`;
    // The start phase's API CPU per student is the figure to compare between runs on a busy machine.
    const cpuLine = `  CPU: start phase (${seconds(afterStart.at - outcome.examStart)} s until all had their questions) ${spent(before, afterStart)} (API ${((afterStart.api - before.api) / config.students).toFixed(2)} ms per student); whole exam ${spent(before, after)}`;
    const [head, ...rest] = summary.text.split("\n");
    return {
      passed: summary.passed && sweepOk,
      text: [head, ...rest.slice(0, 4), cpuLine, startCpuLine, ...rest.slice(4)]
        .join("\n")
        .concat(`\n  ${sweepOk ? "PASS" : "FAIL"} no attempt left open after the deadline sweep`),
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
  const result = await examDay(config, values.via === "api" ? "api" : "web", {
    startOnly: values["start-only"],
    ...(values.apis ? { apiCount: Number(values.apis) } : {}),
  });
  console.log(result.text);
  process.exit(result.passed ? 0 : 1);
}
