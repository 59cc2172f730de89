import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
import { isUniqueViolation, toJson } from "../db/json.ts";
// The two generated clients have the same API; the SQLite one's type stands for both (as in client.ts).
import type { PrismaClient } from "../generated/sqlite/client.ts";

/** A session and its user, as every authenticated request reads it. */
export interface SessionRecord {
  id: string;
  expiresAt: Date;
  user: { id: string; email: string; name: string; role: string; disabled: boolean };
}

/** What saving an answer needs to know about the question and its attempt. */
export interface SaveTarget {
  attemptQuestionId: string;
  /** The question as drawn, with its key (a Json column). */
  snapshot: unknown;
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

/**
 * The queries every student request of an exam runs (reading the session, reading what a save needs,
 * writing the answer), and the instructor's gradebook, whose class-sized read is the largest an
 * instructor page makes. Everything else goes through Prisma.
 *
 * On PostgreSQL they are Prisma queries too. On SQLite they are prepared statements run by
 * better-sqlite3 (the driver Prisma's adapter itself uses) on a connection of their own: a Prisma query
 * costs 150–160 µs here (50–60 µs as `$queryRaw`), a prepared statement 4–25 µs, and these three
 * decided whether saving an answer kept up with the bare-SQLite baseline (BENCHMARKS.md). Values are
 * stored as Prisma stores them (ISO text dates, JSON text, 0/1 booleans), and tests read each write
 * back through Prisma.
 *
 * An answer is written only while its attempt is in progress, checked in the write itself: closing an
 * attempt (submit, sweep) changes its state first and reads the answers after, so every save
 * acknowledged as "saved" is in the grade, and a save that lost the race is told so.
 */
export interface HotPath {
  sessionByToken(token: string): Promise<SessionRecord | null>;
  saveTarget(attemptQuestionId: string): Promise<SaveTarget | null>;
  /** Stores the first answer to a question; "stale" when there is one already. */
  insertResponse(write: ResponseWrite): Promise<SaveOutcome>;
  /** Replaces the answer saved at `expectedRevision`; "stale" when it has moved on since. */
  updateResponse(write: ResponseWrite, expectedRevision: number): Promise<SaveOutcome>;
  /** A class's gradebook, or null when there is no such class. */
  gradebook(classId: string): Promise<GradebookRows | null>;
  close(): void;
}

/**
 * The hot path as Prisma queries (PostgreSQL). `write` runs a write as the Db does. An answer write
 * holds a share lock on its attempt row (`FOR SHARE`), so a close (`UPDATE … state`) waits for the
 * saves under way and a save after it finds the attempt closed.
 */
export function createPrismaHotPath(
  read: PrismaClient,
  write: <T>(work: (client: PrismaClient) => Promise<T>) => Promise<T>,
): HotPath {
  return {
    sessionByToken: (token) =>
      read.session.findUnique({
        where: { token },
        select: {
          id: true,
          expiresAt: true,
          user: { select: { id: true, email: true, name: true, role: true, disabled: true } },
        },
      }),
    async saveTarget(attemptQuestionId) {
      const row = await read.attemptQuestion.findUnique({
        where: { id: attemptQuestionId },
        select: {
          id: true,
          snapshot: true,
          attempt: {
            select: {
              id: true,
              userId: true,
              state: true,
              deadlineAt: true,
              viewKey: true,
              assignment: {
                select: {
                  feedbackPolicy: true,
                  lesson: { select: { course: { select: { versionId: true } } } },
                },
              },
            },
          },
        },
      });
      if (!row) return null;
      const { attempt } = row;
      return {
        attemptQuestionId: row.id,
        snapshot: row.snapshot,
        attemptId: attempt.id,
        userId: attempt.userId,
        state: attempt.state,
        deadlineAt: attempt.deadlineAt,
        feedbackPolicy: attempt.assignment.feedbackPolicy,
        viewKey: attempt.viewKey,
        versionId: attempt.assignment.lesson.course.versionId,
      };
    },
    insertResponse: (w) =>
      whileInProgress(w.attemptId, async (tx) => {
        try {
          await tx.attemptResponse.create({
            data: { ...w, value: toJson(w.value), revision: 1 },
            select: { id: true },
          });
          return "saved";
        } catch (error) {
          if (isUniqueViolation(error)) return "stale";
          throw error;
        }
      }),
    updateResponse: (w, expectedRevision) =>
      whileInProgress(w.attemptId, async (tx) => {
        const { count } = await tx.attemptResponse.updateMany({
          where: { attemptQuestionId: w.attemptQuestionId, revision: expectedRevision },
          data: {
            value: toJson(w.value),
            revision: w.revision,
            savedAt: w.savedAt,
            timeOnQuestionMs: w.timeOnQuestionMs,
            score: w.score,
            correct: w.correct,
            feedback: w.feedback,
          },
        });
        return count === 1 ? "saved" : "stale";
      }),
    async gradebook(classId) {
      const [found, students, assignments, cells] = await Promise.all([
        read.class.findUnique({
          where: { id: classId },
          select: { id: true, name: true, instructorId: true },
        }),
        read.enrolment.findMany({
          where: { classId },
          orderBy: [{ user: { name: "asc" } }, { userId: "asc" }],
          select: { user: { select: { id: true, name: true, email: true } } },
        }),
        read.assignment.findMany({
          where: { classId },
          orderBy: [{ dueAt: "asc" }, { id: "asc" }],
          select: { id: true, title: true, dueAt: true },
        }),
        read.attempt.groupBy({
          by: ["userId", "assignmentId"],
          where: { assignment: { classId }, state: "finished" },
          _max: { score: true },
          _count: { _all: true },
        }),
      ]);
      if (!found) return null;
      return {
        class: found,
        students: students.map((e) => e.user),
        assignments,
        cells: cells.map((c) => ({
          userId: c.userId,
          assignmentId: c.assignmentId,
          // An ungraded finished attempt (no score) counts 0, as the cell always showed.
          best: Math.max(c._max.score ?? 0, 0),
          attempts: c._count._all,
        })),
      };
    },
    close: () => undefined,
  };

  function whileInProgress(
    attemptId: string,
    work: (tx: Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0]) => Promise<SaveOutcome>,
  ): Promise<SaveOutcome> {
    return write((client) =>
      client.$transaction(
        async (tx) => {
          const open = await tx.$queryRaw<unknown[]>`
          SELECT "id" FROM "Attempt" WHERE "id" = ${attemptId} AND "state" = 'in_progress' FOR SHARE`;
          if (open.length === 0) return "closed";
          try {
            return await work(tx);
          } catch (error) {
            // A unique violation aborts a PostgreSQL transaction: report it after rolling back.
            if (isUniqueViolation(error)) throw new StaleWrite();
            throw error;
          }
        },
        { maxWait: 20_000, timeout: 30_000 },
      ),
    ).catch((error: unknown) => {
      if (error instanceof StaleWrite) return "stale";
      throw error;
    });
  }
}

