import { createHash } from "node:crypto";
import {
  createRng,
  fromStudentResponse,
  type GradeResult,
  type Question,
  QuestionSchema,
  QuizEngineError,
  ResponseSchemaByType,
  type StudentQuestion,
  shuffleWith,
  toStudentResponse,
  toStudentView,
} from "@groundwork/quiz-engine";
import type { Db, PrismaClient } from "../db/client.ts";
import { isUniqueViolation, storedJson } from "../db/json.ts";
import {
  type AppError,
  ConflictError,
  DeadlinePassedError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
} from "../errors.ts";
import { UNUSABLE_STATUSES } from "./authoring.ts";
import { factOf } from "./facts.ts";
import { isFeedbackVisible } from "./feedback.ts";
import { gradeStudentResponse } from "./grading.ts";
import { releaseLearningData } from "./learning.ts";
import { createViewKey, studentIdMask } from "./student-ids.ts";

export { type FeedbackPolicy, isFeedbackVisible } from "./feedback.ts";

/** A save that reaches the server this long after the deadline is still taken (network latency). */
export const deadlineGraceMs = 2000;
/** Client-reported time on a question is capped at this, so one idle tab cannot skew scheduling. */
const maxTimeOnQuestionMs = 30 * 60 * 1000;

const parseSnapshot = (snapshot: unknown): Question => QuestionSchema.parse(snapshot);

export interface AttemptSummary {
  id: string;
  state: string;
  number: number;
}

const hashString = (text: string): number => createHash("sha256").update(text).digest().readUInt32BE(0) >>> 1;

/** What a start reads about an assignment that does not decide whether the start may happen. */
interface AssignmentSettings {
  classId: string;
  questionCount: number;
  feedbackPolicy: string;
  /** For the draw only (which facts a retake avoids); the start's own check reads it afresh. */
  dueAt: Date;
  lessonKey: string;
  versionId: string;
  versionStatus: string;
}
/**
 * Each API instance keeps assignment settings for a few seconds: a class starting at once reads them
 * once. Whether a start may happen (opening, due date, attempts allowed) and its deadline are not
 * taken from here: the start reads them again in its own transaction, so an instructor's close or
 * shortening on another instance holds at once.
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
      questionCount: true,
      feedbackPolicy: true,
      dueAt: true,
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

/**
 * Picks `count` facts from the lesson's bank in a seeded order, rotating their variants on retries.
 * Facts whose key an earlier attempt showed come last, so a retake asks them again only when the bank
 * has too few others.
 */
function drawQuestions(
  bank: Bank,
  count: number,
  seed: number,
  tryNumber: number,
  revealedFacts: ReadonlySet<string>,
): BankRow[] {
  const shuffled = shuffleWith(bank, createRng(seed));
  const isRevealed = (variants: readonly BankRow[]) =>
    variants.some((row) => revealedFacts.has(factOf(row.payload)));
  return [...shuffled.filter((v) => !isRevealed(v)), ...shuffled.filter(isRevealed)]
    .slice(0, count)
    .flatMap((variants) => {
      const row = variants[(tryNumber - 1) % variants.length];
      return row ? [row] : [];
    });
}

/** The facts of the student's earlier attempts whose results (and so keys) they have been shown. */
async function loadRevealedFacts(
  db: Db,
  attempts: ReadonlyArray<{ id: string; state: string }>,
  policy: string,
  dueAt: Date,
  now: Date,
): Promise<Set<string>> {
  const shown = attempts.filter((a) => isFeedbackVisible(policy, a.state, dueAt, now)).map((a) => a.id);
  if (shown.length === 0) return new Set();
  const rows = await db.read.attemptQuestion.findMany({
    where: { attemptId: { in: shown } },
    select: { snapshot: true },
  });
  return new Set(rows.map((row) => factOf(row.snapshot)));
}

