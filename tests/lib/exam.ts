import { createHmac, randomBytes } from "node:crypto";
import { mkdtempSync, readFileSync } from "node:fs";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import {
  createAuth,
  createDb,
  createScratchPostgres,
  type Db,
  migrateDatabase,
  parseDatabaseUrl,
  quietAuthContext,
  readEnv,
  seedDemo,
  sessionCookieName,
  someResponse,
  startAttempt,
} from "@groundwork/api/testing";
import { createRng } from "@groundwork/quiz-engine";
import { ApiClient, answerFor, percentile } from "./client.ts";

/** A run's session token per student: unguessable to anyone without the run's random part. */
const runSecret = randomBytes(16).toString("hex");
const tokenOf = (userId: string) => createHmac("sha256", runSecret).update(userId).digest("hex").slice(0, 32);

export interface ExamConfig {
  provider: "sqlite" | "postgresql";
  students: number;
  questions: number;
  /** Seconds from the first start to the deadline. */
  durationSeconds: number;
  /** Seconds over which the class presses "start". */
  startWindowSeconds: number;
  /** Seconds before the deadline in which everybody submits. */
  submitWindowSeconds: number;
}

/** A fresh database for a run: a temporary SQLite file, or a new PostgreSQL database. */
export async function createRunDatabase(
  provider: "sqlite" | "postgresql",
): Promise<{ url: string; drop(): Promise<void> }> {
  if (provider === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "groundwork-exam-"));
    return { url: `file:${join(dir, "exam.db")}`, drop: async () => {} };
  }
  return createScratchPostgres("gw_exam");
}

export interface PreparedExam {
  db: Db;
  assignmentId: string;
  /** Each student's account, and the session cookie of a sign-in made for them beforehand. */
  students: Array<{ email: string; password: string; cookie: string }>;
}

/**
 * Migrates and seeds, then adds the class: N students with one precomputed password hash (hashing
 * 500 passwords would measure scrypt, not exam day), enrolled, each already signed in (a session row
 * and its signed cookie, as better-auth writes them: 5,000 sign-ins would be ten minutes of scrypt
 * here; load/sign-in-abuse.ts measures sign-in), and a quiz of Q questions due at the end of the exam.
 */
