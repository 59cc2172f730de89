import {
  computeMastery,
  createReviewCard,
  fromStudentResponse,
  type GradeResult,
  type Question,
  QuestionSchema,
  QuizEngineError,
  scheduleReview,
  toReviewOutcome,
  toStudentView,
} from "@groundwork/quiz-engine";
import { z } from "zod";
import type { Db, TransactionClient } from "../db/client.ts";
import { isUniqueViolation, toJson } from "../db/json.ts";
import { InvalidInputError, NotFoundError } from "../errors.ts";
import { isFeedbackVisible } from "./feedback.ts";
import { gradeStudentResponse } from "./grading.ts";
import { createViewKey, studentIdMask } from "./student-ids.ts";

const MasteryItemSchema = z.object({ conceptIds: z.array(z.string()), difficulty: z.number() });

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

/**
 * Writes what an attempt's grade teaches: mastery per concept (recomputed from every released answer
 * in the course) and a review card per question, keyed by course version and question id. Nothing
 * of it is written before the feedback policy shows the result, since each part tells the grade:
 * mastery moves, and a card's next due date is a minute away for a wrong answer, days for a right one.
 * So an after_due attempt's data is written by the sweep once the due date has passed, and the
 * review is scheduled from then, when the student first sees the answers.
 *
 * Runs once per attempt: the transaction first claims `learningAt`, so a second caller (another
 * instance's sweep) finds it taken and does nothing. Returns whether this call wrote the data.
 */
export async function releaseLearningData(db: Db, input: { attemptId: string; now: Date }): Promise<boolean> {
  const attempt = await db.read.attempt.findUnique({
    where: { id: input.attemptId },
    select: {
      userId: true,
      state: true,
      learningAt: true,
      assignment: {
        select: {
          feedbackPolicy: true,
          dueAt: true,
          lesson: { select: { course: { select: { slug: true, versionId: true } } } },
        },
      },
      questions: {
        select: {
          snapshot: true,
          response: { select: { score: true, correct: true, feedback: true, timeOnQuestionMs: true } },
        },
      },
    },
  });
  if (attempt?.state !== "finished" || attempt.learningAt) return false;
  const { assignment } = attempt;
  if (!isFeedbackVisible(assignment.feedbackPolicy, attempt.state, assignment.dueAt, input.now)) return false;
  const { slug: courseSlug, versionId } = assignment.lesson.course;
  const graded = attempt.questions.flatMap((row) => {
    const response = row.response;
    if (response?.score === null || response?.score === undefined) return [];
    const question = QuestionSchema.parse(row.snapshot);
    const result: GradeResult = {
      score: response.score,
      correct: response.correct ?? false,
      feedback: response.feedback ?? "",
      sourceRefs: question.sourceRefs,
    };
    return [{ question, result, timeOnQuestionMs: response.timeOnQuestionMs }];
  });

  const history = await db.read.attemptResponse.findMany({
    where: {
      score: { not: null },
      attempt: {
        userId: attempt.userId,
        state: "finished",
        // Released answers only (and this attempt's): an unreleased grade must not move mastery.
        OR: [{ learningAt: { not: null } }, { id: input.attemptId }],
        assignment: { lesson: { course: { slug: courseSlug } } },
      },
    },
    select: { score: true, attemptQuestion: { select: { snapshot: true } } },
  });
  // Mastery needs only each item's concepts and difficulty, not the whole question.
  const items = history.map((h, i) => ({
    ...MasteryItemSchema.parse(h.attemptQuestion.snapshot),
    id: String(i),
  }));
  const mastery = computeMastery(
    items,
    history.map((h, i) => ({ studentId: attempt.userId, questionId: String(i), score: h.score ?? 0 })),
  );

  const write = () =>
    db.transaction(async (tx) => {
      const claimed = await tx.attempt.updateMany({
        where: { id: input.attemptId, learningAt: null },
        data: { learningAt: input.now },
      });
      if (claimed.count === 0) return false;
      // Mastery is recomputed from the whole history, so the course's rows are replaced.
      await tx.mastery.deleteMany({
        where: {
          userId: attempt.userId,
          courseSlug,
          conceptKey: { in: mastery.map((m) => m.conceptId) },
        },
      });
      await tx.mastery.createMany({
        data: mastery.map((m) => ({
          userId: attempt.userId,
          courseSlug,
          conceptKey: m.conceptId,
          value: m.mastery,
          evidence: m.attempts,
        })),
      });
      await scheduleCards(tx, { userId: attempt.userId, courseSlug, versionId, graded, now: input.now });
      return true;
    });
  // Two of the student's attempts released at once (PostgreSQL) can both insert a row: the loser,
  // rolled back, runs again and now updates.
  return write().catch((error: unknown) => {
    if (!isUniqueViolation(error)) throw error;
    return write();
  });
}

