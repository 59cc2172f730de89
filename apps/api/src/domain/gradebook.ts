import { computeItemStatistics, type Question, QuestionSchema } from "@groundwork/quiz-engine";
import { z } from "zod";
import type { Db } from "../db/client.ts";
import { NotFoundError } from "../errors.ts";
import type { GradebookRows } from "../pinned/hot-path.ts";
import { type Actor, requireTaughtClass } from "./classes.ts";
import { deepFreeze } from "./deep-freeze.ts";

/** What `assignment.gradebook` returns: only these fields, whatever the rows held. */
export const GradebookSchema = z.object({
  class: z.object({ id: z.string(), name: z.string() }),
  assignments: z.array(z.object({ id: z.string(), title: z.string(), dueAt: z.date() })),
  rows: z.array(
    z.object({
      student: z.object({ id: z.string(), name: z.string(), email: z.string() }),
      cells: z.array(
        z.object({ assignmentId: z.string(), score: z.number().nullable(), attempts: z.number().int() }),
      ),
    }),
  ),
});
type GradebookData = z.output<typeof GradebookSchema>;

interface CachedGradebook {
  stamp: string;
  book: GradebookData;
}

/** Gradebooks by class, each with the stamp it was read under; the most recently read last. */
const gradebookCache = new Map<string, CachedGradebook>();
const gradebookCacheLimit = 64;

/**
 * Students x assignments: each student's best finished score per assignment (null when none).
 *
 * A class of 200 is a thousand cells, and building them was most of the request (BENCHMARKS.md), so
 * the last one built is kept per class and served again while the class's stamp (`gradebookStamp`,
 * one aggregate row by a prepared statement) stays the same. The stamp is read before the gradebook, so a kept gradebook is never
 * older than its stamp.
 */
export async function getGradebook(db: Db, actor: Actor, classId: string): Promise<GradebookData> {
  const current = await db.hot.gradebookStamp(classId);
  if (!current || (current.instructorId !== actor.id && actor.role !== "admin"))
    throw new NotFoundError("No such class.");
  const cached = gradebookCache.get(classId);
  gradebookCache.delete(classId);
  if (cached?.stamp === current.stamp) {
    gradebookCache.set(classId, cached);
    return cached.book;
  }
  const rows = await db.hot.gradebook(classId);
  if (!rows) throw new NotFoundError("No such class.");
  const book = shapeGradebook(rows);
  gradebookCache.set(classId, { stamp: current.stamp, book });
  for (const oldest of gradebookCache.keys()) {
    if (gradebookCache.size <= gradebookCacheLimit) break;
    gradebookCache.delete(oldest);
  }
  return book;
}

/** One row per student with a cell per assignment, in the assignments' order, checked by its schema. */
function shapeGradebook(rows: GradebookRows): GradebookData {
  const column = new Map(rows.assignments.map((as, i) => [as.id, i]));
  const cellsOf = new Map<string, Array<{ assignmentId: string; score: number | null; attempts: number }>>();
  const students = rows.students.map((student) => {
    const cells = rows.assignments.map((as) => ({
      assignmentId: as.id,
      score: null as number | null,
      attempts: 0,
    }));
    cellsOf.set(student.id, cells);
    return { student, cells };
  });
  for (const found of rows.cells) {
    const i = column.get(found.assignmentId);
    const cell = i === undefined ? undefined : cellsOf.get(found.userId)?.[i];
    if (!cell) continue;
    cell.score = found.best;
    cell.attempts = found.attempts;
  }
  // Frozen: a kept gradebook is served to every request while its stamp holds.
  return deepFreeze(
    GradebookSchema.parse({
      class: { id: rows.class.id, name: rows.class.name },
      assignments: rows.assignments,
      rows: students,
    }),
  );
}

const csvCell = (value: string | number | null): string => {
  if (value === null) return "";
  const text = String(value);
  // Quote everything textual, and defuse spreadsheet formulas (=, +, -, @ at the start).
  const safe = /^[=+\-@\t\r]/.test(text) ? `'${text}` : text;
  return typeof value === "number" ? text : `"${safe.replace(/"/g, '""')}"`;
};

/** The gradebook as CSV: one row per student, scores as percentages. */
export async function exportGradebookCsv(db: Db, actor: Actor, classId: string): Promise<string> {
  const book = await getGradebook(db, actor, classId);
  const header = ["Name", "Email", ...book.assignments.map((a) => a.title)].map(csvCell).join(",");
  const lines = book.rows.map((row) =>
    [
      csvCell(row.student.name),
      csvCell(row.student.email),
      ...row.cells.map((c) => csvCell(c.score === null ? null : Math.round(c.score * 1000) / 10)),
    ].join(","),
  );
  return `${[header, ...lines].join("\r\n")}\r\n`;
}

/**
 * Item statistics for an assignment: facility, discrimination and distractor choices per question,
 * from every finished attempt's first answer, each linked to its source passage.
 */
export async function getItemStatistics(db: Db, actor: Actor, assignmentId: string) {
  const assignment = await db.read.assignment.findUnique({
    where: { id: assignmentId },
    select: { id: true, title: true, classId: true, lesson: { select: { courseId: true } } },
  });
  if (!assignment) throw new NotFoundError("No such assignment.");
  await requireTaughtClass(db, actor, assignment.classId);
  const rows = await db.read.attemptQuestion.findMany({
    where: { attempt: { assignmentId, state: "finished" } },
    select: {
      snapshot: true,
      attempt: { select: { userId: true } },
      response: { select: { value: true, score: true } },
    },
  });
  const questions = new Map<string, Question>();
  // One per question answered (the engine's `GradedAnswer`), not a sitting.
  const answers: Array<{ studentId: string; questionId: string; score: number; response?: unknown }> = [];
  for (const row of rows) {
    const question = QuestionSchema.parse(row.snapshot);
    questions.set(question.id, question);
    answers.push({
      studentId: row.attempt.userId,
      questionId: question.id,
      score: row.response?.score ?? 0,
      ...(row.response ? { response: row.response.value } : {}),
    });
  }
  const stats = computeItemStatistics([...questions.values()], answers);
  return {
    assignment: { id: assignment.id, title: assignment.title, courseId: assignment.lesson.courseId },
    // Every statistic is of one of `questions`.
    items: stats.flatMap((s) => {
      const q = questions.get(s.questionId);
      return q ? [{ ...s, type: q.type, stem: q.stem, source: q.sourceRefs[0] ?? null }] : [];
    }),
  };
}