export async function prepareExam(url: string, config: ExamConfig, examStart: Date): Promise<PreparedExam> {
  const target = parseDatabaseUrl(url);
  await migrateDatabase(target);
  const db = createDb(target, { poolSize: 5 });
  const env = readEnv({ NODE_ENV: "test", DATABASE_URL: url });
  const auth = createAuth(db, env);
  await seedDemo(db, auth, new Date());
  const context = await auth.$context;
  const password = "exam-day-password";
  const hash = await context.password.hash(password);
  const instructor = await db.read.user.findUniqueOrThrow({
    where: { email: "instructor@groundwork.test" },
    select: { id: true },
  });
  const klass = await db.write((c) =>
    c.class.create({
      data: {
        name: "Exam day",
        instructorId: instructor.id,
        inviteCode: randomBytes(6).toString("hex").toUpperCase(),
      },
      select: { id: true },
    }),
  );
  const now = new Date();
  const users = Array.from({ length: config.students }, (_, i) => ({
    id: `exam-student-${i}`,
    name: `Exam Student ${i}`,
    email: `exam-${i}@example.test`,
    role: "student",
    createdAt: now,
    updatedAt: now,
  }));
  for (let i = 0; i < users.length; i += 200) {
    const chunk = users.slice(i, i + 200);
    await db.write((c) => c.user.createMany({ data: chunk }));
    await db.write((c) =>
      c.account.createMany({
        data: chunk.map((u) => ({
          id: `acct-${u.id}`,
          accountId: u.id,
          providerId: "credential",
          userId: u.id,
          password: hash,
          createdAt: now,
          updatedAt: now,
        })),
      }),
    );
    await db.write((c) =>
      c.enrolment.createMany({ data: chunk.map((u) => ({ classId: klass.id, userId: u.id })) }),
    );
    await db.write((c) =>
      c.session.createMany({
        data: chunk.map((u) => ({
          id: `session-${u.id}`,
          token: tokenOf(u.id),
          userId: u.id,
          expiresAt: new Date(now.getTime() + 7 * 86_400_000),
          createdAt: now,
          updatedAt: now,
        })),
      }),
    );
  }
  const lessons = await db.read.question.groupBy({
    by: ["lessonKey"],
    where: { variant: 0, status: { not: "rejected" }, version: { status: "published" } },
    _count: { key: true },
    orderBy: { _count: { key: "desc" } },
  });
  const lessonKey = lessons[0]?.lessonKey;
  const lesson = await db.read.lesson.findFirstOrThrow({
    where: { key: lessonKey, course: { version: { status: "published" } } },
    select: { id: true },
  });
  const assignment = await db.write((c) =>
    c.assignment.create({
      data: {
        classId: klass.id,
        lessonId: lesson.id,
        title: "Exam day quiz",
        opensAt: new Date(examStart.getTime() - 60_000),
        dueAt: new Date(examStart.getTime() + config.durationSeconds * 1000),
        attemptsAllowed: 1,
        feedbackPolicy: "after_due",
        questionCount: config.questions,
      },
      select: { id: true },
    }),
  );
  const cookieOf = (userId: string) => {
    const token = tokenOf(userId);
    const signature = createHmac("sha256", env.AUTH_SECRET).update(token).digest("base64");
    return `${sessionCookieName}=${encodeURIComponent(`${token}.${signature}`)}`;
  };
  // Hashing the password ran better-auth, whose request state turned Node's promise hooks on for the
  // whole process: off again, or every promise of the load generator pays for them.
  quietAuthContext();
  return {
    db,
    assignmentId: assignment.id,
    students: users.map((u) => ({ email: u.email, password, cookie: cookieOf(u.id) })),
  };
}

/**
 * CPU time (user + system) a process has used so far, in ms, from /proc (0 where there is none, or
 * the process is gone). Time on the CPU is what a run costs whatever else the machine is doing,
 * so it compares runs on a shared machine better than latencies do.
 */
export function processCpuMs(pid: number | undefined): number {
  if (pid === undefined) return 0;
  try {
    const stat = readFileSync(`/proc/${pid}/stat`, "utf8");
    // Fields after the command name (which may hold spaces) in parentheses: utime and stime are 14 and 15.
    const fields = stat.slice(stat.lastIndexOf(")") + 2).split(" ");
    return (Number(fields[11]) + Number(fields[12])) * 10; // USER_HZ is 100 on Linux
  } catch {
    return 0;
  }
}

export interface Acknowledged {
  attemptQuestionId: string;
  revision: number;
}

export interface ExamOutcome {
  startLatencies: number[];
  saveLatencies: number[];
  submitLatencies: number[];
  errors: string[];
  acknowledged: Acknowledged[];
  attemptIds: Set<string>;
  submitted: number;
  /** Saves refused because the deadline had passed (only counted in retry mode). */
  lateRefusals: number;
  /** When the class started (later than planned when sign-in ran over, with `reschedule`). */
  examStart: number;
  /** CPU the load generator itself used from the start to the last submit, and the time that took. */
  generatorCpuMs: number;
  /** The load generator's CPU from the start until every student had their questions. */
  generatorStartCpuMs: number;
  generatorWallMs: number;
}

const sleep = (ms: number) => new Promise((resolve) => setTimeout(resolve, Math.max(0, ms)));
const time = async <T>(list: number[], work: () => Promise<T>): Promise<T> => {
  const started = performance.now();
  try {
    return await work();
  } finally {
    list.push(performance.now() - started);
  }
};

