import type { Db } from "../db/client.ts";
import { ConflictError, InvalidInputError, NotFoundError } from "../errors.ts";
import { forgetAssignmentSettings } from "./attempts/index.ts";
import { type Actor, requireTaughtClass } from "./classes.ts";
import { type FeedbackPolicy, isFeedbackVisible } from "./feedback.ts";

export interface AssignmentInput {
  classId: string;
  lessonId: string;
  title?: string;
  opensAt: Date;
  dueAt: Date;
  attemptsAllowed: number;
  timeLimitSeconds: number | null;
  feedbackPolicy: FeedbackPolicy;
  questionCount: number;
}

/** Assigns a lesson's quiz to a class. The lesson must be from a published version. */
export async function createAssignment(db: Db, actor: Actor, input: AssignmentInput & { now: Date }) {
  await requireTaughtClass(db, actor, input.classId);
  if (input.dueAt <= input.opensAt)
    throw new InvalidInputError("dueAt: the due date must come after the opening date.");
  const lesson = await db.read.lesson.findUnique({
    where: { id: input.lessonId },
    select: { id: true, title: true, course: { select: { version: { select: { status: true } } } } },
  });
  if (lesson?.course.version.status !== "published") {
    throw new NotFoundError("No such lesson in a published course.");
  }
  return db.write((client) =>
    client.assignment.create({
      data: {
        classId: input.classId,
        lessonId: lesson.id,
        title: input.title?.trim() || lesson.title,
        opensAt: input.opensAt,
        dueAt: input.dueAt,
        attemptsAllowed: input.attemptsAllowed,
        timeLimitSeconds: input.timeLimitSeconds,
        feedbackPolicy: input.feedbackPolicy,
        questionCount: input.questionCount,
        createdAt: input.now,
      },
      select: { id: true, title: true },
    }),
  );
}

/** The settings an instructor may change after assigning (not the lesson or the class). */
export interface AssignmentChanges {
  title: string;
  opensAt: Date;
  dueAt: Date;
  attemptsAllowed: number;
  timeLimitSeconds: number | null;
  feedbackPolicy: FeedbackPolicy;
  questionCount: number;
}

/** The settings of an assignment as instructors see them, and its lesson. */
const settingsSelect = {
  id: true,
  title: true,
  opensAt: true,
  dueAt: true,
  attemptsAllowed: true,
  timeLimitSeconds: true,
  feedbackPolicy: true,
  questionCount: true,
  lesson: { select: { id: true, title: true } },
} as const;

/** An assignment of a class the actor teaches, with how many attempts it has; else not found. */
export async function getTaughtAssignment(db: Db, actor: Actor, assignmentId: string) {
  const row = await db.read.assignment.findUnique({
    where: { id: assignmentId },
    select: {
      ...settingsSelect,
      class: { select: { id: true, name: true, instructorId: true } },
      _count: { select: { attempts: true } },
    },
  });
  if (!row || (row.class.instructorId !== actor.id && actor.role !== "admin")) {
    throw new NotFoundError("No such assignment.");
  }
  const { _count, class: klass, ...rest } = row;
  return { ...rest, class: { id: klass.id, name: klass.name }, attemptCount: _count.attempts };
}

/**
 * Changes an assignment's settings. Attempts in progress follow the new due date and time limit (their
 * deadline is worked out again; one moved into the past is closed and graded by the overdue sweep).
 * Finished attempts keep their grades. The number of questions can change only before anyone starts,
 * so that every student of an assignment answers as many.
 */
export async function updateAssignment(
  db: Db,
  actor: Actor,
  input: AssignmentChanges & { assignmentId: string },
) {
  const current = await getTaughtAssignment(db, actor, input.assignmentId);
  if (input.dueAt <= input.opensAt)
    throw new InvalidInputError("dueAt: the due date must come after the opening date.");
  if (input.questionCount !== current.questionCount && current.attemptCount > 0) {
    throw new ConflictError(
      `questionCount: ${current.attemptCount} attempt(s) were drawn with ${current.questionCount} questions; the number can change only before anyone starts.`,
    );
  }
  const title = input.title.trim() || current.lesson.title;
  await db.transaction(async (tx) => {
    await tx.assignment.update({
      where: { id: current.id },
      data: {
        title,
        opensAt: input.opensAt,
        dueAt: input.dueAt,
        attemptsAllowed: input.attemptsAllowed,
        timeLimitSeconds: input.timeLimitSeconds,
        feedbackPolicy: input.feedbackPolicy,
        questionCount: input.questionCount,
      },
    });
    const limitMs = input.timeLimitSeconds === null ? null : input.timeLimitSeconds * 1000;
    if (limitMs === null) {
      await tx.attempt.updateMany({
        where: { assignmentId: current.id, state: "in_progress" },
        data: { deadlineAt: input.dueAt },
      });
      return;
    }
    const open = await tx.attempt.findMany({
      where: { assignmentId: current.id, state: "in_progress" },
      select: { id: true, startedAt: true },
    });
    for (const attempt of open) {
      const deadlineAt = new Date(Math.min(input.dueAt.getTime(), attempt.startedAt.getTime() + limitMs));
      await tx.attempt.updateMany({ where: { id: attempt.id, state: "in_progress" }, data: { deadlineAt } });
    }
  });
  forgetAssignmentSettings(current.id);
  return { id: current.id, title };
}

/**
 * Deletes an assignment nobody has started. One with attempts is refused: deleting it would lose
 * students' answers and grades; moving its due date to now closes it instead.
 */
export async function deleteAssignment(db: Db, actor: Actor, assignmentId: string) {
  const current = await getTaughtAssignment(db, actor, assignmentId);
  const refuse = (count: number) =>
    new ConflictError(
      `Students have ${count} attempt(s) at "${current.title}": deleting it would lose their answers and grades. To close it, set its due date to now.`,
    );
  if (current.attemptCount > 0) throw refuse(current.attemptCount);
  // Only if still unstarted: a student starting meanwhile keeps the assignment.
  const { count } = await db.write((client) =>
    client.assignment.deleteMany({ where: { id: current.id, attempts: { none: {} } } }),
  );
  if (count === 0) throw refuse(await db.read.attempt.count({ where: { assignmentId: current.id } }));
  forgetAssignmentSettings(current.id);
  return { id: current.id };
}

export async function listClassAssignments(db: Db, actor: Actor, classId: string) {
  await requireTaughtClass(db, actor, classId);
  return db.read.assignment.findMany({
    where: { classId },
    orderBy: { dueAt: "asc" },
    select: settingsSelect,
  });
}

/** What a student has to do: assignments in their classes, with their attempts. */
export async function listStudentAssignments(db: Db, userId: string, now: Date) {
  const rows = await db.read.assignment.findMany({
    where: { class: { enrolments: { some: { userId } } } },
    orderBy: { dueAt: "asc" },
    select: {
      id: true,
      title: true,
      opensAt: true,
      dueAt: true,
      attemptsAllowed: true,
      timeLimitSeconds: true,
      feedbackPolicy: true,
      class: { select: { id: true, name: true } },
      lesson: { select: { id: true, title: true, course: { select: { id: true, title: true } } } },
      attempts: {
        where: { userId },
        orderBy: { number: "asc" },
        select: { id: true, number: true, state: true, score: true, finishedAt: true },
      },
    },
  });
  return rows.map((row) => ({
    ...row,
    attempts: row.attempts.map((a) => ({
      ...a,
      score: isFeedbackVisible(row.feedbackPolicy, a.state, row.dueAt, now) ? a.score : null,
    })),
  }));
}