async function scheduleCards(
  tx: TransactionClient,
  input: {
    userId: string;
    courseSlug: string;
    versionId: string;
    graded: Array<{ question: Question; result: GradeResult; timeOnQuestionMs: number }>;
    now: Date;
  },
): Promise<void> {
  const existing = await tx.reviewCard.findMany({
    where: {
      userId: input.userId,
      versionId: input.versionId,
      questionKey: { in: input.graded.map((g) => g.question.id) },
    },
    select: { questionKey: true, card: true },
  });
  const cardByKey = new Map(existing.map((c) => [c.questionKey, c.card]));
  const fresh = [];
  for (const g of input.graded) {
    const stored = cardByKey.get(g.question.id);
    const card = stored ? reviveCard(stored) : createReviewCard(input.now);
    const next = scheduleReview(card, toReviewOutcome(g.question, g.result, g.timeOnQuestionMs), input.now);
    if (!stored) {
      fresh.push({
        userId: input.userId,
        questionKey: g.question.id,
        versionId: input.versionId,
        viewKey: createViewKey(),
        courseSlug: input.courseSlug,
        question: toJson(g.question),
        card: toJson(next.card),
        due: next.card.due,
        updatedAt: input.now,
      });
      continue;
    }
    await tx.reviewCard.update({
      where: {
        userId_versionId_questionKey: {
          userId: input.userId,
          versionId: input.versionId,
          questionKey: g.question.id,
        },
      },
      data: { question: toJson(g.question), card: toJson(next.card), due: next.card.due },
      select: { id: true },
    });
  }
  // New cards in one statement: a first attempt makes a card for every question.
  if (fresh.length > 0) await tx.reviewCard.createMany({ data: fresh });
}

type Card = ReturnType<typeof createReviewCard>;

/** A card back from JSON: its dates were stored as strings. */
export function reviveCard(stored: unknown): Card {
  const card = stored as Record<string, unknown>;
  return {
    ...(card as unknown as Card),
    due: new Date(String(card.due)),
    last_review: card.last_review ? new Date(String(card.last_review)) : undefined,
  } as Card;
}

/** The review items due now (student view, with the card's own ids), earliest first. */
export async function listDueReviews(db: Db, input: { userId: string; now: Date; limit: number }) {
  const cards = await db.read.reviewCard.findMany({
    where: { userId: input.userId, due: { lte: input.now } },
    orderBy: { due: "asc" },
    take: input.limit,
    select: { id: true, due: true, courseSlug: true, question: true, viewKey: true },
  });
  const total = await db.read.reviewCard.count({ where: { userId: input.userId, due: { lte: input.now } } });
  return {
    total,
    items: cards.map((c) => ({
      cardId: c.id,
      due: c.due,
      courseSlug: c.courseSlug,
      question: toStudentView(QuestionSchema.parse(c.question), studentIdMask(c.viewKey, c.id)),
    })),
  };
}

/** Answers a review item: graded on the server, and rescheduled by FSRS from correctness and time. */
export async function answerReview(
  db: Db,
  input: { userId: string; cardId: string; response: unknown; timeOnQuestionMs: number; now: Date },
): Promise<{ result: GradeResult; nextDue: Date }> {
  const card = await db.read.reviewCard.findUnique({
    where: { id: input.cardId },
    select: { id: true, userId: true, versionId: true, viewKey: true, question: true, card: true },
  });
  if (!card || card.userId !== input.userId) throw new NotFoundError("No such review item.");
  const question = QuestionSchema.parse(card.question);
  const mask = studentIdMask(card.viewKey, card.id);
  let response = input.response;
  try {
    if (mask) response = fromStudentResponse(question, mask, input.response);
  } catch (error) {
    if (error instanceof QuizEngineError) throw new InvalidInputError(error.message);
    throw error;
  }
  const result = await gradeStudentResponse(db, { versionId: card.versionId, question, response });
  const next = scheduleReview(
    reviveCard(card.card),
    toReviewOutcome(question, result, Math.max(0, input.timeOnQuestionMs)),
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
