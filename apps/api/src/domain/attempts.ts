import { createHash } from "node:crypto";
import {
  computeMastery,
  createReviewCard,
  createRng,
  estimateResponseMs,
  type GradeResult,
  gradeResponse,
  type Question,
  QuestionSchema,
  QuizEngineError,
  ResponseSchemaByType,
  type StudentQuestion,
  scheduleReview,
  shuffleWith,
  toStudentView,
} from "@groundwork/quiz-engine";
import { z } from "zod";
import type { Db, PrismaClient } from "../db/client.ts";
import { isUniqueViolation, storedJson, toJson } from "../db/json.ts";
import {
  ConflictError,
  DeadlinePassedError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
} from "../errors.ts";
import { UNUSABLE_STATUSES } from "./authoring.ts";
import { factOf } from "./facts.ts";

export type FeedbackPolicy = "immediate" | "after_submit" | "after_due";

/** A save that reaches the server this long after the deadline is still taken (network latency). */
export const deadlineGraceMs = 2000;
/** Client-reported time on a question is capped at this, so one idle tab cannot skew scheduling. */
const maxElapsedMs = 30 * 60 * 1000;

const parseSnapshot = (snapshot: unknown): Question => QuestionSchema.parse(snapshot);
const MasteryItemSchema = z.object({ conceptIds: z.array(z.string()), difficulty: z.number() });

export interface AttemptSummary {
  id: string;
  state: string;
  number: number;
}

const hashString = (text: string): number => createHash("sha256").update(text).digest().readUInt32BE(0) >>> 1;

interface AssignmentSettings {
  classId: string;
  opensAt: Date;
  dueAt: Date;
  attemptsAllowed: number;
  timeLimitSeconds: number | null;
  questionCount: number;
  lessonKey: string;
  versionId: string;
  versionStatus: string;
}
/**
 * Each API instance keeps assignment settings for a few seconds: a class starting at once reads them
 * once. An instructor's edit clears this instance's copy at once and reaches the others within this.
 */
export const assignmentSettingsTtlMs = 5000;
const settingsCache = new Map<string, { settings: AssignmentSettings; loadedAt: number }>();

/** Drops this instance's copy of an assignment's settings after they changed. */
export function forgetAssignmentSettings(assignmentId: string): void {
  settingsCache.delete(assignmentId);
}

async function loadAssignmentSettings(
  db: Db,
  assignmentId: string,
  now: Date,
): Promise<AssignmentSettings | null> {
  const cached = settingsCache.get(assignmentId);
  if (
    cached &&
    now.getTime() - cached.loadedAt < assignmentSettingsTtlMs &&
    now.getTime() >= cached.loadedAt
  ) {
    return cached.settings;
  }
  const row = await db.read.assignment.findUnique({
    where: { id: assignmentId },
    select: {
      classId: true,
      opensAt: true,
      dueAt: true,
      attemptsAllowed: true,
      timeLimitSeconds: true,
      questionCount: true,
      lesson: {
        select: { key: true, course: { select: { versionId: true, version: { select: { status: true } } } } },
      },
    },
  });
  if (!row) return null;
  const { lesson, ...rest } = row;
  const settings = {
    ...rest,
    lessonKey: lesson.key,
    versionId: lesson.course.versionId,
    versionStatus: lesson.course.version.status,
  };
  settingsCache.delete(assignmentId);
  if (settingsCache.size >= 1000) settingsCache.delete(settingsCache.keys().next().value as string);
  settingsCache.set(assignmentId, { settings, loadedAt: now.getTime() });
  return settings;
}

type BankRow = { id: string; key: string; variant: number; payload: unknown };
/** A lesson's bank grouped by fact, in a stable order: each fact's variants, first variant first. */
type Bank = ReadonlyArray<readonly BankRow[]>;
const bankCache = new Map<string, Bank>();
const bankCacheLimit = 200;

/**
 * A lesson's usable questions grouped by fact. Published and superseded versions never change, so
 * their banks are kept in memory (each API instance its own copy: nothing another instance needs);
 * drafts are read every time.
 */