/** A start refused inside its transaction: the transaction rolls back and the error reaches the caller. */
class RefusedStart extends Error {
  constructor(readonly refusal: AppError) {
    super(refusal.message);
  }
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
  const number = attempts.length + 1;
  const bank = await loadBank(
    db,
    assignment.versionId,
    assignment.lessonKey,
    assignment.versionStatus !== "draft",
  );
  const seed = drawSeed(userId, assignmentId, number);
  const revealed =
    attempts.length > 0
      ? await loadRevealedFacts(db, attempts, assignment.feedbackPolicy, assignment.dueAt, now)
      : new Set<string>();
  const drawn = drawQuestions(bank, assignment.questionCount, seed, number, revealed);

  try {
    return await db.transaction(async (tx) => {
      // What decides the start is read here, in its own transaction, never from the settings cache.
      const rules = await tx.assignment.findUnique({
        where: { id: assignmentId },
        select: { opensAt: true, dueAt: true, attemptsAllowed: true, timeLimitSeconds: true },
      });
      if (!rules) throw new RefusedStart(new NotFoundError("No such assignment."));
      if (now < rules.opensAt)
        throw new RefusedStart(
          new ForbiddenError(`This assignment opens at ${rules.opensAt.toISOString()}.`),
        );
      if (now >= rules.dueAt) {
        throw new RefusedStart(
          new DeadlinePassedError(`This assignment was due at ${rules.dueAt.toISOString()}.`),
        );
      }
      if (attempts.length >= rules.attemptsAllowed) {
        throw new RefusedStart(
          new ForbiddenError(`You have used all ${rules.attemptsAllowed} attempt(s) at this assignment.`),
        );
      }
      if (drawn.length === 0) {
        throw new RefusedStart(new ConflictError("This lesson has no questions yet; ask your instructor."));
      }
      const deadlineAt = new Date(
        Math.min(
          rules.dueAt.getTime(),
          rules.timeLimitSeconds ? now.getTime() + rules.timeLimitSeconds * 1000 : Number.POSITIVE_INFINITY,
        ),
      );
      return tx.attempt.create({
        data: {
          assignmentId,
          userId,
          number,
          state: "in_progress",
          seed,
          viewKey: createViewKey(),
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
      });
    });
  } catch (error) {
    if (error instanceof RefusedStart) throw error.refusal;
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
      viewKey: true,
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
    /** Under immediate feedback a checked answer is final: the player shows it locked. */
    isLocked: boolean;
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
  const isImmediate = attempt.assignment.feedbackPolicy === "immediate";
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
      const mask = studentIdMask(attempt.viewKey, row.id);
      const graded = row.response?.score !== null && row.response?.score !== undefined;
      const showResult = feedbackVisible && (graded || attempt.state === "finished");
      return {
        attemptQuestionId: row.id,
        position: row.position,
        question: toStudentView(question, mask),
        response: row.response
          ? {
              value: mask ? toStudentResponse(question, mask, row.response.value) : row.response.value,
              revision: row.response.revision,
            }
          : null,
        isLocked: attempt.state !== "in_progress" || (isImmediate && graded),
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
 * Saves one answer. Refused after the deadline (server clock) or on a closed attempt, and refused
 * as stale when `expectedRevision` is not the stored revision (0 for a first save): the revision is
 * compared and bumped in one conditional update, so two tabs cannot silently overwrite each other.
 * The write itself holds only while the attempt is in progress (db/hot-path.ts), so a save
 * acknowledged here is in the grade even when a submit or the sweep closes the attempt meanwhile.
 *
 * Under immediate feedback the first answer saved is graded and shown, and it is final: the feedback
 * states the answer, so a second save would score whatever the feedback said (Moodle's "interactive"
 * mode makes the same choice, without its per-try penalty).
 */
export async function saveResponse(
  db: Db,
  input: {
    userId: string;
    attemptId: string;
    attemptQuestionId: string;
    value: unknown;
    expectedRevision: number;
    timeOnQuestionMs: number;
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
  if (target.state !== "in_progress") throw closedError();
  if (input.now.getTime() > target.deadlineAt.getTime() + deadlineGraceMs) {
    throw new DeadlinePassedError(
      `Time is up: answers were accepted until ${target.deadlineAt.toISOString()} (server time). Submit to see your result.`,
    );
  }
  const isImmediate = target.feedbackPolicy === "immediate";
  if (isImmediate && input.expectedRevision > 0) throw checkedError();
  const question = parseSnapshot(target.snapshot);
  const parsed = ResponseSchemaByType[question.type].safeParse(input.value);
  if (!parsed.success)
    throw new InvalidInputError(
      `This ${question.type.replace("_", " ")} question needs ${describeShape(question.type)}.`,
    );
  const mask = studentIdMask(target.viewKey, target.attemptQuestionId);
  let value: unknown = parsed.data;
  try {
    if (mask) value = fromStudentResponse(question, mask, parsed.data);
  } catch (error) {
    if (error instanceof QuizEngineError) throw new InvalidInputError(error.message);
    throw error;
  }
  const result = await gradeStudentResponse(db, { versionId: target.versionId, question, response: value });
  const revision = input.expectedRevision + 1;
  const write = {
    attemptId: target.attemptId,
    attemptQuestionId: target.attemptQuestionId,
    value,
    revision,
    savedAt: input.now,
    timeOnQuestionMs: Math.max(0, Math.min(maxTimeOnQuestionMs, Math.round(input.timeOnQuestionMs))),
    score: result.score,
    correct: result.correct,
    feedback: result.feedback,
  };
  const outcome =
    input.expectedRevision === 0
      ? await db.hot.insertResponse(write)
      : await db.hot.updateResponse(write, input.expectedRevision);
  if (outcome === "closed") throw closedError();
  if (outcome === "stale") {
    if (isImmediate) throw checkedError();
    throw new ConflictError("This answer was changed elsewhere (another tab?); reload to see the latest.");
  }
  return { revision, savedAt: input.now, result: isImmediate ? result : null };
}

const closedError = () => new ConflictError("This attempt is finished; answers can no longer change.");
const checkedError = () =>
  new ConflictError("This answer was checked and is final: with instant feedback the first answer counts.");

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
 * Grades one stored answer for the final grade. An answer that cannot be graded (a response the
 * engine refuses, say after an engine change) scores 0 with a note, instead of stranding the attempt.
 */
async function gradeStored(
  db: Db,
  versionId: string,
  question: Question,
  value: unknown,
): Promise<GradeResult> {
  try {
    return await gradeStudentResponse(db, { versionId, question, response: value });
  } catch (error) {
    if (!(error instanceof InvalidInputError)) throw error;
    return {
      score: 0,
      correct: false,
      feedback: `This answer could not be graded (${error.message}).`,
      sourceRefs: question.sourceRefs,
    };
  }
}

export interface FinishOutcome {
  score: number;
  state: string;
  /** Whether this call wrote the attempt's learning data (mastery, review cards): send its xAPI now. */
  isLearningReleased: boolean;
}

/**
 * Grades and closes an attempt. It first moves the attempt out of `in_progress` (to `submitting`, or
 * `overdue` for the sweep), so no save lands after the answers are read. The grade row's unique
 * attempt id makes grading happen once: a second submit (or the sweep racing a submit) finds the
 * grade and returns it. An attempt left closed but ungraded (a crash) is graded by the next sweep.
 * Learning data follows when the feedback policy shows the result now (learning.ts).
 */
export async function finishAttempt(
  db: Db,
  input: { attemptId: string; now: Date; reason: "submitted" | "overdue" },
): Promise<FinishOutcome> {
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
      isLearningReleased: false,
    };
  }
  await db.write((client) =>
    client.attempt.updateMany({
      where: { id: input.attemptId, state: "in_progress" },
      data: { state: input.reason === "submitted" ? "submitting" : "overdue" },
    }),
  );
  const attempt = await db.read.attempt.findUnique({
    where: { id: input.attemptId },
    select: {
      state: true,
      assignment: { select: { lesson: { select: { course: { select: { versionId: true } } } } } },
    },
  });
  if (!attempt) throw new NotFoundError("No such attempt.");
  const versionId = attempt.assignment.lesson.course.versionId;
  const rows = await db.read.attemptQuestion.findMany({
    where: { attemptId: input.attemptId },
    select: {
      id: true,
      snapshot: true,
      response: { select: { id: true, value: true, score: true, correct: true, feedback: true } },
    },
  });
  const graded = await Promise.all(
    rows.map(async (row) => {
      const question = parseSnapshot(row.snapshot);
      const result = row.response ? await gradeStored(db, versionId, question, row.response.value) : null;
      return { row, result };
    }),
  );
  const total = graded.reduce((sum, g) => sum + (g.result?.score ?? 0), 0);
  const answered = graded.filter((g) => g.row.response).length;
  // An attempt closed by the sweep (or left by a crash while overdue) with no answer was abandoned.
  const state = attempt.state === "overdue" && answered === 0 ? "abandoned" : "finished";
  const fraction = rows.length ? total / rows.length : 0;

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
  const isLearningReleased =
    state === "finished" && (await releaseLearningData(db, { attemptId: input.attemptId, now: input.now }));
  return { score: fraction, state, isLearningReleased };
}

/** The student submits: only their own, only once (a second submit returns the same grade). */
export async function submitAttempt(
  db: Db,
  input: { userId: string; attemptId: string; now: Date },
): Promise<{ score: number | null; state: string; isLearningReleased: boolean }> {
  const attempt = await loadOwnAttempt(db, input.attemptId, input.userId);
  if (attempt.state === "abandoned") throw new ConflictError("This attempt was closed without answers.");
  const { score, state, isLearningReleased } = await finishAttempt(db, {
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
  return { score: visible ? score : null, state, isLearningReleased };
}

const sweepBatch = 500;

/**
 * The periodic sweep, safe to run on every API instance at once and to kill at any moment: each step
 * picks up what an earlier, interrupted run left, because it selects by state, not by memory.
 * 1. Closes attempts whose deadline has passed (`overdue`).
 * 2. Grades every closed attempt without a grade (`overdue`, or `submitting` left by a crash), each
 *    on its own: one that fails is logged and retried next time, and the others go on.
 * 3. Writes the learning data of graded attempts whose feedback has become due (after_due).
 * `onReleased` hears of each attempt whose learning data it wrote (to send its xAPI statements).
 * Returns how many attempts it graded.
 */
export async function sweepOverdueAttempts(
  db: Db,
  now: Date,
  onReleased?: (attemptId: string) => void,
): Promise<number> {
  const late = await db.read.attempt.findMany({
    where: { state: "in_progress", deadlineAt: { lt: new Date(now.getTime() - deadlineGraceMs) } },
    select: { id: true },
    take: sweepBatch,
  });
  if (late.length > 0) {
    await db.write((client) =>
      client.attempt.updateMany({
        where: { id: { in: late.map((a) => a.id) }, state: "in_progress" },
        data: { state: "overdue" },
      }),
    );
  }
  const ungraded = await db.read.attempt.findMany({
    where: { state: { in: ["overdue", "submitting"] }, grade: { is: null } },
    select: { id: true, state: true },
    take: sweepBatch,
  });
  let graded = 0;
  for (const attempt of ungraded) {
    try {
      const outcome = await finishAttempt(db, {
        attemptId: attempt.id,
        now,
        reason: attempt.state === "submitting" ? "submitted" : "overdue",
      });
      graded++;
      if (outcome.isLearningReleased) onReleased?.(attempt.id);
    } catch (error) {
      console.error(`overdue sweep: attempt ${attempt.id} not graded, retried next sweep:`, error);
    }
  }
  const due = await db.read.attempt.findMany({
    where: {
      state: "finished",
      learningAt: null,
      assignment: { OR: [{ feedbackPolicy: { not: "after_due" } }, { dueAt: { lte: now } }] },
    },
    select: { id: true },
    take: sweepBatch,
  });
  for (const attempt of due) {
    try {
      if (await releaseLearningData(db, { attemptId: attempt.id, now })) onReleased?.(attempt.id);
    } catch (error) {
      console.error(
        `overdue sweep: learning data of attempt ${attempt.id} not written, retried next sweep:`,
        error,
      );
    }
  }
  return graded;
}
