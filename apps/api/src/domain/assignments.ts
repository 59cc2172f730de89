import type { Db } from "../db/client.ts";
import { InvalidInputError, NotFoundError } from "../errors.ts";
import { type FeedbackPolicy, isFeedbackVisible } from "./attempts.ts";
import { type Actor, requireTaughtClass } from "./classes.ts";

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

export async function listClassAssignments(db: Db, actor: Actor, classId: string) {
  await requireTaughtClass(db, actor, classId);
  return db.read.assignment.findMany({
    where: { classId },
    orderBy: { dueAt: "asc" },
    select: {
      id: true,
      title: true,
      opensAt: true,
      dueAt: true,
      attemptsAllowed: true,
      timeLimitSeconds: true,
      feedbackPolicy: true,
      questionCount: true,
      lesson: { select: { id: true, title: true } },
    },
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