async function loadBank(db: Db, versionId: string, lessonKey: string, isImmutable: boolean): Promise<Bank> {
  const cacheKey = `${versionId}:${lessonKey}`;
  const cached = isImmutable ? bankCache.get(cacheKey) : undefined;
  if (cached) return cached;
  const rows = await db.read.question.findMany({
    where: { versionId, lessonKey, status: { notIn: UNUSABLE_STATUSES } },
    select: { id: true, key: true, variant: true, payload: true },
  });
  const byFact = new Map<string, BankRow[]>();
  for (const row of rows) {
    const fact = factOf(row.payload);
    byFact.set(fact, [...(byFact.get(fact) ?? []), row]);
  }
  const bank = [...byFact.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, variants]) => variants.sort((a, b) => a.variant - b.variant || a.key.localeCompare(b.key)));
  if (isImmutable) {
    if (bankCache.size >= bankCacheLimit) bankCache.delete(bankCache.keys().next().value as string);
    bankCache.set(cacheKey, bank);
  }
  return bank;
}

/** A deterministic seed for an attempt's draw: the same student, assignment and try give the same quiz. */
const drawSeed = (userId: string, assignmentId: string, number: number) =>
  hashString(`${userId}:${assignmentId}:${number}`);

/** Picks `count` facts from the lesson's bank in a seeded order, rotating their variants on retries. */
function drawQuestions(bank: Bank, count: number, seed: number, tryNumber: number): BankRow[] {
  return shuffleWith(bank, createRng(seed))
    .slice(0, count)
    .flatMap((variants) => {
      const row = variants[(tryNumber - 1) % variants.length];
      return row ? [row] : [];
    });
}

/**
 * Starts (or resumes) the student's attempt at an assignment. Starting twice gives the same attempt:
 * an unfinished attempt is resumed, and two concurrent starts collide on the unique
 * (assignment, student, number) key, the loser reading the winner's attempt.
 */
export async function startAttempt(
  db: Db,
  input: { userId: string; assignmentId: string; now: Date },
): Promise<AttemptSummary> {
  const { userId, assignmentId, now } = input;
  // The assignment's settings come from this instance's short-lived copy; per start only the caller's
  // enrolment and attempts are read.
  const assignment = await loadAssignmentSettings(db, assignmentId, now);
  const [enrolment, attempts] = assignment
    ? await Promise.all([
        db.read.enrolment.findUnique({
          where: { classId_userId: { classId: assignment.classId, userId } },
          select: { id: true },
        }),
        db.read.attempt.findMany({
          where: { assignmentId, userId },
          select: { id: true, state: true, number: true },
        }),
      ])
    : [null, []];
  if (!assignment || !enrolment) throw new NotFoundError("No such assignment.");

  const open = attempts.find((a) => a.state === "in_progress");
  if (open) return open;
  if (now < assignment.opensAt)
    throw new ForbiddenError(`This assignment opens at ${assignment.opensAt.toISOString()}.`);
  if (now >= assignment.dueAt)
    throw new DeadlinePassedError(`This assignment was due at ${assignment.dueAt.toISOString()}.`);

  const taken = attempts.length;
  if (taken >= assignment.attemptsAllowed) {
    throw new ForbiddenError(
      `You have used all ${assignment.attemptsAllowed} attempt(s) at this assignment.`,
    );
  }
  const number = taken + 1;
  const bank = await loadBank(
    db,
    assignment.versionId,
    assignment.lessonKey,
    assignment.versionStatus !== "draft",
  );
  const seed = drawSeed(userId, assignmentId, number);
  const drawn = drawQuestions(bank, assignment.questionCount, seed, number);
  if (drawn.length === 0) throw new ConflictError("This lesson has no questions yet; ask your instructor.");
  const deadlineAt = new Date(
    Math.min(
      assignment.dueAt.getTime(),
      assignment.timeLimitSeconds
        ? now.getTime() + assignment.timeLimitSeconds * 1000
        : Number.POSITIVE_INFINITY,
    ),
  );

  try {
    // One nested create: the attempt and its drawn questions are written atomically, without the
    // round trips of an interactive transaction.
    return await db.write((client) =>
      client.attempt.create({
        data: {
          assignmentId,
          userId,
          number,
          state: "in_progress",
          seed,
          startedAt: now,
          deadlineAt,
          questions: {
            createMany: {
              data: drawn.map((row, position) => ({
                position,
                questionId: row.id,
                snapshot: storedJson(row.payload),
              })),
            },
          },
        },
        select: { id: true, state: true, number: true },
      }),
    );
  } catch (error) {
    if (!isUniqueViolation(error)) throw error;
    const winner = await db.read.attempt.findUnique({
      where: { assignmentId_userId_number: { assignmentId, userId, number } },
      select: { id: true, state: true, number: true },
    });
    if (!winner) throw error;
    return winner;
  }
}

