import { randomUUID } from "node:crypto";
import { createRequire } from "node:module";
import { Worker } from "node:worker_threads";
import Database from "better-sqlite3";

/** A session and its user, as every authenticated request reads it. */
export interface SessionRecord {
  id: string;
  expiresAt: Date;
  user: { id: string; email: string; name: string; role: string; disabled: boolean };
}

/** What saving an answer needs to know about the question and its attempt. */
export interface SaveTarget {
  attemptQuestionId: string;
  /** The question as drawn, with its key, as JSON text. */
  snapshot: string;
  attemptId: string;
  userId: string;
  state: string;
  deadlineAt: Date;
  feedbackPolicy: string;
  /** The attempt's secret for the student's option ids (null for attempts from before it). */
  viewKey: string | null;
  /** The course version the question belongs to (for the other concepts' names, see grading.ts). */
  versionId: string;
}

/**
 * What became of an answer write: stored, refused as stale (another write got there first), or
 * refused because the attempt is no longer in progress (a submit or the sweep closed it).
 */
export type SaveOutcome = "saved" | "stale" | "closed";

/** One saved answer with its grade. */
export interface ResponseWrite {
  attemptId: string;
  attemptQuestionId: string;
  /** Plain data, stored as JSON (undefined as null). */
  value: unknown;
  revision: number;
  savedAt: Date;
  timeOnQuestionMs: number;
  score: number | null;
  correct: boolean | null;
  feedback: string | null;
}

/** A class's gradebook as stored: its students, its assignments, and a cell per student who finished one. */
export interface GradebookRows {
  class: { id: string; name: string; instructorId: string };
  /** By name. */
  students: Array<{ id: string; name: string; email: string }>;
  /** By due date. */
  assignments: Array<{ id: string; title: string; dueAt: Date }>;
  /** The best finished score (an ungraded one counts 0) and the number of finished attempts. */
  cells: Array<{ userId: string; assignmentId: string; best: number; attempts: number }>;
}

/** An attempt's number and state, as a start reads the student's attempts so far. */
export interface AttemptSummary {
  id: string;
  state: string;
  number: number;
}

/** What decides a start, read in the start's own write (never from a cache). */
export interface AttemptRules {
  opensAt: Date;
  dueAt: Date;
  attemptsAllowed: number;
  timeLimitSeconds: number | null;
}

/**
 * A new attempt and its drawn questions, each with the id its row is to have and its snapshot as JSON
 * text (the caller names the rows, so it can keep the questions of the attempt it started).
 */
export interface NewAttempt {
  assignmentId: string;
  userId: string;
  number: number;
  seed: number;
  viewKey: string;
  startedAt: Date;
  questions: ReadonlyArray<{ id: string; questionId: string; snapshot: string }>;
}

/**
 * What became of a start's write: created, refused by `decide` (its reason, as data), or "taken" when
 * a concurrent start of the same attempt number got there first.
 */
export type CreateOutcome<R> = { created: AttemptSummary } | { refused: R } | { taken: true };

/** What grading an attempt reads first. */
export interface FinishTarget {
  state: string;
  grade: { score: number; maxScore: number } | null;
  versionId: string;
}

/** An attempt's grade and closing state, written together in one transaction. */
export interface GradeWrite {
  attemptId: string;
  score: number;
  maxScore: number;
  gradedAt: Date;
  /** The attempt's state from then on (finished or abandoned) and its score as a fraction. */
  state: string;
  fraction: number;
  /** Answers whose stored grade is stale (an older engine's), with their new grade. */
  regrades: ReadonlyArray<{ responseId: string; score: number; correct: boolean; feedback: string }>;
  /** The learning-outbox row the grade owes (learning/outbox.ts), or null when none is owed. */
  outbox: { createdAt: Date; retryAt: Date } | null;
}

/** An attempt with what its student's requests read of its assignment and lesson. */
export interface OwnAttempt {
  id: string;
  userId: string;
  state: string;
  number: number;
  startedAt: Date;
  deadlineAt: Date;
  score: number | null;
  viewKey: string | null;
  assignment: {
    id: string;
    title: string;
    dueAt: Date;
    feedbackPolicy: string;
    lesson: { id: string; title: string };
  };
}

/** A stored answer to one drawn question. */
export interface AttemptResponseRow {
  id: string;
  value: unknown;
  revision: number;
  score: number | null;
  correct: boolean | null;
  feedback: string | null;
}

