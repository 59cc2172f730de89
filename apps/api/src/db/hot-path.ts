import { randomUUID } from "node:crypto";
import Database from "better-sqlite3";
// The two generated clients have the same API; the SQLite one's type stands for both (as in client.ts).
import type { PrismaClient } from "../generated/sqlite/client.ts";
import { isUniqueViolation, toJson } from "./json.ts";

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
}

/** One saved answer with its grade. */
export interface ResponseWrite {
  attemptId: string;
  attemptQuestionId: string;
  /** Plain data, stored as JSON (undefined as null). */
  value: unknown;
  revision: number;
  savedAt: Date;
  elapsedMs: number;
  score: number | null;
  correct: boolean | null;
  feedback: string | null;
}

/**
 * The three queries every student request of an exam runs: reading the session, reading what a save
 * needs, writing the answer. Everything else goes through Prisma.
 *
 * On PostgreSQL they are Prisma queries too. On SQLite they are prepared statements run by
 * better-sqlite3 (the driver Prisma's adapter itself uses) on a connection of their own: a Prisma query
 * costs 150–160 µs here (50–60 µs as `$queryRaw`), a prepared statement 4–25 µs, and these three
 * decided whether saving an answer kept up with the bare-SQLite baseline (BENCHMARKS.md). Values are
 * stored as Prisma stores them (ISO text dates, JSON text, 0/1 booleans), and tests read each write
 * back through Prisma.
 */
export interface HotPath {
  sessionByToken(token: string): Promise<SessionRecord | null>;
  saveTarget(attemptQuestionId: string): Promise<SaveTarget | null>;
  /** Stores the first answer to a question; false when there is one already. */
  insertResponse(write: ResponseWrite): Promise<boolean>;
  /** Replaces the answer saved at `expectedRevision`; false when it has moved on since. */
  updateResponse(write: ResponseWrite, expectedRevision: number): Promise<boolean>;
  close(): void;
}

/** The hot path as Prisma queries (PostgreSQL). `write` runs a write as the Db does. */
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
              assignment: { select: { feedbackPolicy: true } },
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
      };
    },
    insertResponse: (w) =>
      write(async (client) => {
        try {
          await client.attemptResponse.create({
            data: { ...w, value: toJson(w.value), revision: 1 },
            select: { id: true },
          });
          return true;
        } catch (error) {
          if (isUniqueViolation(error)) return false;
          throw error;
        }
      }),
    updateResponse: (w, expectedRevision) =>
      write(async (client) => {
        const { count } = await client.attemptResponse.updateMany({
          where: { attemptQuestionId: w.attemptQuestionId, revision: expectedRevision },
          data: {
            value: toJson(w.value),
            revision: w.revision,
            savedAt: w.savedAt,
            elapsedMs: w.elapsedMs,
            score: w.score,
            correct: w.correct,
            feedback: w.feedback,
          },
        });
        return count === 1;
      }),
    close: () => undefined,
  };
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
interface SaveTargetRow {
  id: string;
  snapshot: string;
  attemptId: string;
  userId: string;
  state: string;
  deadlineAt: string | number;
  feedbackPolicy: string;
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
    run: () => boolean;
    resolve: (saved: boolean) => void;
    reject: (e: unknown) => void;
  }> = [];
  const commitPending = () =>
    options.serialize(async () => {
      const batch = pending;
      pending = [];
      if (batch.length === 0) return;
      const outcomes: Array<{ saved: boolean } | { error: unknown }> = [];
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
  const enqueue = (run: () => boolean) =>
    new Promise<boolean>((resolve, reject) => {
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
      };
    },
    insertResponse: (w) =>
      enqueue(() => {
        try {
          statements().insertResponse.run(
            randomUUID(),
            w.attemptId,
            w.attemptQuestionId,
            JSON.stringify(w.value ?? null),
            storedDate(w.savedAt),
            w.elapsedMs,
            w.score,
            flag(w.correct),
            w.feedback,
          );
          return true;
        } catch (error) {
          const code = (error as { code?: unknown }).code;
          if (code === "SQLITE_CONSTRAINT_UNIQUE" || code === "SQLITE_CONSTRAINT_PRIMARYKEY") return false;
          throw error;
        }
      }),
    updateResponse: (w, expectedRevision) =>
      enqueue(() => {
        const { changes } = statements().updateResponse.run(
          JSON.stringify(w.value ?? null),
          w.revision,
          storedDate(w.savedAt),
          w.elapsedMs,
          w.score,
          flag(w.correct),
          w.feedback,
          w.attemptQuestionId,
          expectedRevision,
        );
        return changes === 1;
      }),
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
            g."feedbackPolicy"
     FROM "AttemptQuestion" q
     JOIN "Attempt" a ON a."id" = q."attemptId"
     JOIN "Assignment" g ON g."id" = a."assignmentId"
     WHERE q."id" = ?`,
  );
  const insertResponse = connection.prepare(
    `INSERT INTO "AttemptResponse"
       ("id", "attemptId", "attemptQuestionId", "value", "revision", "savedAt", "elapsedMs", "score", "correct", "feedback")
     VALUES (?, ?, ?, ?, 1, ?, ?, ?, ?, ?)`,
  );
  const updateResponse = connection.prepare(
    `UPDATE "AttemptResponse"
     SET "value" = ?, "revision" = ?, "savedAt" = ?, "elapsedMs" = ?, "score" = ?, "correct" = ?, "feedback" = ?
     WHERE "attemptQuestionId" = ? AND "revision" = ?`,
  );
  return {
    connection,
    sessionByToken,
    saveTarget,
    insertResponse,
    updateResponse,
    begin: connection.prepare("BEGIN IMMEDIATE"),
    commit: connection.prepare("COMMIT"),
  };
}