async function loadOwnAttempt(db: Db | { read: PrismaClient }, attemptId: string, userId: string) {
  const attempt = await db.read.attempt.findUnique({
    where: { id: attemptId },
    select: {
      id: true,
      userId: true,
      state: true,
      number: true,
      startedAt: true,
      deadlineAt: true,
      finishedAt: true,
      score: true,
      assignment: {
        select: {
          id: true,
          title: true,
          dueAt: true,
          feedbackPolicy: true,
          timeLimitSeconds: true,
          lesson: { select: { id: true, title: true, course: { select: { slug: true } } } },
        },
      },
    },
  });
  // Another student's attempt is "not found", not "forbidden": its existence is not the caller's business.
  if (!attempt || attempt.userId !== userId) throw new NotFoundError("No such attempt.");
  return attempt;
}

/** Whether the student may see correctness and feedback now. */
export function isFeedbackVisible(policy: string, state: string, dueAt: Date, now: Date): boolean {
  if (policy === "immediate") return true;
  if (policy === "after_submit") return state === "finished";
  return state === "finished" && now >= dueAt;
}

export interface AttemptView {
  id: string;
  state: string;
  number: number;
  startedAt: Date;
  deadlineAt: Date;
  serverNow: Date;
  assignment: { id: string; title: string; lessonId: string; lessonTitle: string; feedbackPolicy: string };
  questions: Array<{
    attemptQuestionId: string;
    position: number;
    question: StudentQuestion;
    response: { value: unknown; revision: number } | null;
    result: (GradeResult & { passageText: string | null }) | null;
  }>;
  score: number | null;
  feedbackVisible: boolean;
}

/** The student's view of an attempt: never a key, and results only when the policy allows. */
export async function getAttempt(
  db: Db,
  input: { userId: string; attemptId: string; now: Date },
): Promise<AttemptView> {
  const attempt = await loadOwnAttempt(db, input.attemptId, input.userId);
  const feedbackVisible = isFeedbackVisible(
    attempt.assignment.feedbackPolicy,
    attempt.state,
    attempt.assignment.dueAt,
    input.now,
  );
  const questions = await db.read.attemptQuestion.findMany({
    where: { attemptId: attempt.id },
    orderBy: { position: "asc" },
    select: {
      id: true,
      position: true,
      snapshot: true,
      response: { select: { value: true, revision: true, score: true, correct: true, feedback: true } },
    },
  });
  return {
    id: attempt.id,
    state: attempt.state,
    number: attempt.number,
    startedAt: attempt.startedAt,
    deadlineAt: attempt.deadlineAt,
    serverNow: input.now,
    assignment: {
      id: attempt.assignment.id,
      title: attempt.assignment.title,
      lessonId: attempt.assignment.lesson.id,
      lessonTitle: attempt.assignment.lesson.title,
      feedbackPolicy: attempt.assignment.feedbackPolicy,
    },
    questions: questions.map((row) => {
      const question = parseSnapshot(row.snapshot);
      const graded = row.response?.score !== null && row.response?.score !== undefined;
      const showResult = feedbackVisible && (graded || attempt.state === "finished");
      return {
        attemptQuestionId: row.id,
        position: row.position,
        question: toStudentView(question),
        response: row.response ? { value: row.response.value, revision: row.response.revision } : null,
        result: showResult
          ? {
              score: row.response?.score ?? 0,
              correct: row.response?.correct ?? false,
              feedback: row.response?.feedback ?? "No answer was given.",
              sourceRefs: question.sourceRefs,
              passageText: question.sourceRefs[0]?.quote ?? null,
            }
          : null,
      };
    }),
    score: feedbackVisible ? attempt.score : null,
    feedbackVisible,
  };
}

