import { computeItemStatistics, type Question, QuestionSchema } from "@groundwork/quiz-engine";
import type { Db } from "../db/client.ts";
import { NotFoundError } from "../errors.ts";
import { type Actor, requireTaughtClass } from "./classes.ts";

/** Students x assignments: each student's best finished score per assignment (null when none). */
export async function getGradebook(db: Db, actor: Actor, classId: string) {
  const book = await db.hot.gradebook(classId);
  if (!book || (book.class.instructorId !== actor.id && actor.role !== "admin"))
    throw new NotFoundError("No such class.");
  const cells = new Map(book.cells.map((c) => [`${c.userId}:${c.assignmentId}`, c]));
  return {
    class: { id: book.class.id, name: book.class.name },
    assignments: book.assignments,
    rows: book.students.map((student) => ({
      student,
      cells: book.assignments.map((as) => {
        const cell = cells.get(`${student.id}:${as.id}`);
        return { assignmentId: as.id, score: cell?.best ?? null, attempts: cell?.attempts ?? 0 };
      }),
    })),
  };
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
  // One per question answered (the engine's `Attempt`), not a sitting.
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
    items: stats.map((s) => {
      const q = questions.get(s.questionId);
      return {
        ...s,
        type: q?.type ?? "single_choice",
        stem: q?.stem ?? "",
        source: q?.sourceRefs[0] ?? null,
      };
    }),
  };
}