/** One drawn question of an attempt with its answer, if any. */
export interface AttemptQuestionRow {
  id: string;
  position: number;
  /** The question as drawn, with its key, as JSON text (parse it with attempts/shared.ts). */
  snapshot: string;
  response: AttemptResponseRow | null;
}

/**
 * The queries every student request of an exam runs (reading the session; starting an attempt;
 * reading an attempt and its questions; reading what a save needs and writing the answer), and the
 * instructor's gradebook, whose class-sized read is the largest an instructor page makes. Everything
 * else goes through Prisma.
 *
 * They are prepared statements on the driver Prisma's adapter itself uses: here better-sqlite3 on a
 * connection of its own, and pg through the shared pool (hot-path-postgres.ts). A Prisma query costs
 * 150–160 µs on SQLite (50–60 µs as `$queryRaw`), a prepared statement 4–25 µs; on exam day the API is
 * CPU-bound, and Prisma was half of a start's CPU (BENCHMARKS.md). Values are stored as Prisma stores
 * them, and tests read each write back through Prisma and each read against Prisma's.
 *
 * An answer is written only while its attempt is in progress, checked in the write itself: closing an
 * attempt (submit, sweep) changes its state first and reads the answers after, so every save
 * acknowledged as "saved" is in the grade, and a save that lost the race is told so.
 */
export interface HotPath {
  sessionByToken(token: string): Promise<SessionRecord | null>;
  /**
   * Whether the student is in the class, their attempts at the assignment so far, and the
   * assignment's rules as they stand now (null when it is gone), for `createAttempt`'s `seen`.
   */
  startState(input: { classId: string; assignmentId: string; userId: string }): Promise<{
    enrolled: boolean;
    attempts: AttemptSummary[];
    rules: AttemptRules | null;
  }>;
  /**
   * Creates an attempt and its questions in one write, if `decide`, given the assignment's rules as
   * they stand in that write (null when it is gone), gives a deadline rather than a refusal.
   * `seen` is the rules as the caller read them just before (startState). On PostgreSQL the write
   * decides on them and holds only if the stored rules still equal them, which spares a round trip;
   * if they changed meanwhile, it reads them afresh and decides again. SQLite, whose writer reads
   * them in its own transaction anyway, does not need them.
   */
  createAttempt<R>(
    attempt: NewAttempt,
    decide: (rules: AttemptRules | null) => { deadlineAt: Date } | { refused: R },
    seen?: AttemptRules | null,
  ): Promise<CreateOutcome<R>>;
  ownAttempt(attemptId: string): Promise<OwnAttempt | null>;
  /** An attempt's questions in position order, each with its answer. */
  attemptQuestions(attemptId: string): Promise<AttemptQuestionRow[]>;
  /** `ownAttempt` and `attemptQuestions` together, in one round trip (null when there is no attempt). */
  attemptView(attemptId: string): Promise<{ attempt: OwnAttempt; questions: AttemptQuestionRow[] } | null>;
  /**
   * `ownAttempt` and its answers by attempt question id, in one round trip, without the questions:
   * for a caller that holds them already (an attempt's questions never change).
   */
  attemptAnswers(
    attemptId: string,
  ): Promise<{ attempt: OwnAttempt; answers: Map<string, AttemptResponseRow> } | null>;
  finishTarget(attemptId: string): Promise<FinishTarget | null>;
  /**
   * Moves an in-progress attempt to `closing` (closed to saves from then on) and gives the state it is
   * in afterwards: `closing`, or how something else closed it before (null when there is no attempt).
   */
  closeAttempt(attemptId: string, closing: string): Promise<string | null>;
  /** Writes a grade once: "taken" when the attempt has one already (a racing submit or sweep). */
  recordGrade(grade: GradeWrite): Promise<"recorded" | "taken">;
  saveTarget(attemptQuestionId: string): Promise<SaveTarget | null>;
  /** Stores the first answer to a question; "stale" when there is one already. */
  insertResponse(write: ResponseWrite): Promise<SaveOutcome>;
  /** Replaces the answer saved at `expectedRevision`; "stale" when it has moved on since. */
  updateResponse(write: ResponseWrite, expectedRevision: number): Promise<SaveOutcome>;
  /** A class's gradebook, or null when there is no such class. */
  gradebook(classId: string): Promise<GradebookRows | null>;
  /**
   * Who teaches a class, and a stamp that changes whenever its gradebook would (null when there is
   * no such class).
   *
   * What a class's gradebook is read from, in one aggregate row: who teaches it, its name, and for each
   * part a figure that moves whenever that part changes. A finished attempt never changes (its score is
   * written with its state) and leaves only with its student or assignment, so the count of finished
   * attempts moves with every new grade. Enrolments move their count or their newest `createdAt`, and
   * assignments their count or newest `updatedAt`. A renamed student moves the newest `User.updatedAt`
   * of all accounts: one index read, where the class's own students would be a join per student, and
   * accounts rarely change. Every figure comes from an index; the attempt count is summed per
   * assignment so both planners walk the class's assignments, then their (assignmentId, state) index,
   * never every finished attempt in the database. Both providers run the same text.
   */
  gradebookStamp(classId: string): Promise<{ instructorId: string; stamp: string } | null>;
  close(): void;
}

