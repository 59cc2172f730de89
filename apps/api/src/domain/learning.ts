import {
  estimateResponseMs,
  type GradeResult,
  gradeResponse,
  QuestionSchema,
  QuizEngineError,
  scheduleReview,
  toStudentView,
} from "@groundwork/quiz-engine";
import type { Db } from "../db/client.ts";
import { toJson } from "../db/json.ts";
import { InvalidInputError, NotFoundError } from "../errors.ts";
import { reviveCard } from "./attempts.ts";

/** Mastery per concept for a student, with the concept names of the course's published version. */
export async function getMastery(db: Db, userId: string) {
  const rows = await db.read.mastery.findMany({
    where: { userId },
    orderBy: [{ courseSlug: "asc" }, { conceptKey: "asc" }],
    select: { courseSlug: true, conceptKey: true, value: true, evidence: true, updatedAt: true },
  });
  const concepts = await db.read.concept.findMany({
    where: { key: { in: rows.map((r) => r.conceptKey) }, course: { version: { status: "published" } } },
    select: { key: true, name: true, course: { select: { slug: true } } },
  });
  const names = new Map(concepts.map((c) => [`${c.course.slug}:${c.key}`, c.name]));
  return rows.map((r) => ({
    courseSlug: r.courseSlug,
    conceptId: r.conceptKey,
    name: names.get(`${r.courseSlug}:${r.conceptKey}`) ?? r.conceptKey,
    mastery: r.value,
    evidence: r.evidence,
    isMastered: r.evidence >= 3 && r.value >= 0.8,
  }));
}

/** The review items due now (student view), earliest first. */
export async function listDueReviews(db: Db, input: { userId: string; now: Date; limit: number }) {
  const cards = await db.read.reviewCard.findMany({
    where: { userId: input.userId, due: { lte: input.now } },
    orderBy: { due: "asc" },
    take: input.limit,
    select: { id: true, due: true, courseSlug: true, question: true },
  });
  const total = await db.read.reviewCard.count({ where: { userId: input.userId, due: { lte: input.now } } });
  return {
    total,
    items: cards.map((c) => ({
      cardId: c.id,
      due: c.due,
      courseSlug: c.courseSlug,
      question: toStudentView(QuestionSchema.parse(c.question)),
    })),
  };
}

/** Answers a review item: graded on the server, and rescheduled by FSRS from correctness and time. */
export async function answerReview(
  db: Db,
  input: { userId: string; cardId: string; response: unknown; elapsedMs: number; now: Date },
): Promise<{ result: GradeResult; nextDue: Date }> {
  const card = await db.read.reviewCard.findUnique({
    where: { id: input.cardId },
    select: { id: true, userId: true, question: true, card: true },
  });
  if (!card || card.userId !== input.userId) throw new NotFoundError("No such review item.");
  const question = QuestionSchema.parse(card.question);
  let result: GradeResult;
  try {
    result = gradeResponse(question, input.response);
  } catch (error) {
    if (error instanceof QuizEngineError) throw new InvalidInputError(error.message);
    throw error;
  }
  const expectedMs = estimateResponseMs(question);
  const next = scheduleReview(
    reviveCard(card.card),
    {
      score: result.score,
      correct: result.correct,
      responseMs: Math.max(0, input.elapsedMs) || expectedMs,
      expectedMs,
    },
    input.now,
  );
  await db.write((client) =>
    client.reviewCard.update({
      where: { id: card.id },
      data: { card: toJson(next.card), due: next.card.due },
      select: { id: true },
    }),
  );
  return { result, nextDue: next.card.due };
}