/**
 * Runs the class: each student, signed in beforehand, starts within the start window, answers with
 * think time (changing one answer), and submits in the last seconds. `origins` rotate per student.
 * `retry` retries requests that failed to connect (for the crash test). With `reschedule`, an exam
 * whose sign-in ran past its start (scrypt for thousands of students) is moved to just after it,
 * opening and due date with it, so the exam itself keeps its shape.
 */
export async function runExam(
  origins: string[],
  prepared: PreparedExam,
  config: ExamConfig,
  examStart: number,
  options: {
    retry?: boolean;
    rng?: () => number;
    reschedule?: boolean;
    /** Called once every student has started and read their questions (or failed trying). */
    onStarted?: () => void;
    /** Stop each student once they have their questions: the start phase alone, for its cost. */
    startOnly?: boolean;
  } = {},
): Promise<ExamOutcome> {
  const rng = options.rng ?? createRng(20261125);
  const outcome: ExamOutcome = {
    startLatencies: [],
    saveLatencies: [],
    submitLatencies: [],
    errors: [],
    acknowledged: [],
    attemptIds: new Set(),
    submitted: 0,
    lateRefusals: 0,
    examStart,
    generatorCpuMs: 0,
    generatorStartCpuMs: 0,
    generatorWallMs: 0,
  };
  const withRetry = async <T>(work: () => Promise<T>): Promise<T> => {
    for (let tries = 0; ; tries++) {
      try {
        return await work();
      } catch (error) {
        const status = (error as { status?: number }).status;
        const network = status === undefined || status === 502 || status === 503;
        if (!options.retry || !network || tries > 200) throw error;
        await sleep(100);
      }
    }
  };

  const clients = prepared.students.map((s, i) => {
    const client = new ApiClient(origins[i % origins.length] ?? "", `10.9.${i >> 8}.${i & 255}`);
    client.cookie = s.cookie;
    return client;
  });
  if (options.reschedule && Date.now() > examStart - 3000) {
    examStart = Date.now() + 3000;
    outcome.examStart = examStart;
    await prepared.db.write((c) =>
      c.assignment.update({
        where: { id: prepared.assignmentId },
        data: {
          opensAt: new Date(examStart - 60_000),
          dueAt: new Date(examStart + config.durationSeconds * 1000),
        },
        select: { id: true },
      }),
    );
  }
  const deadline = examStart + config.durationSeconds * 1000;
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  let toStart = clients.length;
  const started = () => {
    if (--toStart > 0) return;
    const cpu = process.cpuUsage(cpuBefore);
    outcome.generatorStartCpuMs = (cpu.user + cpu.system) / 1000;
    options.onStarted?.();
  };

  await Promise.all(
    clients.map(async (client, i) => {
      let hasStarted = false;
      const countStarted = () => {
        if (!hasStarted) {
          hasStarted = true;
          started();
        }
      };
      try {
        await sleep(examStart + rng() * config.startWindowSeconds * 1000 - Date.now());
        const attempt = await time(outcome.startLatencies, () =>
          withRetry(() =>
            client.mutate<{ id: string }>("attempt.start", { assignmentId: prepared.assignmentId }),
          ),
        );
        outcome.attemptIds.add(attempt.id);
        const view = await withRetry(() =>
          client.query<{ questions: Array<{ attemptQuestionId: string; question: { type: string } }> }>(
            "attempt.byId",
            { attemptId: attempt.id },
          ),
        ).finally(countStarted);
        if (options.startOnly) return;
        const submitAt = deadline - (0.5 + rng() * (config.submitWindowSeconds - 1)) * 1000;
        const answerUntil = deadline - config.submitWindowSeconds * 1000;
        // Think times vary (0.5x to 1.5x) but are scaled to end before the submit window, as a
        // student answers every question and then waits to submit.
        const weights = view.questions.map(() => 0.5 + rng());
        const budget = Math.max(0, answerUntil - Date.now()) * 0.95;
        const unit =
          budget /
          Math.max(
            1,
            weights.reduce((sum, w) => sum + w, 0),
          );
        const think = budget / Math.max(1, view.questions.length);
        for (const [n, q] of view.questions.entries()) {
          await sleep(Math.max(20, unit * (weights[n] ?? 1)));
          if (options.retry && Date.now() > deadline) break; // crashes cost this student their time
          const body = {
            attemptId: attempt.id,
            attemptQuestionId: q.attemptQuestionId,
            response: answerFor(q.question),
            expectedRevision: 0,
            timeOnQuestionMs: Math.round(think),
          };
          const saved = await time(outcome.saveLatencies, () =>
            withRetry(() => client.mutate<{ revision: number }>("attempt.save", body)).catch(
              async (error) => {
                // After a crash a save may have been stored without its answer reaching us: it is then
                // acknowledged by the stale-save refusal on retry. Read the stored revision instead.
                if (options.retry && (error as { status?: number }).status === 409) return { revision: 1 };
                // Time ran out while the API restarted: refused with a clear message, as a student would see it.
                if (options.retry && (error as { status?: number }).status === 412) return null;
                throw error;
              },
            ),
          );
          if (!saved) {
            outcome.lateRefusals++;
            break;
          }
          outcome.acknowledged.push({ attemptQuestionId: q.attemptQuestionId, revision: saved.revision });
          if (n === 0) {
            // A change of mind: the second save must carry the revision the first returned.
            const again = await time(outcome.saveLatencies, () =>
              withRetry(() =>
                client.mutate<{ revision: number }>("attempt.save", {
                  ...body,
                  expectedRevision: saved.revision,
                }),
              ).catch((error) => {
                if (options.retry && (error as { status?: number }).status === 409)
                  return { revision: saved.revision + 1 };
                throw error;
              }),
            );
            outcome.acknowledged.push({ attemptQuestionId: q.attemptQuestionId, revision: again.revision });
          }
        }
        await sleep(submitAt - Date.now());
        await time(outcome.submitLatencies, () =>
          withRetry(() => client.mutate("attempt.submit", { attemptId: attempt.id })),
        );
        outcome.submitted++;
      } catch (error) {
        countStarted();
        outcome.errors.push(`student ${i}: ${(error as Error).message}`);
      }
    }),
  );
  const cpu = process.cpuUsage(cpuBefore);
  outcome.generatorCpuMs = (cpu.user + cpu.system) / 1000;
  outcome.generatorWallMs = performance.now() - wallBefore;
  return outcome;
}