/** A date as Prisma's SQLite adapter stores it (`iso8601`: `…T…+00:00`). */
const storedDate = (date: Date): string => date.toISOString().replace("Z", "+00:00");
/** A DATETIME column as Prisma may have stored it: ISO text, or milliseconds. */
const readDate = (value: unknown): Date =>
  new Date(typeof value === "number" || typeof value === "bigint" ? Number(value) : String(value));

interface SessionRow {
  id: string;
  expiresAt: string | number;
  userId: string;
  email: string;
  name: string;
  role: string;
  disabled: number;
}
interface OwnAttemptRow {
  id: string;
  userId: string;
  state: string;
  number: number;
  startedAt: string | number;
  deadlineAt: string | number;
  score: number | null;
  viewKey: string | null;
  assignmentId: string;
  assignmentTitle: string;
  dueAt: string | number;
  feedbackPolicy: string;
  lessonId: string;
  lessonTitle: string;
}
interface AttemptQuestionSqlRow {
  id: string;
  position: number;
  snapshot: string;
  responseId: string | null;
  value: string | null;
  revision: number | null;
  score: number | null;
  correct: number | null;
  feedback: string | null;
}
interface SaveTargetRow {
  id: string;
  snapshot: string;
  attemptId: string;
  userId: string;
  state: string;
  deadlineAt: string | number;
  feedbackPolicy: string;
  viewKey: string | null;
  versionId: string;
}

/**
 * The hot path as better-sqlite3 statements on the database file. Reads run at once (WAL gives them a
 * committed snapshot); writes go through `serialize`, the queue all of this process's SQLite writes
 * wait in, so one never meets an open Prisma transaction. Each statement runs synchronously and
 * commits on its own.
 */
