import {
  createReviewCard,
  fromStudentResponse,
  type GradeResult,
  type Question,
  QuizEngineError,
  scheduleReview,
  toReviewOutcome,
  toStudentView,
} from "@groundwork/quiz-engine";
import { z } from "zod";
import type { Db } from "../../db/client.ts";
import { toJson } from "../../db/json.ts";
import { InvalidInputError, NotFoundError } from "../../errors.ts";
import type { Prisma } from "../../generated/sqlite/client.ts";
import { gradeStudentResponse } from "../grading.ts";
import { createViewKey, studentIdMask } from "../student-ids.ts";
import { loadVersion, type VersionSnapshot } from "../versions/index.ts";

/** The review-card writes of one attempt, worked out before its transaction (planCards). */
export interface CardPlan {
  fresh: Prisma.ReviewCardCreateManyInput[];
  updates: Array<{ id: string; data: Prisma.ReviewCardUpdateInput }>;
}

/**
 * Schedules a card per graded question: the student's existing card for the question (same version
 * and question id) moves on, the others are new. Reads only, so the writes can go in one batch.
 */
export async function planCards(
  db: Db,
  input: {
    userId: string;
    courseSlug: string;
    versionId: string;
    /** `questionId` is the Question row drawn (one variant); `question` its parsed snapshot. */
    graded: Array<{ questionId: string; question: Question; result: GradeResult; timeOnQuestionMs: number }>;
    now: Date;
  },
): Promise<CardPlan> {
  const existing = await db.read.reviewCard.findMany({
    where: {
      userId: input.userId,
      versionId: input.versionId,
      questionKey: { in: input.graded.map((g) => g.question.id) },
    },
    select: { id: true, questionKey: true, card: true },
  });
  const cardByKey = new Map(existing.map((c) => [c.questionKey, c]));
  const plan: CardPlan = { fresh: [], updates: [] };
  for (const g of input.graded) {
    const stored = cardByKey.get(g.question.id);
    const card = stored ? reviveCard(stored.card) : createReviewCard(input.now);
    const next = scheduleReview(card, toReviewOutcome(g.question, g.result, g.timeOnQuestionMs), input.now);
    if (stored) {
      plan.updates.push({
        id: stored.id,
        data: { question: { connect: { id: g.questionId } }, card: toJson(next.card), due: next.card.due },
      });
      continue;
    }
    plan.fresh.push({
      userId: input.userId,
      questionKey: g.question.id,
      versionId: input.versionId,
      viewKey: createViewKey(),
      courseSlug: input.courseSlug,
      questionId: g.questionId,
      card: toJson(next.card),
      due: next.card.due,
      updatedAt: input.now,
    });
  }
  return plan;
}

type Card = ReturnType<typeof createReviewCard>;

/** A ts-fsrs card as stored (JSON): its dates are strings, `last_review` absent before the first. */
const StoredCardSchema = z.object({
  due: z.coerce.date(),
  stability: z.number(),
  difficulty: z.number(),
  elapsed_days: z.number(),
  scheduled_days: z.number(),
  // ts-fsrs 4 cards had none; 0 is what ts-fsrs 5 gives a new one.
  learning_steps: z.number().default(0),
  reps: z.number(),
  lapses: z.number(),
  state: z.number().int(),
  last_review: z
    .string()
    .nullish()
    .transform((value) => (value ? new Date(value) : undefined)),
});

/** A card back from JSON. */
export function reviveCard(stored: unknown): Card {
  return StoredCardSchema.parse(stored) satisfies Card;
}

/**
 * The question a card reviews, from its version's snapshot (parsed once per process for a published
 * version). `versions` shares the loads of one request's cards.
 */
async function reviewedQuestion(
  db: Db,
  card: { versionId: string; questionId: string },
  versions = new Map<string, Promise<VersionSnapshot>>(),
): Promise<Question> {
  let version = versions.get(card.versionId);
  if (!version) {
    version = loadVersion(db, card.versionId);
    versions.set(card.versionId, version);
  }
  const item = (await version).questionById.get(card.questionId);
  if (!item) throw new NotFoundError("No such review item.");
  return item.question;
}

/** The review items due now (student view, with the card's own ids), earliest first. */
export async function listDueReviews(db: Db, input: { userId: string; now: Date; limit: number }) {
  const cards = await db.read.reviewCard.findMany({
    where: { userId: input.userId, due: { lte: input.now } },
    orderBy: { due: "asc" },
    take: input.limit,
    select: { id: true, due: true, courseSlug: true, versionId: true, questionId: true, viewKey: true },
  });
  const total = await db.read.reviewCard.count({ where: { userId: input.userId, due: { lte: input.now } } });
  const versions = new Map<string, Promise<VersionSnapshot>>();
  const items = [];
  for (const c of cards) {
    const question = await reviewedQuestion(db, c, versions);
    items.push({
      cardId: c.id,
      due: c.due,
      courseSlug: c.courseSlug,
      question: toStudentView(question, studentIdMask(c.viewKey, c.id)),
    });
  }
  return { total, items };
}

/** Answers a review item: graded on the server, and rescheduled by FSRS from correctness and time. */
export async function answerReview(
  db: Db,
  input: { userId: string; cardId: string; response: unknown; timeOnQuestionMs: number; now: Date },
): Promise<{ result: GradeResult; nextDue: Date }> {
  const card = await db.read.reviewCard.findUnique({
    where: { id: input.cardId },
    select: { id: true, userId: true, versionId: true, viewKey: true, questionId: true, card: true },
  });
  if (!card || card.userId !== input.userId) throw new NotFoundError("No such review item.");
  const question = await reviewedQuestion(db, card);
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
