import { randomUUID } from "node:crypto";
import pg from "pg";
import type {
  AttemptQuestionRow,
  AttemptRules,
  GradebookRows,
  HotPath,
  OwnAttempt,
  SaveOutcome,
} from "./hot-path.ts";

/**
 * The hot path on PostgreSQL: named prepared statements through the pg pool that Prisma's adapter
 * also uses (db/adapters.ts), one round trip each. A Prisma query costs several times the statement
 * itself in CPU (query compilation, its result interpretation), and exam day is CPU-bound.
 *
 * Values are stored as Prisma stores them: `timestamp(3)` without time zone holding UTC (so dates are
 * sent as ISO text, whose zone PostgreSQL ignores for that type, and read back as UTC), `jsonb`,
 * `double precision`, `boolean`. Each write is one statement, so it commits whole or not at all.
 *
 * An answer write holds a share lock on its attempt row (`FOR SHARE` in the statement), so a close
 * (`UPDATE … state`) waits for the saves under way and a save after it finds the attempt closed.
 */
export function createPostgresHotPath(pool: pg.Pool): HotPath {
  const query = async <Row>(name: string, text: string, values: unknown[]): Promise<Row[]> =>
    (await pool.query({ name, text, values, types })).rows as Row[];
  const one = async <Row>(name: string, text: string, values: unknown[]) =>
    (await query<Row>(name, text, values))[0];
  const iso = (date: Date) => date.toISOString();

  return {
    async sessionByToken(token) {
      const row = await one<{
        id: string;
        expiresAt: Date;
        userId: string;
        email: string;
        name: string;
        role: string;
        disabled: boolean;
      }>(
        "gw_session",
        `SELECT s."id", s."expiresAt", u."id" AS "userId", u."email", u."name", u."role", u."disabled"
         FROM "Session" s JOIN "User" u ON u."id" = s."userId" WHERE s."token" = $1`,
        [token],
      );
      if (!row) return null;
      const { id, expiresAt, ...user } = row;
      return {
        id,
        expiresAt,
        user: {
          id: user.userId,
          email: user.email,
          name: user.name,
          role: user.role,
          disabled: user.disabled,
        },
      };
    },
    async startState({ classId, assignmentId, userId }) {
      const rows = await query<{
        enrolled: boolean;
        opensAt: Date | null;
        dueAt: Date | null;
        attemptsAllowed: number | null;
        timeLimitSeconds: number | null;
        id: string | null;
        state: string | null;
        number: number | null;
      }>(
        "gw_start_state",
        `SELECT EXISTS (SELECT 1 FROM "Enrolment" WHERE "classId" = $1 AND "userId" = $3) AS "enrolled",
                g."opensAt", g."dueAt", g."attemptsAllowed", g."timeLimitSeconds",
                a."id", a."state", a."number"
         FROM (SELECT 1) one
         LEFT JOIN "Assignment" g ON g."id" = $2
         LEFT JOIN "Attempt" a ON a."assignmentId" = $2 AND a."userId" = $3`,
        [classId, assignmentId, userId],
      );
      const first = rows[0];
      return {
        enrolled: first?.enrolled === true,
        attempts: rows.flatMap((r) =>
          r.id === null ? [] : [{ id: r.id, state: r.state ?? "", number: r.number ?? 0 }],
        ),
        rules:
          first?.opensAt && first.dueAt && first.attemptsAllowed !== null
            ? {
                opensAt: first.opensAt,
                dueAt: first.dueAt,
                attemptsAllowed: first.attemptsAllowed,
                timeLimitSeconds: first.timeLimitSeconds,
              }
            : null,
      };
    },
    async createAttempt(attempt, decide, seen) {
      const readRules = async (): Promise<AttemptRules | null> =>
        (await one<AttemptRules>(
          "gw_assignment_rules",
          `SELECT "opensAt", "dueAt", "attemptsAllowed", "timeLimitSeconds" FROM "Assignment" WHERE "id" = $1`,
          [attempt.assignmentId],
        )) ?? null;
      let rules = seen === undefined ? await readRules() : seen;
      // Decided on the rules last read; the statement holds only while they still stand (an
      // instructor's change on another instance in between makes it read them again).
      for (let tries = 0; ; tries++) {
        const decision = decide(rules);
        if ("refused" in decision) return decision;
        if (!rules) throw new Error("decide allowed a start without an assignment");
        const id = randomUUID();
        let created: boolean;
        try {
          // The attempt and its questions in one statement: both or neither.
          const row = await one<{ created: boolean }>(
            "gw_create_attempt",
            `WITH g AS (
               SELECT 1 FROM "Assignment"
               WHERE "id" = $2 AND "opensAt" = $12::timestamp(3) AND "dueAt" = $13::timestamp(3)
                 AND "attemptsAllowed" = $14 AND "timeLimitSeconds" IS NOT DISTINCT FROM $15::integer),
             a AS (
               INSERT INTO "Attempt" ("id", "assignmentId", "userId", "number", "state", "seed", "viewKey", "startedAt", "deadlineAt")
               SELECT $1, $2, $3, $4, 'in_progress', $5, $6, $7::timestamp(3), $8::timestamp(3) FROM g
               RETURNING "id"),
             q AS (
               INSERT INTO "AttemptQuestion" ("id", "attemptId", "position", "questionId", "snapshot")
               SELECT q."id", a."id", q."position" - 1, q."questionId", s."snapshot"
               FROM a, unnest($9::text[], $10::text[]) WITH ORDINALITY AS q("id", "questionId", "position")
               JOIN jsonb_array_elements($11::jsonb) WITH ORDINALITY AS s("snapshot", "position")
                 ON s."position" = q."position")
             SELECT EXISTS (SELECT 1 FROM a) AS "created"`,
            [
              id,
              attempt.assignmentId,
              attempt.userId,
              attempt.number,
              attempt.seed,
              attempt.viewKey,
              iso(attempt.startedAt),
              iso(decision.deadlineAt),
              attempt.questions.map((q) => q.id),
              attempt.questions.map((q) => q.questionId),
              // The snapshots as one JSON array of the texts as they are: a text[] parameter would
              // have pg escape every character of them in JavaScript (a tenth of a start's CPU).
              `[${attempt.questions.map((q) => q.snapshot).join(",")}]`,
              iso(rules.opensAt),
              iso(rules.dueAt),
              rules.attemptsAllowed,
              rules.timeLimitSeconds,
            ],
          );
          created = row?.created === true;
        } catch (error) {
          if (isUniqueViolation(error)) return { taken: true };
          throw error;
        }
        if (created) return { created: { id, state: "in_progress", number: attempt.number } };
        if (tries >= 3) throw new Error("The assignment's settings kept changing during a start; try again.");
        rules = await readRules();
      }
    },
    async ownAttempt(attemptId) {
      const row = await one<OwnAttemptRow>(
        "gw_own_attempt",
        `SELECT a."id", a."userId", a."state", a."number", a."startedAt", a."deadlineAt", a."score", a."viewKey",
                g."id" AS "assignmentId", g."title" AS "assignmentTitle", g."dueAt", g."feedbackPolicy",
                l."id" AS "lessonId", l."title" AS "lessonTitle"
         FROM "Attempt" a
         JOIN "Assignment" g ON g."id" = a."assignmentId"
         JOIN "Lesson" l ON l."id" = g."lessonId"
         WHERE a."id" = $1`,
        [attemptId],
      );
      return row ? toOwnAttempt(row) : null;
    },
    async attemptQuestions(attemptId) {
      const rows = await query<QuestionRow>(
        "gw_attempt_questions",
        `SELECT q."id", q."position", q."snapshot"::text AS "snapshot", r."id" AS "responseId", r."value",
                r."revision", r."score", r."correct", r."feedback"
         FROM "AttemptQuestion" q LEFT JOIN "AttemptResponse" r ON r."attemptQuestionId" = q."id"
         WHERE q."attemptId" = $1 ORDER BY q."position"`,
        [attemptId],
      );
      return rows.map(toQuestionRow);
    },
    async attemptView(attemptId) {
      // The questions as one JSON array on the attempt's row: pg parses it with one native JSON.parse,
      // where a row per question (the attempt's columns repeated on each) cost a JavaScript parse of
      // every field, a third of a view's CPU.
      const row = await one<OwnAttemptRow & { questions: ViewQuestion[] | null }>(
        "gw_attempt_view",
        `SELECT a."id", a."userId", a."state", a."number", a."startedAt", a."deadlineAt", a."score", a."viewKey",
                g."id" AS "assignmentId", g."title" AS "assignmentTitle", g."dueAt", g."feedbackPolicy",
                l."id" AS "lessonId", l."title" AS "lessonTitle",
                (SELECT json_agg(json_build_array(q."id", q."position", q."snapshot"::text, r."id", r."value",
                                                  r."revision", r."score", r."correct", r."feedback")
                                 ORDER BY q."position")
                 FROM "AttemptQuestion" q LEFT JOIN "AttemptResponse" r ON r."attemptQuestionId" = q."id"
                 WHERE q."attemptId" = a."id") AS "questions"
         FROM "Attempt" a
         JOIN "Assignment" g ON g."id" = a."assignmentId"
         JOIN "Lesson" l ON l."id" = g."lessonId"
         WHERE a."id" = $1`,
        [attemptId],
      );
      if (!row) return null;
      return {
        attempt: toOwnAttempt(row),
        questions: (row.questions ?? []).map(
          ([id, position, snapshot, responseId, value, revision, score, correct, feedback]) =>
            toQuestionRow({ id, position, snapshot, responseId, value, revision, score, correct, feedback }),
        ),
      };
    },
    async attemptAnswers(attemptId) {
      const row = await one<OwnAttemptRow & { answers: ViewAnswer[] | null }>(
        "gw_attempt_answers",
        `SELECT a."id", a."userId", a."state", a."number", a."startedAt", a."deadlineAt", a."score", a."viewKey",
                g."id" AS "assignmentId", g."title" AS "assignmentTitle", g."dueAt", g."feedbackPolicy",
                l."id" AS "lessonId", l."title" AS "lessonTitle",
                (SELECT json_agg(json_build_array(r."attemptQuestionId", r."id", r."value", r."revision", r."score",
                                                  r."correct", r."feedback"))
                 FROM "AttemptResponse" r WHERE r."attemptId" = a."id") AS "answers"
         FROM "Attempt" a
         JOIN "Assignment" g ON g."id" = a."assignmentId"
         JOIN "Lesson" l ON l."id" = g."lessonId"
         WHERE a."id" = $1`,
        [attemptId],
      );
      if (!row) return null;
      return {
        attempt: toOwnAttempt(row),
        answers: new Map(
          (row.answers ?? []).map(([attemptQuestionId, id, value, revision, score, correct, feedback]) => [
            attemptQuestionId,
            { id, value, revision, score, correct, feedback },
          ]),
        ),
      };
    },
    async finishTarget(attemptId) {
      const row = await one<{
        state: string;
        gradeScore: number | null;
        gradeMaxScore: number | null;
        versionId: string;
      }>(
        "gw_finish_target",
        `SELECT a."state", gr."score" AS "gradeScore", gr."maxScore" AS "gradeMaxScore", c."versionId"
         FROM "Attempt" a
         JOIN "Assignment" g ON g."id" = a."assignmentId"
         JOIN "Lesson" l ON l."id" = g."lessonId"
         JOIN "Course" c ON c."id" = l."courseId"
         LEFT JOIN "Grade" gr ON gr."attemptId" = a."id"
         WHERE a."id" = $1`,
        [attemptId],
      );
      if (!row) return null;
      return {
        state: row.state,
        grade: row.gradeScore === null ? null : { score: row.gradeScore, maxScore: row.gradeMaxScore ?? 0 },
        versionId: row.versionId,
      };
    },
    async closeAttempt(attemptId, closing) {
      // The attempt's state after this statement: the one it set, or the one it found closed.
      const row = await one<{ state: string }>(
        "gw_close_attempt",
        `WITH closed AS (
           UPDATE "Attempt" SET "state" = $2 WHERE "id" = $1 AND "state" = 'in_progress' RETURNING "state")
         SELECT "state" FROM closed
         UNION ALL
         SELECT "state" FROM "Attempt" WHERE "id" = $1 AND NOT EXISTS (SELECT 1 FROM closed)`,
        [attemptId, closing],
      );
      return row?.state ?? null;
    },
    async recordGrade(grade) {
      try {
        // The grade, the stale answers' grades, the state and the outbox row in one statement.
        await query(
          "gw_record_grade",
          `WITH g AS (
             INSERT INTO "Grade" ("id", "attemptId", "score", "maxScore", "gradedAt")
             VALUES ($1, $2, $3, $4, $5::timestamp(3)) RETURNING "attemptId"),
           r AS (
             UPDATE "AttemptResponse" t SET "score" = u."score", "correct" = u."correct", "feedback" = u."feedback"
             FROM unnest($6::text[], $7::float8[], $8::boolean[], $9::text[]) AS u("id", "score", "correct", "feedback")
             WHERE t."id" = u."id" RETURNING t."id"),
           a AS (
             UPDATE "Attempt" SET "state" = $10, "finishedAt" = $5::timestamp(3), "score" = $11
             WHERE "id" = (SELECT "attemptId" FROM g) RETURNING "id")
           INSERT INTO "LearningOutbox" ("attemptId", "createdAt", "failures", "retryAt")
           SELECT "id", $12::timestamp(3), 0, $13::timestamp(3) FROM a WHERE $14::boolean`,
          [
            randomUUID(),
            grade.attemptId,
            grade.score,
            grade.maxScore,
            iso(grade.gradedAt),
            grade.regrades.map((r) => r.responseId),
            grade.regrades.map((r) => r.score),
            grade.regrades.map((r) => r.correct),
            grade.regrades.map((r) => r.feedback),
            grade.state,
            grade.fraction,
            iso(grade.outbox?.createdAt ?? grade.gradedAt),
            iso(grade.outbox?.retryAt ?? grade.gradedAt),
            grade.outbox !== null,
          ],
        );
        return "recorded";
      } catch (error) {
        if (isUniqueViolation(error)) return "taken";
        throw error;
      }
    },
    async saveTarget(attemptQuestionId) {
      const row = await one<{
        id: string;
        snapshot: string;
        attemptId: string;
        userId: string;
        state: string;
        deadlineAt: Date;
        viewKey: string | null;
        feedbackPolicy: string;
        versionId: string;
      }>(
        "gw_save_target",
        `SELECT q."id", q."snapshot"::text AS "snapshot", a."id" AS "attemptId", a."userId", a."state",
                a."deadlineAt", a."viewKey", g."feedbackPolicy", c."versionId"
         FROM "AttemptQuestion" q
         JOIN "Attempt" a ON a."id" = q."attemptId"
         JOIN "Assignment" g ON g."id" = a."assignmentId"
         JOIN "Lesson" l ON l."id" = g."lessonId"
         JOIN "Course" c ON c."id" = l."courseId"
         WHERE q."id" = $1`,
        [attemptQuestionId],
      );
      if (!row) return null;
      const { id, ...rest } = row;
      return { attemptQuestionId: id, ...rest };
    },
    async insertResponse(w) {
      try {
        const rows = await query(
          "gw_insert_response",
          `INSERT INTO "AttemptResponse"
             ("id", "attemptId", "attemptQuestionId", "value", "revision", "savedAt", "timeOnQuestionMs", "score", "correct", "feedback")
           SELECT $1, $2, $3, $4::jsonb, 1, $5::timestamp(3), $6, $7, $8, $9
           WHERE EXISTS (SELECT 1 FROM "Attempt" WHERE "id" = $2 AND "state" = 'in_progress' FOR SHARE)
           RETURNING "id"`,
          [
            randomUUID(),
            w.attemptId,
            w.attemptQuestionId,
            JSON.stringify(w.value ?? null),
            iso(w.savedAt),
            w.timeOnQuestionMs,
            w.score,
            w.correct,
            w.feedback,
          ],
        );
        return rows.length === 1 ? "saved" : "closed";
      } catch (error) {
        if (isUniqueViolation(error)) return "stale";
        throw error;
      }
    },
    async updateResponse(w, expectedRevision): Promise<SaveOutcome> {
      const rows = await query(
        "gw_update_response",
        `UPDATE "AttemptResponse"
         SET "value" = $1::jsonb, "revision" = $2, "savedAt" = $3::timestamp(3), "timeOnQuestionMs" = $4,
             "score" = $5, "correct" = $6, "feedback" = $7
         WHERE "attemptQuestionId" = $8 AND "revision" = $9
           AND EXISTS (SELECT 1 FROM "Attempt" WHERE "id" = $10 AND "state" = 'in_progress' FOR SHARE)
         RETURNING "id"`,
        [
          JSON.stringify(w.value ?? null),
          w.revision,
          iso(w.savedAt),
          w.timeOnQuestionMs,
          w.score,
          w.correct,
          w.feedback,
          w.attemptQuestionId,
          expectedRevision,
          w.attemptId,
        ],
      );
      if (rows.length === 1) return "saved";
      const state = await one<{ state: string }>(
        "gw_attempt_state",
        `SELECT "state" FROM "Attempt" WHERE "id" = $1`,
        [w.attemptId],
      );
      return state?.state === "in_progress" ? "stale" : "closed";
    },
    async gradebook(classId) {
      const [found, students, assignments, cells] = await Promise.all([
        one<GradebookRows["class"]>(
          "gw_class",
          `SELECT "id", "name", "instructorId" FROM "Class" WHERE "id" = $1`,
          [classId],
        ),
        query<GradebookRows["students"][number]>(
          "gw_gradebook_students",
          `SELECT u."id", u."name", u."email" FROM "Enrolment" e JOIN "User" u ON u."id" = e."userId"
           WHERE e."classId" = $1 ORDER BY u."name", u."id"`,
          [classId],
        ),
        query<GradebookRows["assignments"][number]>(
          "gw_gradebook_assignments",
          `SELECT "id", "title", "dueAt" FROM "Assignment" WHERE "classId" = $1 ORDER BY "dueAt", "id"`,
          [classId],
        ),
        query<{ userId: string; assignmentId: string; best: number; attempts: number }>(
          "gw_gradebook_cells",
          // An ungraded finished attempt (no score) counts 0, as the cell always showed.
          `SELECT a."userId", a."assignmentId", MAX(COALESCE(a."score", 0)) AS "best", COUNT(*)::int AS "attempts"
           FROM "Assignment" g JOIN "Attempt" a ON a."assignmentId" = g."id" AND a."state" = 'finished'
           WHERE g."classId" = $1
           GROUP BY a."userId", a."assignmentId"`,
          [classId],
        ),
      ]);
      if (!found) return null;
      return { class: found, students, assignments, cells };
    },
    gradebookStamp: async (classId) =>
      // HotPath.gradebookStamp: the same text as on SQLite.
      (await one<{ instructorId: string; stamp: string }>(
        "gw_gradebook_stamp",
        `
  SELECT c."instructorId",
    c."name" || '|' || COALESCE((SELECT COUNT(*) || '/' || MAX(e."createdAt") FROM "Enrolment" e WHERE e."classId" = c."id"), '')
      || '|' || COALESCE(CAST((SELECT MAX(u."updatedAt") FROM "User" u) AS TEXT), '')
      || '|' || COALESCE((SELECT COUNT(*) || '/' || MAX(g."updatedAt") FROM "Assignment" g WHERE g."classId" = c."id"), '')
      || '|' || COALESCE((SELECT SUM((SELECT COUNT(*) FROM "Attempt" a WHERE a."assignmentId" = g."id" AND a."state" = 'finished'))
        FROM "Assignment" g WHERE g."classId" = c."id"), 0) AS "stamp"
  FROM "Class" c WHERE c."id" = $1`,
        [classId],
      )) ?? null,
    close: () => undefined,
  };
}