export function createSqliteHotPath(
  file: string,
  options: { busyTimeoutMs: number; serialize: <T>(task: () => Promise<T>) => Promise<T> },
): HotPath {
  // Opened on first use, as Prisma opens its connections: a server starts (and reports a bad path)
  // the same way whether or not a student has called yet, and migrations run before any statement.
  let prepared: ReturnType<typeof prepare> | undefined;
  const statements = () => {
    if (prepared) return prepared;
    const connection = new Database(file, { timeout: options.busyTimeoutMs });
    try {
      prepared = prepare(connection);
      checkpointer = startCheckpointer(file, options.busyTimeoutMs);
    } catch (error) {
      connection.close();
      throw error;
    }
    return prepared;
  };
  let checkpointer: Worker | undefined;
  const flag = (value: boolean | null) => (value === null ? null : value ? 1 : 0);

  // Group commit: the writes asked for in one turn of the event loop (a class saving or starting at
  // once) commit in one transaction, and each is acknowledged only once that commit is done. A write
  // that fails (say, a duplicate) fails alone: SQLite undoes that statement (a start, its savepoint),
  // not the transaction.
  let pending: Array<{
    run: () => unknown;
    resolve: (outcome: unknown) => void;
    reject: (e: unknown) => void;
  }> = [];
  const commitPending = () =>
    options.serialize(async () => {
      const batch = pending;
      pending = [];
      if (batch.length === 0) return;
      const outcomes: Array<{ saved: unknown } | { error: unknown }> = [];
      let connection: Database.Database | undefined;
      try {
        const { begin, ...rest } = statements();
        connection = rest.connection;
        begin.run();
        for (const write of batch) {
          try {
            outcomes.push({ saved: write.run() });
          } catch (error) {
            outcomes.push({ error });
          }
        }
        // A disk or I/O error can end the transaction early; then nothing in it is acknowledged.
        if (!connection.inTransaction) throw new Error("SQLite ended the answer transaction early");
        rest.commit.run();
      } catch (error) {
        if (connection?.inTransaction) connection.prepare("ROLLBACK").run();
        for (const write of batch) write.reject(error);
        return;
      }
      batch.forEach((write, i) => {
        const outcome = outcomes[i];
        if (outcome && "saved" in outcome) write.resolve(outcome.saved);
        else write.reject(outcome?.error);
      });
    });
  const enqueue = <T>(run: () => T) =>
    new Promise<T>((resolve, reject) => {
      pending.push({ run, resolve: resolve as (outcome: unknown) => void, reject });
      if (pending.length === 1) setImmediate(() => void commitPending());
    });
  const isUnique = (error: unknown) => {
    const code = (error as { code?: unknown }).code;
    return code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY";
  };
  const toResponse = (
    row: Omit<AttemptQuestionSqlRow, "id" | "position" | "snapshot">,
  ): AttemptResponseRow | null =>
    row.responseId === null
      ? null
      : {
          id: row.responseId,
          value: JSON.parse(row.value ?? "null") as unknown,
          revision: row.revision ?? 1,
          score: row.score,
          correct: row.correct === null ? null : Number(row.correct) === 1,
          feedback: row.feedback,
        };

  const readRules = (assignmentId: string): AttemptRules | null => {
    const row = statements().assignmentRules.get(assignmentId);
    if (!row) return null;
    return {
      opensAt: readDate(row.opensAt),
      dueAt: readDate(row.dueAt),
      attemptsAllowed: row.attemptsAllowed,
      timeLimitSeconds: row.timeLimitSeconds,
    };
  };
  const readOwnAttempt = (attemptId: string): OwnAttempt | null => {
    const row = statements().ownAttempt.get(attemptId);
    if (!row) return null;
    return {
      id: row.id,
      userId: row.userId,
      state: row.state,
      number: row.number,
      startedAt: readDate(row.startedAt),
      deadlineAt: readDate(row.deadlineAt),
      score: row.score,
      viewKey: row.viewKey,
      assignment: {
        id: row.assignmentId,
        title: row.assignmentTitle,
        dueAt: readDate(row.dueAt),
        feedbackPolicy: row.feedbackPolicy,
        lesson: { id: row.lessonId, title: row.lessonTitle },
      },
    };
  };
  const readQuestions = (attemptId: string): AttemptQuestionRow[] =>
    statements()
      .attemptQuestions.all(attemptId)
      .map((row) => ({
        id: row.id,
        position: row.position,
        snapshot: row.snapshot,
        response: toResponse(row),
      }));
  return {
    async sessionByToken(token) {
      const row = statements().sessionByToken.get(token);
      if (!row) return null;
      return {
        id: row.id,
        expiresAt: readDate(row.expiresAt),
        user: {
          id: row.userId,
          email: row.email,
          name: row.name,
          role: row.role,
          disabled: Number(row.disabled) === 1,
        },
      };
    },
    async startState({ classId, assignmentId, userId }) {
      const { isEnrolled, attemptsOf } = statements();
      return {
        enrolled: isEnrolled.get(classId, userId) !== undefined,
        attempts: attemptsOf.all(assignmentId, userId),
        rules: readRules(assignmentId),
      };
    },
    // `seen` is not needed: the rules are read inside the writer's transaction.
    createAttempt: (attempt, decide) =>
      enqueue(() => {
        const { insertAttempt, insertQuestion, savepoint } = statements();
        const decision = decide(readRules(attempt.assignmentId));
        if ("refused" in decision) return decision;
        const id = randomUUID();
        // The attempt and its questions stand or fall together within the group's transaction.
        savepoint.begin.run();
        try {
          insertAttempt.run(
            id,
            attempt.assignmentId,
            attempt.userId,
            attempt.number,
            attempt.seed,
            attempt.viewKey,
            storedDate(attempt.startedAt),
            storedDate(decision.deadlineAt),
          );
          for (const [position, q] of attempt.questions.entries())
            insertQuestion.run(q.id, id, position, q.questionId, q.snapshot);
          savepoint.release.run();
        } catch (error) {
          savepoint.rollback.run();
          savepoint.release.run();
          if (isUnique(error)) return { taken: true as const };
          throw error;
        }
        return { created: { id, state: "in_progress", number: attempt.number } };
      }),
    ownAttempt: async (attemptId) => readOwnAttempt(attemptId),
    attemptQuestions: async (attemptId) => readQuestions(attemptId),
    async attemptView(attemptId) {
      const attempt = readOwnAttempt(attemptId);
      return attempt ? { attempt, questions: readQuestions(attemptId) } : null;
    },
    async attemptAnswers(attemptId) {
      const attempt = readOwnAttempt(attemptId);
      if (!attempt) return null;
      const answers = new Map<string, AttemptResponseRow>();
      for (const row of statements().attemptAnswers.all(attemptId)) {
        const response = toResponse(row);
        if (response) answers.set(row.attemptQuestionId, response);
      }
      return { attempt, answers };
    },
    async finishTarget(attemptId) {
      const row = statements().finishTarget.get(attemptId);
      if (!row) return null;
      return {
        state: row.state,
        grade: row.gradeScore === null ? null : { score: row.gradeScore, maxScore: row.gradeMaxScore ?? 0 },
        versionId: row.versionId,
      };
    },
    closeAttempt: (attemptId, closing) =>
      enqueue(() => {
        const { closeAttempt, attemptState } = statements();
        if (closeAttempt.run(closing, attemptId).changes === 1) return closing;
        return attemptState.get(attemptId)?.state ?? null;
      }),
    recordGrade: (grade) =>
      enqueue(() => {
        const { insertGrade, regradeResponse, closeGraded, insertOutbox, savepoint } = statements();
        savepoint.begin.run();
        try {
          insertGrade.run(
            randomUUID(),
            grade.attemptId,
            grade.score,
            grade.maxScore,
            storedDate(grade.gradedAt),
          );
          for (const r of grade.regrades)
            regradeResponse.run(r.score, flag(r.correct), r.feedback, r.responseId);
          closeGraded.run(grade.state, storedDate(grade.gradedAt), grade.fraction, grade.attemptId);
          if (grade.outbox)
            insertOutbox.run(
              grade.attemptId,
              storedDate(grade.outbox.createdAt),
              storedDate(grade.outbox.retryAt),
            );
          savepoint.release.run();
        } catch (error) {
          savepoint.rollback.run();
          savepoint.release.run();
          if (isUnique(error)) return "taken" as const;
          throw error;
        }
        return "recorded" as const;
      }),
    async saveTarget(attemptQuestionId) {
      const row = statements().saveTarget.get(attemptQuestionId);
      if (!row) return null;
      return {
        attemptQuestionId: row.id,
        snapshot: row.snapshot,
        attemptId: row.attemptId,
        userId: row.userId,
        state: row.state,
        deadlineAt: readDate(row.deadlineAt),
        feedbackPolicy: row.feedbackPolicy,
        viewKey: row.viewKey,
        versionId: row.versionId,
      };
    },
    insertResponse: (w) =>
      enqueue(() => {
        try {
          const { changes } = statements().insertResponse.run(
            randomUUID(),
            w.attemptId,
            w.attemptQuestionId,
            JSON.stringify(w.value ?? null),
            storedDate(w.savedAt),
            w.timeOnQuestionMs,
            w.score,
            flag(w.correct),
            w.feedback,
            w.attemptId,
          );
          return changes === 1 ? "saved" : "closed";
        } catch (error) {
          if (isUnique(error)) return "stale";
          throw error;
        }
      }),
    updateResponse: (w, expectedRevision) =>
      enqueue(() => {
        const { changes } = statements().updateResponse.run(
          JSON.stringify(w.value ?? null),
          w.revision,
          storedDate(w.savedAt),
          w.timeOnQuestionMs,
          w.score,
          flag(w.correct),
          w.feedback,
          w.attemptQuestionId,
          expectedRevision,
          w.attemptId,
        );
        if (changes === 1) return "saved";
        // Inside the write transaction: the state read is the one the update saw.
        return statements().attemptState.get(w.attemptId)?.state === "in_progress" ? "stale" : "closed";
      }),
    async gradebook(classId) {
      const { classById, gradebookStudents, gradebookAssignments, gradebookCells } = statements();
      const found = classById.get(classId);
      if (!found) return null;
      // Cells name their student and assignment by rowid: a class's worth of numbers, not of id strings.
      const userIds = new Map<number, string>();
      const students = gradebookStudents.all(classId).map(({ rowid, ...student }) => {
        userIds.set(rowid, student.id);
        return student;
      });
      const assignmentIds = new Map<number, string>();
      const assignments = gradebookAssignments.all(classId).map((a) => {
        assignmentIds.set(a.rowid, a.id);
        return { id: a.id, title: a.title, dueAt: readDate(a.dueAt) };
      });
      const cells: GradebookRows["cells"] = [];
      for (const [student, assignment, best, attempts] of gradebookCells.all(classId)) {
        const userId = userIds.get(student);
        const assignmentId = assignmentIds.get(assignment);
        if (userId !== undefined && assignmentId !== undefined)
          cells.push({ userId, assignmentId, best, attempts });
      }
      return { class: found, students, assignments, cells };
    },
    gradebookStamp: async (classId) => statements().gradebookStamp.get(classId) ?? null,
    close: () => {
      void checkpointer?.terminate();
      prepared?.connection.close();
    },
  };
}