/** Checks the database against what the clients were told. */
export async function verifyExam(prepared: PreparedExam, outcome: ExamOutcome, students: number) {
  const db = prepared.db;
  const graded = await db.read.grade.count({ where: { attempt: { assignmentId: prepared.assignmentId } } });
  const attempts = await db.read.attempt.count({ where: { assignmentId: prepared.assignmentId } });
  const stored = await db.read.attemptResponse.findMany({
    where: { attempt: { assignmentId: prepared.assignmentId } },
    select: { attemptQuestionId: true, revision: true },
  });
  const revisionOf = new Map(stored.map((r) => [r.attemptQuestionId, r.revision]));
  const lost = outcome.acknowledged.filter((a) => (revisionOf.get(a.attemptQuestionId) ?? 0) < a.revision);
  return { graded, attempts, lost: lost.length, expectedStudents: students };
}

export function summarize(
  label: string,
  outcome: ExamOutcome,
  verdict: Awaited<ReturnType<typeof verifyExam>>,
) {
  const p = (list: number[], q: number) => Math.round(percentile(list, q));
  const checks = {
    "no errors": outcome.errors.length === 0,
    [`exactly ${verdict.expectedStudents} graded attempts`]:
      verdict.graded === verdict.expectedStudents && verdict.attempts === verdict.expectedStudents,
    "every acknowledged answer stored": verdict.lost === 0,
    "p95 start < 1 s": percentile(outcome.startLatencies, 95) < 1000,
    "p99 submit < 1 s": percentile(outcome.submitLatencies, 99) < 1000,
  };
  const lines = [
    `${label}: ${verdict.expectedStudents} students, ${outcome.acknowledged.length} acknowledged saves, ${verdict.graded} graded attempts, ${outcome.errors.length} errors, ${verdict.lost} lost answers`,
    `  start  p50 ${p(outcome.startLatencies, 50)} ms, p95 ${p(outcome.startLatencies, 95)} ms, p99 ${p(outcome.startLatencies, 99)} ms`,
    `  save   p50 ${p(outcome.saveLatencies, 50)} ms, p95 ${p(outcome.saveLatencies, 95)} ms, p99 ${p(outcome.saveLatencies, 99)} ms`,
    `  submit p50 ${p(outcome.submitLatencies, 50)} ms, p95 ${p(outcome.submitLatencies, 95)} ms, p99 ${p(outcome.submitLatencies, 99)} ms`,
    `  load generator: ${Math.round(outcome.generatorCpuMs / 1000)} s CPU over the ${Math.round(outcome.generatorWallMs / 1000)} s exam (${Math.round((100 * outcome.generatorCpuMs) / Math.max(1, outcome.generatorWallMs))}% of one core); load average ${loadavg()
      .map((l) => l.toFixed(1))
      .join(" ")}`,
    ...checkLines(checks),
    ...outcome.errors.slice(0, 5).map((e) => `  error: ${e}`),
  ];
  return { passed: Object.values(checks).every(Boolean), text: lines.join("\n") };
}