class StaleWrite extends Error {}

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
    } catch (error) {
      connection.close();
      throw error;
    }
    return prepared;
  };
  const flag = (value: boolean | null) => (value === null ? null : value ? 1 : 0);

  // Group commit: the answer writes asked for in one turn of the event loop (a class saving at once)
  // commit in one transaction, and each is acknowledged only once that commit is done. A write that
  // fails (say, a duplicate) fails alone: SQLite undoes that statement, not the transaction.
  let pending: Array<{
    run: () => SaveOutcome;
    resolve: (outcome: SaveOutcome) => void;
    reject: (e: unknown) => void;
  }> = [];
  const commitPending = () =>
    options.serialize(async () => {
      const batch = pending;
      pending = [];
      if (batch.length === 0) return;
      const outcomes: Array<{ saved: SaveOutcome } | { error: unknown }> = [];
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
  const enqueue = (run: () => SaveOutcome) =>
    new Promise<SaveOutcome>((resolve, reject) => {
      pending.push({ run, resolve, reject });
      if (pending.length === 1) setImmediate(() => void commitPending());
    });

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
    async saveTarget(attemptQuestionId) {
      const row = statements().saveTarget.get(attemptQuestionId);
      if (!row) return null;
      return {
        attemptQuestionId: row.id,
        snapshot: JSON.parse(row.snapshot) as unknown,
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
          const code = (error as { code?: unknown }).code;
          if (code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY") return "stale";
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
    close: () => prepared?.connection.close(),
  };
}

function prepare(connection: Database.Database) {
  connection.pragma("journal_mode = WAL");
  connection.pragma("foreign_keys = ON");
  const sessionByToken = connection.prepare<[string], SessionRow>(
    `SELECT s."id", s."expiresAt", u."id" AS "userId", u."email", u."name", u."role", u."disabled"
     FROM "Session" s JOIN "User" u ON u."id" = s."userId" WHERE s."token" = ?`,
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
  return {
    connection,
    sessionByToken,
    saveTarget,
    insertResponse,
    updateResponse,
    attemptState,
    classById,
    gradebookStudents,
    gradebookAssignments,
    gradebookCells,
    begin: connection.prepare("BEGIN IMMEDIATE"),
    commit: connection.prepare("COMMIT"),
  };
}