/**
 * Moves WAL checkpoints off the event loop. SQLite checkpoints inside the COMMIT that takes the WAL
 * past `wal_autocheckpoint` pages, synchronously: it copies the WAL into the database and fsyncs both,
 * and on exam day (1,000 starts, 21 rows each, in 5 s) those commits held the event loop for tens of
 * milliseconds each: a commit loop of that shape spent 1.3-1.9 s of wall time with checkpoints and
 * 0.4-0.7 s without, for the same 170 ms of CPU. So the hot path's connection never checkpoints
 * itself, and a worker thread with a connection of its own runs a PASSIVE checkpoint (one that
 * never waits for a reader or writer) every 200 ms. Durability is SQLite's either way: a commit is in
 * the WAL when it returns, and a checkpoint only copies committed pages.
 */
function startCheckpointer(file: string, busyTimeoutMs: number): Worker {
  const worker = new Worker(
    `const { workerData } = require("node:worker_threads");
     const Database = require(workerData.driver);
     const db = new Database(workerData.file, { timeout: workerData.busyTimeoutMs });
     setInterval(() => {
       try { db.pragma("wal_checkpoint(PASSIVE)"); } catch {}
     }, 200);`,
    {
      eval: true,
      workerData: { file, busyTimeoutMs, driver: createRequire(import.meta.url).resolve("better-sqlite3") },
    },
  );
  // The connection's own checkpoints are off: a checkpointer that fails would let the WAL grow, so say so.
  worker.on("error", (error) => console.error("SQLite checkpointer:", error));
  worker.unref();
  return worker;
}