/** One "  PASS name" or "  FAIL name" line per check, as every load and fault report prints them. */
export function checkLines(checks: Record<string, boolean>): string[] {
  return Object.entries(checks).map(([name, ok]) => `  ${ok ? "PASS" : "FAIL"} ${name}`);
}

export async function mapLimit<T, R>(
  items: T[],
  limit: number,
  work: (item: T, index: number) => Promise<R>,
): Promise<R[]> {
  const results: R[] = new Array(items.length);
  let next = 0;
  await Promise.all(
    Array.from({ length: Math.min(limit, items.length) }, async () => {
      while (next < items.length) {
        const i = next++;
        results[i] = await work(items[i] as T, i);
      }
    }),
  );
  return results;
}

/**
 * For the crash tests: a SQLite exam whose every student has started an attempt and saved an answer to
 * each of its questions (`someResponse`) at `now`. The attempts are left in progress.
 */
export async function answeredExam(options: { students: number; questions: number }) {
  const config: ExamConfig = {
    provider: "sqlite",
    students: options.students,
    questions: options.questions,
    durationSeconds: 600,
    startWindowSeconds: 0,
    submitWindowSeconds: 0,
  };
  const database = await createRunDatabase("sqlite");
  const prepared = await prepareExam(database.url, config, new Date());
  const { db } = prepared;
  const users = await db.read.user.findMany({
    where: { email: { in: prepared.students.map((s) => s.email) } },
    select: { id: true },
  });
  const now = new Date();
  const attemptIds: string[] = [];
  for (const user of users) {
    const attempt = await startAttempt(db, { userId: user.id, assignmentId: prepared.assignmentId, now });
    attemptIds.push(attempt.id);
  }
  const questions = await db.read.attemptQuestion.findMany({
    where: { attempt: { assignmentId: prepared.assignmentId } },
    select: { id: true, attemptId: true, snapshot: true },
  });
  await db.write((c) =>
    c.attemptResponse.createMany({
      data: questions.map((q) => ({
        attemptId: q.attemptId,
        attemptQuestionId: q.id,
        value: someResponse(q.snapshot as Parameters<typeof someResponse>[0]) as never,
        savedAt: now,
        timeOnQuestionMs: 5000,
      })),
    }),
  );
  return { database, prepared, db, now, attemptIds };
}