/**
 * Saves one answer. Refused after the deadline (server clock) or on a finished attempt, and refused
 * as stale when `expectedRevision` is not the stored revision (0 for a first save): the revision is
 * compared and bumped in one conditional update, so two tabs cannot silently overwrite each other.
 */
export async function saveResponse(
  db: Db,
  input: {
    userId: string;
    attemptId: string;
    attemptQuestionId: string;
    value: unknown;
    expectedRevision: number;
    elapsedMs: number;
    now: Date;
  },
): Promise<{ revision: number; savedAt: Date; result: GradeResult | null }> {
  // One read for everything a save needs, and one write: this is the hottest path on exam day
  // (db/hot-path.ts).
  const target = await db.hot.saveTarget(input.attemptQuestionId);
  // Another student's attempt is "not found", not "forbidden": its existence is not the caller's business.
  if (!target || target.attemptId !== input.attemptId || target.userId !== input.userId) {
    throw new NotFoundError("No such question in this attempt.");
  }
  if (target.state !== "in_progress")
    throw new ConflictError("This attempt is finished; answers can no longer change.");
  if (input.now.getTime() > target.deadlineAt.getTime() + deadlineGraceMs) {
    throw new DeadlinePassedError(
      `Time is up: answers were accepted until ${target.deadlineAt.toISOString()} (server time). Submit to see your result.`,
    );
  }
  const question = parseSnapshot(target.snapshot);
  const parsed = ResponseSchemaByType[question.type].safeParse(input.value);
  if (!parsed.success)
    throw new InvalidInputError(
      `This ${question.type.replace("_", " ")} question needs ${describeShape(question.type)}.`,
    );
  let result: GradeResult | null = null;
  try {
    result = gradeResponse(question, parsed.data);
  } catch (error) {
    if (error instanceof QuizEngineError) throw new InvalidInputError(error.message);
    throw error;
  }
  const revision = input.expectedRevision + 1;
  const write = {
    attemptId: target.attemptId,
    attemptQuestionId: target.attemptQuestionId,
    value: parsed.data,
    revision,
    savedAt: input.now,
    elapsedMs: Math.max(0, Math.min(maxElapsedMs, Math.round(input.elapsedMs))),
    score: result?.score ?? null,
    correct: result?.correct ?? null,
    feedback: result?.feedback ?? null,
  };
  const saved =
    input.expectedRevision === 0
      ? await db.hot.insertResponse(write)
      : await db.hot.updateResponse(write, input.expectedRevision);
  if (!saved)
    throw new ConflictError("This answer was changed elsewhere (another tab?); reload to see the latest.");
  const showNow = target.feedbackPolicy === "immediate";
  return { revision, savedAt: input.now, result: showNow ? result : null };
}

function describeShape(type: Question["type"]): string {
  switch (type) {
    case "single_choice":
      return "one option id";
    case "multiple_choice":
      return "a list of option ids";
    case "true_false":
      return "true or false";
    case "numeric":
      return "a number";
    case "ordering":
      return "the item ids in order";
    case "matching":
      return "a map from left ids to right ids";
    default:
      return "a text answer";
  }
}

/**
 * Grades and closes an attempt. The grade row's unique attempt id makes this happen once: a second
 * submit (or the overdue sweep racing a submit) finds the grade and returns it.
 */
