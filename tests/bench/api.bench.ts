/**
 * API benchmarks with autocannon on 127.0.0.1: the server on core 0, this load generator on core 1,
 * a warm-up, then interleaved runs of each scenario and its baseline; medians and spread.
 *   pnpm --filter @groundwork/tests bench:api          (BENCH_RUNS=5 BENCH_SECONDS=5 to lengthen)
 */
import { spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { cpus, tmpdir } from "node:os";
import { join } from "node:path";
import {
  createAuth,
  createDb,
  ensureUser,
  migrateDatabase,
  parseDatabaseUrl,
  readEnv,
  seedDemo,
  startAttempt,
} from "@groundwork/api/testing";
import autocannon from "autocannon";
import { ApiClient, answerFor } from "../lib/client.ts";
import { hasTaskset, repoRoot, spawnNode, startApi, stop, waitForHttp } from "../lib/servers.ts";

if (hasTaskset && !process.env.BENCH_PINNED) {
  const result = spawnSync(
    "taskset",
    ["-c", "1", process.execPath, ...process.execArgv, ...process.argv.slice(1)],
    {
      stdio: "inherit",
      env: { ...process.env, BENCH_PINNED: "1" },
    },
  );
  process.exit(result.status ?? 1);
}

const runs = Number(process.env.BENCH_RUNS ?? 3);
const secondsPerRun = Number(process.env.BENCH_SECONDS ?? 3);
/** Answer saves are first saves (inserts): enough fresh slots for every save run at up to this rate. */
const maxSaveRate = Number(process.env.BENCH_MAX_SAVE_RATE ?? 10_000);
const connections = 16;
const apiPort = 4101;
const baselinePort = 4102;
const api = `http://127.0.0.1:${apiPort}`;
const baseline = `http://127.0.0.1:${baselinePort}`;

const dir = mkdtempSync(join(tmpdir(), "groundwork-bench-"));
const databaseUrl = `file:${join(dir, "bench.db")}`;

console.error("bench: building the API and preparing the database…");
spawnSync("pnpm", ["--filter", "@groundwork/api", "build"], { cwd: repoRoot, stdio: "ignore" });
const target = parseDatabaseUrl(databaseUrl);
await migrateDatabase(target);
{
  const db = createDb(target);
  await seedDemo(db, createAuth(db, readEnv({ NODE_ENV: "test", DATABASE_URL: databaseUrl })), new Date());
  await db.close();
}

const apiProcess = await startApi({ port: apiPort, databaseUrl, core: 0 });
const baselineProcess = spawnNode([join(repoRoot, "tests/bench/baseline-server.mjs")], {
  core: 0,
  quiet: true,
  env: { PORT: String(baselinePort), BASELINE_DB: join(dir, "baseline.db") },
});
await waitForHttp(`${baseline}/json`, baselineProcess);

try {
  const instructor = new ApiClient(api, "10.0.0.1");
  await instructor.signIn("instructor@groundwork.test", "groundwork-demo");
  const [demoClass] = await instructor.query<Array<{ id: string }>>("class.list");
  const student = new ApiClient(api, "10.0.0.2");
  await student.signIn("student@groundwork.test", "groundwork-demo");
  const [course] = await student.query<Array<{ id: string }>>("course.list");
  const detail = await student.query<{ lessons: Array<{ id: string }> }>("course.byId", {
    courseId: course?.id,
  });
  const lessonId = detail.lessons[0]?.id ?? "";

  // Slots for answer saves: each save is a first save (an insert), as in the baseline. The attempts
  // are opened in-process (the same domain function attempt.start runs), not timed.
  console.error("bench: opening attempts for the save benchmark…");
  const needed = maxSaveRate * secondsPerRun * (runs + 1);
  const assignmentsPerStudent = 40;
  const slots: Array<{ cookie: string; body: string }> = [];
  const opens = new Date(Date.now() - 60_000);
  const due = new Date(Date.now() + 86_400_000);
  const env = readEnv({ NODE_ENV: "test", DATABASE_URL: databaseUrl });
  const db = createDb(target);
  const auth = createAuth(db, env);
  const classId = demoClass?.id ?? "";
  // Every bench assignment is on the lesson the seed assigns (the one with the most usable facts):
  // another lesson may have too few questions to start an attempt.
  const seeded = await db.read.assignment.findFirst({ where: { classId }, select: { lessonId: true } });
  const quizLessonId = seeded?.lessonId ?? lessonId;
  const benchAssignments = await Promise.all(
    Array.from({ length: assignmentsPerStudent }, (_, a) =>
      db.write((c) =>
        c.assignment.create({
          data: {
            classId,
            lessonId: quizLessonId,
            title: `Bench ${a}`,
            opensAt: opens,
            dueAt: due,
            questionCount: 20,
          },
          select: { id: true },
        }),
      ),
    ),
  );
  for (let s = 0; slots.length < needed; s++) {
    const email = `bench-${s}@example.test`;
    const userId = await ensureUser(db, auth, {
      email,
      name: `Bench ${s}`,
      role: "student",
      password: "bench-password-1",
    });
    await db.write((c) => c.enrolment.create({ data: { classId, userId } }));
    const client = new ApiClient(api, `10.1.${s >> 8}.${s & 255}`);
    await client.signIn(email, "bench-password-1");
    for (const assignment of benchAssignments) {
      if (slots.length >= needed) break;
      const attempt = await startAttempt(db, { userId, assignmentId: assignment.id, now: new Date() });
      // Answers name the ids the student is shown (opaque per attempt), so they come from the view.
      const view = await client.query<{
        questions: Array<{ attemptQuestionId: string; question: { type: string } }>;
      }>("attempt.byId", { attemptId: attempt.id });
      for (const q of view.questions) {
        slots.push({
          cookie: client.cookie,
          body: JSON.stringify({
            attemptId: attempt.id,
            attemptQuestionId: q.attemptQuestionId,
            response: answerFor(q.question),
            expectedRevision: 0,
            timeOnQuestionMs: 3000,
          }),
        });
      }
    }
  }
  await db.close();

  // A class of 200 with a finished attempt each, for the gradebook.
  console.error("bench: a class of 200 for the gradebook…");
  const big = await instructor.mutate<{ id: string }>("class.create", { name: "Bench class of 200" });
  const bigDb = createDb(target);
  const ids = Array.from({ length: 200 }, (_, i) => `bench-big-${i}`);
  await bigDb.write((c) =>
    c.user.createMany({
      data: ids.map((id) => ({ id, name: `Student ${id}`, email: `${id}@example.test`, role: "student" })),
    }),
  );
  await bigDb.write((c) =>
    c.enrolment.createMany({ data: ids.map((userId) => ({ classId: big.id, userId })) }),
  );
  const bigAssignments = [];
  for (let a = 0; a < 5; a++) {
    bigAssignments.push(
      await instructor.mutate<{ id: string }>("assignment.create", {
        classId: big.id,
        lessonId,
        opensAt: opens,
        dueAt: due,
        questionCount: 10,
      }),
    );
  }
  await bigDb.write((c) =>
    c.attempt.createMany({
      data: bigAssignments.flatMap((as, a) =>
        ids.map((userId, i) => ({
          assignmentId: as.id,
          userId,
          number: 1,
          state: "finished",
          seed: i,
          startedAt: new Date(),
          deadlineAt: new Date(),
          finishedAt: new Date(),
          score: ((i * 7 + a * 13) % 100) / 100,
        })),
      ),
    }),
  );
  await bigDb.close();

  let slot = 0;
  const scenarios: Record<string, () => autocannon.Options> = {
    "bare node:http JSON": () => ({ url: `${baseline}/json` }),
    "tRPC trivial query (account.me)": () => ({ url: `${api}/api/trpc/account.me` }),
    "bare node:http + better-sqlite3 insert": () => ({
      url: `${baseline}/insert`,
      method: "POST",
      headers: { "content-type": "application/json" },
      body: slots[0]?.body,
    }),
    "tRPC attempt.save (SQLite)": () => ({
      url: `${api}/api/trpc/attempt.save`,
      requests: [
        {
          method: "POST",
          setupRequest: (req) => {
            const next = slots[slot++ % slots.length];
            return {
              ...req,
              headers: { ...req.headers, cookie: next?.cookie ?? "", "content-type": "application/json" },
              body: next?.body,
            };
          },
        },
      ],
    }),
    "student lesson page data (lesson.byId)": () => ({
      url: `${api}/api/trpc/lesson.byId?input=${encodeURIComponent(JSON.stringify({ lessonId }))}`,
      headers: { cookie: student.cookie },
    }),
    "instructor gradebook, class of 200": () => ({
      url: `${api}/api/trpc/assignment.gradebook?input=${encodeURIComponent(JSON.stringify({ classId: big.id }))}`,
      headers: { cookie: instructor.cookie },
    }),
  };

  // BENCH_ONLY=save,trivial runs only the scenarios whose names contain one of these (for profiling).
  const only = process.env.BENCH_ONLY?.split(",").filter(Boolean);
  if (only) {
    for (const name of Object.keys(scenarios)) {
      if (!only.some((part) => name.includes(part))) delete scenarios[name];
    }
  }

  const run = async (name: string, duration: number) => {
    const result = await autocannon({ connections, duration, ...scenarios[name]?.() });
    if (result.errors || result.non2xx) {
      throw new Error(`${name}: ${result.errors} errors, ${result.non2xx} non-2xx responses`);
    }
    if (slot > slots.length) throw new Error("ran out of fresh answer slots: raise BENCH_MAX_SAVE_RATE");
    return { ...result, rps: result.requests.total / duration };
  };

  console.error("bench: warm-up…");
  for (const name of Object.keys(scenarios)) await run(name, 1);

  const figures = new Map<string, Array<{ rps: number; p50: number; p99: number }>>();
  for (let r = 0; r < runs; r++) {
    const order = r % 2 === 0 ? Object.keys(scenarios) : Object.keys(scenarios).reverse();
    for (const name of order) {
      const result = await run(name, secondsPerRun);
      const list = figures.get(name) ?? [];
      list.push({ rps: result.rps, p50: result.latency.p50, p99: result.latency.p99 });
      figures.set(name, list);
    }
  }

  const median = (values: number[]) => {
    const s = [...values].sort((a, b) => a - b);
    return s[Math.floor(s.length / 2)] ?? Number.NaN;
  };
  const rpsOf = (name: string) => median((figures.get(name) ?? []).map((f) => f.rps));
  const ratio = (label: string, name: string, baselineName: string, target: number) =>
    figures.has(name) && figures.has(baselineName)
      ? [
          // Three decimals and a verdict, so that rounding never shows 0.028 as a met 0.03.
          `ratio ${label}: ${(rpsOf(name) / rpsOf(baselineName)).toFixed(3)} (target ≥ ${target}: ${rpsOf(name) / rpsOf(baselineName) >= target ? "met" : "MISSED"})`,
        ]
      : [];
  const lines = [
    `API on 127.0.0.1, ${runs} interleaved runs after a warm-up, ${connections} connections; server pinned to core 0, load to core 1 (${hasTaskset ? "taskset" : "not pinned: taskset missing"}); ${cpus()[0]?.model ?? "cpu"}.`,
    "",
    "| scenario | req/s median (min–max) | p50 ms | p99 ms |",
    "| --- | --- | --- | --- |",
    ...[...figures].map(([name, list]) => {
      const rps = list.map((f) => f.rps);
      return `| ${name} | ${Math.round(median(rps))} (${Math.round(Math.min(...rps))}–${Math.round(Math.max(...rps))}) | ${median(list.map((f) => f.p50))} | ${median(list.map((f) => f.p99))} |`;
    }),
    "",
    ...ratio(
      "tRPC trivial query / bare node:http",
      "tRPC trivial query (account.me)",
      "bare node:http JSON",
      0.5,
    ),
    ...ratio(
      "student lesson page / tRPC trivial query",
      "student lesson page data (lesson.byId)",
      "tRPC trivial query (account.me)",
      0.15,
    ),
    ...ratio(
      "gradebook of 200 / tRPC trivial query",
      "instructor gradebook, class of 200",
      "tRPC trivial query (account.me)",
      0.03,
    ),
    ...ratio(
      "attempt.save / bare better-sqlite3 insert",
      "tRPC attempt.save (SQLite)",
      "bare node:http + better-sqlite3 insert",
      0.4,
    ),
  ];
  console.log(lines.join("\n"));
} finally {
  await stop(apiProcess);
  await stop(baselineProcess);
  rmSync(dir, { recursive: true, force: true });
}