type OwnAttemptRow = Omit<OwnAttempt, "assignment"> & {
  assignmentId: string;
  assignmentTitle: string;
  dueAt: Date;
  feedbackPolicy: string;
  lessonId: string;
  lessonTitle: string;
};
/** One question of `attemptView`'s JSON array, in QuestionRow's field order. */
type ViewQuestion = [
  id: string,
  position: number,
  snapshot: string,
  responseId: string | null,
  value: unknown,
  revision: number | null,
  score: number | null,
  correct: boolean | null,
  feedback: string | null,
];
/** One answer of `attemptAnswers`'s JSON array. */
type ViewAnswer = [
  attemptQuestionId: string,
  id: string,
  value: unknown,
  revision: number,
  score: number | null,
  correct: boolean | null,
  feedback: string | null,
];
interface QuestionRow {
  id: string;
  position: number;
  snapshot: string;
  responseId: string | null;
  value: unknown;
  revision: number | null;
  score: number | null;
  correct: boolean | null;
  feedback: string | null;
}

const toOwnAttempt = (row: OwnAttemptRow): OwnAttempt => ({
  id: row.id,
  userId: row.userId,
  state: row.state,
  number: row.number,
  startedAt: row.startedAt,
  deadlineAt: row.deadlineAt,
  score: row.score,
  viewKey: row.viewKey,
  assignment: {
    id: row.assignmentId,
    title: row.assignmentTitle,
    dueAt: row.dueAt,
    feedbackPolicy: row.feedbackPolicy,
    lesson: { id: row.lessonId, title: row.lessonTitle },
  },
});

const toQuestionRow = (row: QuestionRow): AttemptQuestionRow => ({
  id: row.id,
  position: row.position,
  snapshot: row.snapshot,
  response:
    row.responseId === null
      ? null
      : {
          id: row.responseId,
          value: row.value,
          revision: row.revision ?? 1,
          score: row.score,
          correct: row.correct,
          feedback: row.feedback,
        },
});

const isUniqueViolation = (error: unknown) => (error as { code?: unknown }).code === "23505";

/** `timestamp(3)` (without time zone, holding UTC as Prisma writes it) read as UTC. */
const timestampOid = 1114;
const readTimestamp = (text: string) => new Date(`${text.replace(" ", "T")}Z`);
const types = {
  getTypeParser: ((oid: number, format?: string) =>
    oid === timestampOid
      ? readTimestamp
      : (pg.types.getTypeParser as (oid: number, format?: string) => unknown)(
          oid,
          format,
        )) as pg.CustomTypesConfig["getTypeParser"],
};