export async function finishAttempt(
  db: Db,
  input: { attemptId: string; now: Date; reason: "submitted" | "overdue" },
): Promise<{ score: number; state: string }> {
  const existing = await db.read.grade.findUnique({
    where: { attemptId: input.attemptId },
    select: { score: true, maxScore: true },
  });
  if (existing) {
    const attempt = await db.read.attempt.findUnique({
      where: { id: input.attemptId },
      select: { state: true },
    });
    return {
      score: existing.maxScore ? existing.score / existing.maxScore : 0,
      state: attempt?.state ?? "finished",
    };
  }
  const rows = await db.read.attemptQuestion.findMany({
    where: { attemptId: input.attemptId },
    select: {
      id: true,
      snapshot: true,
      response: {
        select: { id: true, value: true, elapsedMs: true, score: true, correct: true, feedback: true },
      },
    },
  });
  const graded = rows.map((row) => {
    const question = parseSnapshot(row.snapshot);
    const result = row.response ? gradeResponse(question, row.response.value) : null;
    return { row, question, result };
  });
  const total = graded.reduce((sum, g) => sum + (g.result?.score ?? 0), 0);
  const answered = graded.filter((g) => g.row.response).length;
  const state = input.reason === "overdue" && answered === 0 ? "abandoned" : "finished";
  const fraction = rows.length ? total / rows.length : 0;

  const attempt = await db.read.attempt.findUnique({
    where: { id: input.attemptId },
    select: {
      userId: true,
      assignment: { select: { lesson: { select: { course: { select: { slug: true } } } } } },
    },
  });
  if (!attempt) throw new NotFoundError("No such attempt.");

  try {
    // One batch transaction (no interactive round trips): the grade, any stale answer grades, the state.
    await db.write((client) =>
      client.$transaction([
        client.grade.create({
          data: { attemptId: input.attemptId, score: total, maxScore: rows.length, gradedAt: input.now },
          select: { id: true },
        }),
        ...graded.flatMap((g) => {
          const stored = g.row.response;
          // Saves store their grade as they go; only a stale one (graded by an older engine) is rewritten.
          if (
            !stored ||
            !g.result ||
            (stored.score === g.result.score &&
              stored.correct === g.result.correct &&
              stored.feedback === g.result.feedback)
          ) {
            return [];
          }
          return [
            client.attemptResponse.update({
              where: { id: stored.id },
              data: { score: g.result.score, correct: g.result.correct, feedback: g.result.feedback },
              select: { id: true },
            }),
          ];
        }),
        client.attempt.update({
          where: { id: input.attemptId },
          data: { state, finishedAt: input.now, score: fraction },
          select: { id: true },
        }),
      ]),
    );
  } catch (error) {
    if (isUniqueViolation(error)) return finishAttempt(db, input);
    throw error;
  }
  if (state === "finished") {
    await updateLearningData(db, {
      userId: attempt.userId,
      courseSlug: attempt.assignment.lesson.course.slug,
      graded: graded
        .filter((g) => g.result)
        .map((g) => ({
          question: g.question,
          score: g.result?.score ?? 0,
          correct: g.result?.correct ?? false,
          elapsedMs: g.row.response?.elapsedMs ?? 0,
        })),
      now: input.now,
    });
  }
  return { score: fraction, state };
}

