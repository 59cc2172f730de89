import { computeMastery, type GradeResult, QuestionSchema } from "@groundwork/quiz-engine";
import type { Db } from "../../db/client.ts";
import { isUniqueViolation } from "../../db/json.ts";
import { batchOptions } from "../batch-options.ts";
import { isFeedbackVisible } from "../feedback.ts";
import { MasteryItemSchema } from "./mastery.ts";
import { planCards } from "./review-cards.ts";

/** Prisma's "record to update or delete does not exist", the same on both providers. */
const isMissingRecord = (error: unknown) =>
  typeof error === "object" && error !== null && "code" in error && error.code === "P2025";

/**
 * Writes what an attempt's grade teaches: mastery per concept (recomputed from every released answer
 * in the course) and a review card per question, keyed by course version and question id. Nothing
 * of it is written before the feedback policy shows the result, since each part tells the grade:
 * mastery moves, and a card's next due date is a minute away for a wrong answer, days for a right one.
 * So an after_due attempt's data is written once the due date has passed, and the review is
 * scheduled from then, when the student first sees the answers.
 *
 * Everything is read first; the writes then go in one batch transaction, a single short turn of the
 * SQLite writer however many questions the attempt has. The batch begins by deleting the attempt's
 * outbox row (outbox.ts), which is the claim: a second caller (another instance, the sweep) finds it
 * gone, its batch rolls back, and it does nothing. Returns whether this call wrote the data.
 */
export async function releaseLearningData(db: Db, input: { attemptId: string; now: Date }): Promise<boolean> {
  const attempt = await db.read.attempt.findUnique({
    where: { id: input.attemptId },
    select: {
      userId: true,
      state: true,
      learningAt: true,
      learningOutbox: { select: { attemptId: true } },
      assignment: {
        select: {
          feedbackPolicy: true,
          dueAt: true,
          lesson: { select: { course: { select: { slug: true, versionId: true } } } },
        },
      },
      questions: {
        select: {
          questionId: true,
          snapshot: true,
          response: { select: { score: true, correct: true, feedback: true, timeOnQuestionMs: true } },
        },
      },
    },
  });
  if (attempt?.state !== "finished" || attempt.learningAt || !attempt.learningOutbox) return false;
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
    return [{ questionId: row.questionId, question, result, timeOnQuestionMs: response.timeOnQuestionMs }];
  });

  const write = async () => {
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
    const cards = await planCards(db, {
      userId: attempt.userId,
      courseSlug,
      versionId,
      graded,
      now: input.now,
    });
    await db.write((client) =>
      client.$transaction(
        [
          client.learningOutbox.delete({
            where: { attemptId: input.attemptId },
            select: { attemptId: true },
          }),
          client.attempt.update({
            where: { id: input.attemptId },
            data: { learningAt: input.now },
            select: { id: true },
          }),
          // Mastery is recomputed from the whole history, so the course's rows are replaced.
          client.mastery.deleteMany({
            where: {
              userId: attempt.userId,
              courseSlug,
              conceptKey: { in: mastery.map((m) => m.conceptId) },
            },
          }),
          client.mastery.createMany({
            data: mastery.map((m) => ({
              userId: attempt.userId,
              courseSlug,
              conceptKey: m.conceptId,
              value: m.mastery,
              evidence: m.answers,
            })),
          }),
          ...cards.updates.map((u) =>
            client.reviewCard.update({ where: { id: u.id }, data: u.data, select: { id: true } }),
          ),
          // New cards in one statement: a first attempt makes a card for every question.
          client.reviewCard.createMany({ data: cards.fresh }),
        ],
        batchOptions,
      ),
    );
    return true;
  };
  try {
    // Two of the student's attempts released at once (PostgreSQL) can both insert a row: the loser,
    // rolled back, reads again and now updates.
    return await write().catch((error: unknown) => {
      if (!isUniqueViolation(error)) throw error;
      return write();
    });
  } catch (error) {
    if (isMissingRecord(error)) return false; // another caller claimed the row first
    throw error;
  }
}