function prepare(connection: Database.Database) {
  connection.pragma("journal_mode = WAL");
  // Checkpoints are the checkpointer's (startCheckpointer).
  connection.pragma("wal_autocheckpoint = 0");
  connection.pragma("foreign_keys = ON");
  const sessionByToken = connection.prepare<[string], SessionRow>(
    `SELECT s."id", s."expiresAt", u."id" AS "userId", u."email", u."name", u."role", u."disabled"
     FROM "Session" s JOIN "User" u ON u."id" = s."userId" WHERE s."token" = ?`,
  );
  const isEnrolled = connection.prepare<[string, string], { one: number }>(
    `SELECT 1 AS "one" FROM "Enrolment" WHERE "classId" = ? AND "userId" = ?`,
  );
  const attemptsOf = connection.prepare<[string, string], AttemptSummary>(
    `SELECT "id", "state", "number" FROM "Attempt" WHERE "assignmentId" = ? AND "userId" = ?`,
  );
  const assignmentRules = connection.prepare<
    [string],
    {
      opensAt: string | number;
      dueAt: string | number;
      attemptsAllowed: number;
      timeLimitSeconds: number | null;
    }
  >(`SELECT "opensAt", "dueAt", "attemptsAllowed", "timeLimitSeconds" FROM "Assignment" WHERE "id" = ?`);
  const insertAttempt = connection.prepare(
    `INSERT INTO "Attempt" ("id", "assignmentId", "userId", "number", "state", "seed", "viewKey", "startedAt", "deadlineAt")
     VALUES (?, ?, ?, ?, 'in_progress', ?, ?, ?, ?)`,
  );
  // A start's questions one row at a time: half the CPU of one statement over a JSON array of them
  // (json_each), which encodes every snapshot a second time and decodes it again (0.12 against 0.25 ms
  // per start of 17 questions).
  const insertQuestion = connection.prepare<[string, string, number, string, string]>(
    `INSERT INTO "AttemptQuestion" ("id", "attemptId", "position", "questionId", "snapshot") VALUES (?, ?, ?, ?, ?)`,
  );
  const ownAttempt = connection.prepare<[string], OwnAttemptRow>(
    `SELECT a."id", a."userId", a."state", a."number", a."startedAt", a."deadlineAt", a."score", a."viewKey",
            g."id" AS "assignmentId", g."title" AS "assignmentTitle", g."dueAt", g."feedbackPolicy",
            l."id" AS "lessonId", l."title" AS "lessonTitle"
     FROM "Attempt" a
     JOIN "Assignment" g ON g."id" = a."assignmentId"
     JOIN "Lesson" l ON l."id" = g."lessonId"
     WHERE a."id" = ?`,
  );
  const attemptQuestions = connection.prepare<[string], AttemptQuestionSqlRow>(
    `SELECT q."id", q."position", q."snapshot", r."id" AS "responseId", r."value", r."revision", r."score",
            r."correct", r."feedback"
     FROM "AttemptQuestion" q LEFT JOIN "AttemptResponse" r ON r."attemptQuestionId" = q."id"
     WHERE q."attemptId" = ? ORDER BY q."position"`,
  );
  const attemptAnswers = connection.prepare<
    [string],
    Omit<AttemptQuestionSqlRow, "id" | "position" | "snapshot"> & { attemptQuestionId: string }
  >(
    `SELECT r."attemptQuestionId", r."id" AS "responseId", r."value", r."revision", r."score", r."correct",
            r."feedback"
     FROM "AttemptResponse" r WHERE r."attemptId" = ?`,
  );
  const finishTarget = connection.prepare<
    [string],
    { state: string; gradeScore: number | null; gradeMaxScore: number | null; versionId: string }
  >(
    `SELECT a."state", gr."score" AS "gradeScore", gr."maxScore" AS "gradeMaxScore", c."versionId"
     FROM "Attempt" a
     JOIN "Assignment" g ON g."id" = a."assignmentId"
     JOIN "Lesson" l ON l."id" = g."lessonId"
     JOIN "Course" c ON c."id" = l."courseId"
     LEFT JOIN "Grade" gr ON gr."attemptId" = a."id"
     WHERE a."id" = ?`,
  );
  const closeAttempt = connection.prepare(
    `UPDATE "Attempt" SET "state" = ? WHERE "id" = ? AND "state" = 'in_progress'`,
  );
  const insertGrade = connection.prepare(
    `INSERT INTO "Grade" ("id", "attemptId", "score", "maxScore", "gradedAt") VALUES (?, ?, ?, ?, ?)`,
  );
  const regradeResponse = connection.prepare(
    `UPDATE "AttemptResponse" SET "score" = ?, "correct" = ?, "feedback" = ? WHERE "id" = ?`,
  );
  const closeGraded = connection.prepare(
    `UPDATE "Attempt" SET "state" = ?, "finishedAt" = ?, "score" = ? WHERE "id" = ?`,
  );
  const insertOutbox = connection.prepare(
    `INSERT INTO "LearningOutbox" ("attemptId", "createdAt", "failures", "retryAt") VALUES (?, ?, 0, ?)`,
  );
  const saveTarget = connection.prepare<[string], SaveTargetRow>(
    `SELECT q."id", q."snapshot", a."id" AS "attemptId", a."userId", a."state", a."deadlineAt",
            a."viewKey", g."feedbackPolicy", c."versionId"
     FROM "AttemptQuestion" q
     JOIN "Attempt" a ON a."id" = q."attemptId"
     JOIN "Assignment" g ON g."id" = a."assignmentId"
     JOIN "Lesson" l ON l."id" = g."lessonId"
     JOIN "Course" c ON c."id" = l."courseId"
     WHERE q."id" = ?`,
  );
  // Both writes hold only while the attempt is in progress (the condition is part of the statement).
  const insertResponse = connection.prepare(
    `INSERT INTO "AttemptResponse"
       ("id", "attemptId", "attemptQuestionId", "value", "revision", "savedAt", "timeOnQuestionMs", "score", "correct", "feedback")
     SELECT ?, ?, ?, ?, 1, ?, ?, ?, ?, ?
     WHERE EXISTS (SELECT 1 FROM "Attempt" WHERE "id" = ? AND "state" = 'in_progress')`,
  );
  const updateResponse = connection.prepare(
    `UPDATE "AttemptResponse"
     SET "value" = ?, "revision" = ?, "savedAt" = ?, "timeOnQuestionMs" = ?, "score" = ?, "correct" = ?, "feedback" = ?
     WHERE "attemptQuestionId" = ? AND "revision" = ?
       AND EXISTS (SELECT 1 FROM "Attempt" WHERE "id" = ? AND "state" = 'in_progress')`,
  );
  const attemptState = connection.prepare<[string], { state: string }>(
    `SELECT "state" FROM "Attempt" WHERE "id" = ?`,
  );
  const classById = connection.prepare<[string], GradebookRows["class"]>(
    `SELECT "id", "name", "instructorId" FROM "Class" WHERE "id" = ?`,
  );
  const gradebookStudents = connection.prepare<
    [string],
    GradebookRows["students"][number] & { rowid: number }
  >(
    `SELECT u."rowid", u."id", u."name", u."email" FROM "Enrolment" e JOIN "User" u ON u."id" = e."userId"
     WHERE e."classId" = ? ORDER BY u."name", u."id"`,
  );
  const gradebookAssignments = connection.prepare<
    [string],
    { rowid: number; id: string; title: string; dueAt: string | number }
  >(`SELECT "rowid", "id", "title", "dueAt" FROM "Assignment" WHERE "classId" = ? ORDER BY "dueAt", "id"`);
  // From the class's assignments to their finished attempts (CROSS JOIN keeps that order: the
  // planner would otherwise walk every finished attempt of the database by the state index).
  const gradebookCells = connection
    .prepare<[string], [number, number, number, number]>(
      `SELECT u."rowid", g."rowid", MAX(COALESCE(a."score", 0)), COUNT(*)
       FROM "Assignment" g
       CROSS JOIN "Attempt" a ON a."assignmentId" = g."id" AND a."state" = 'finished'
       JOIN "User" u ON u."id" = a."userId"
       WHERE g."classId" = ?
       GROUP BY g."rowid", u."rowid"`,
    )
    .raw(true);
  // HotPath.gradebookStamp: the same text as on PostgreSQL.
  const gradebookStamp = connection.prepare<[string], { instructorId: string; stamp: string }>(`
  SELECT c."instructorId",
    c."name" || '|' || COALESCE((SELECT COUNT(*) || '/' || MAX(e."createdAt") FROM "Enrolment" e WHERE e."classId" = c."id"), '')
      || '|' || COALESCE(CAST((SELECT MAX(u."updatedAt") FROM "User" u) AS TEXT), '')
      || '|' || COALESCE((SELECT COUNT(*) || '/' || MAX(g."updatedAt") FROM "Assignment" g WHERE g."classId" = c."id"), '')
      || '|' || COALESCE((SELECT SUM((SELECT COUNT(*) FROM "Attempt" a WHERE a."assignmentId" = g."id" AND a."state" = 'finished'))
        FROM "Assignment" g WHERE g."classId" = c."id"), 0) AS "stamp"
  FROM "Class" c WHERE c."id" = ?`);
  return {
    connection,
    sessionByToken,
    isEnrolled,
    attemptsOf,
    assignmentRules,
    insertAttempt,
    insertQuestion,
    ownAttempt,
    attemptQuestions,
    attemptAnswers,
    finishTarget,
    closeAttempt,
    insertGrade,
    regradeResponse,
    closeGraded,
    insertOutbox,
    saveTarget,
    insertResponse,
    updateResponse,
    attemptState,
    classById,
    gradebookStudents,
    gradebookAssignments,
    gradebookCells,
    gradebookStamp,
    begin: connection.prepare("BEGIN IMMEDIATE"),
    savepoint: {
      begin: connection.prepare("SAVEPOINT hot_write"),
      release: connection.prepare("RELEASE hot_write"),
      rollback: connection.prepare("ROLLBACK TO hot_write"),
    },
    commit: connection.prepare("COMMIT"),
  };
}