/** Mastery per concept from all the student's graded answers in the course, and review cards. */
async function updateLearningData(
  db: Db,
  input: {
    userId: string;
    courseSlug: string;
    graded: Array<{ question: Question; score: number; correct: boolean; elapsedMs: number }>;
    now: Date;
  },
): Promise<void> {
  const history = await db.read.attemptResponse.findMany({
    where: {
      score: { not: null },
      attempt: {
        userId: input.userId,
        state: "finished",
        assignment: { lesson: { course: { slug: input.courseSlug } } },
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
    history.map((h, i) => ({ studentId: input.userId, questionId: String(i), score: h.score ?? 0 })),
  );

  const existingCards = await db.read.reviewCard.findMany({
    where: { userId: input.userId, questionKey: { in: input.graded.map((g) => g.question.id) } },
    select: { questionKey: true, card: true },
  });
  const cardByKey = new Map(existingCards.map((c) => [c.questionKey, c.card]));

  await db.write(async (client) => {
    // Mastery is recomputed from the whole history, so the course's rows are replaced in one batch.
    // Two of the student's submits at once (PostgreSQL) can both insert: the loser replaces again.
    const replaceMastery = () =>
      client.$transaction([
        client.mastery.deleteMany({
          where: {
            userId: input.userId,
            courseSlug: input.courseSlug,
            conceptKey: { in: mastery.map((m) => m.conceptId) },
          },
        }),
        client.mastery.createMany({
          data: mastery.map((m) => ({
            userId: input.userId,
            courseSlug: input.courseSlug,
            conceptKey: m.conceptId,
            value: m.mastery,
            evidence: m.attempts,
          })),
        }),
      ]);
    await replaceMastery().catch((error: unknown) => {
      if (!isUniqueViolation(error)) throw error;
      return replaceMastery();
    });
    const fresh = [];
    for (const g of input.graded) {
      const stored = cardByKey.get(g.question.id);
      const card = stored ? reviveCard(stored) : createReviewCard(input.now);
      const next = scheduleReview(
        card,
        {
          score: g.score,
          correct: g.correct,
          responseMs: g.elapsedMs || estimateResponseMs(g.question),
          expectedMs: estimateResponseMs(g.question),
        },
        input.now,
      );
      if (!stored) {
        fresh.push({
          userId: input.userId,
          questionKey: g.question.id,
          courseSlug: input.courseSlug,
          question: toJson(g.question),
          card: toJson(next.card),
          due: next.card.due,
          updatedAt: input.now,
        });
        continue;
      }
      await client.reviewCard.update({
        where: { userId_questionKey: { userId: input.userId, questionKey: g.question.id } },
        data: { question: toJson(g.question), card: toJson(next.card), due: next.card.due },
        select: { id: true },
      });
    }
    // New cards in one statement: a first attempt makes a card for every question.
    if (fresh.length === 0) return;
    try {
      await client.reviewCard.createMany({ data: fresh });
    } catch (error) {
      // Another attempt of this student's made some of these cards meanwhile: merge one by one.
      if (!isUniqueViolation(error)) throw error;
      for (const card of fresh) {
        await client.reviewCard.upsert({
          where: { userId_questionKey: { userId: card.userId, questionKey: card.questionKey } },
          create: card,
          update: { question: card.question, card: card.card, due: card.due },
          select: { id: true },
        });
      }
    }
  });
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

/** The student submits: only their own, only once (a second submit returns the same grade). */
export async function submitAttempt(
  db: Db,
  input: { userId: string; attemptId: string; now: Date },
): Promise<{ score: number | null; state: string }> {
  const attempt = await loadOwnAttempt(db, input.attemptId, input.userId);
  if (attempt.state === "abandoned") throw new ConflictError("This attempt was closed without answers.");
  const { score, state } = await finishAttempt(db, {
    attemptId: attempt.id,
    now: input.now,
    reason: "submitted",
  });
  const visible = isFeedbackVisible(
    attempt.assignment.feedbackPolicy,
    state,
    attempt.assignment.dueAt,
    input.now,
  );
  return { score: visible ? score : null, state };
}

/**
 * Closes every attempt whose deadline has passed: graded when it has answers, abandoned otherwise.
 * Safe to run on every API instance at once (grading happens once per attempt).
 */
export async function sweepOverdueAttempts(
  db: Db,
  now: Date,
  onFinished?: (attemptId: string) => void,
): Promise<number> {
  const overdue = await db.read.attempt.findMany({
    where: { state: "in_progress", deadlineAt: { lt: new Date(now.getTime() - deadlineGraceMs) } },
    select: { id: true },
    take: 500,
  });
  if (overdue.length === 0) return 0;
  await db.write((client) =>
    client.attempt.updateMany({
      where: { id: { in: overdue.map((a) => a.id) }, state: "in_progress" },
      data: { state: "overdue" },
    }),
  );
  for (const attempt of overdue) {
    const { state } = await finishAttempt(db, { attemptId: attempt.id, now, reason: "overdue" });
    if (state === "finished") onFinished?.(attempt.id);
  }
  return overdue.length;
}
