import {
  fromStudentResponse,
  type GradeResult,
  type Question,
  QuizEngineError,
  ResponseSchemaByType,
} from "@groundwork/quiz-engine";
import type { Db } from "../../db/client.ts";
import { ConflictError, DeadlinePassedError, InvalidInputError, NotFoundError } from "../../errors.ts";
import { gradeStudentResponse } from "../grading.ts";
import { studentIdMask } from "../student-ids.ts";
import { closedError, deadlineGraceMs, parseSnapshot } from "./shared.ts";

/** Client-reported time on a question is capped at this, so one idle tab cannot skew scheduling. */
const maxTimeOnQuestionMs = 30 * 60 * 1000;

/**
 * Saves one answer. Refused when it reached the server after the deadline (server clock) or on a
 * closed attempt, and refused as stale when `expectedRevision` is not the stored revision (0 for a
 * first save): the revision is compared and bumped in one conditional update, so two tabs cannot
 * silently overwrite each other.
 * The write itself holds only while the attempt is in progress (pinned/hot-path.ts), so a save
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
    /** When the answer reached the server; the deadline is judged by it (defaults to `now`). */
    receivedAt?: Date;
  },
): Promise<{ revision: number; savedAt: Date; result: GradeResult | null }> {
  // One read for everything a save needs, and one write: this is the hottest path on exam day
  // (pinned/hot-path.ts).
  const target = await db.hot.saveTarget(input.attemptQuestionId);
  // Another student's attempt is "not found", not "forbidden": its existence is not the caller's business.
  if (!target || target.attemptId !== input.attemptId || target.userId !== input.userId) {
    throw new NotFoundError("No such question in this attempt.");
  }
  if (target.state !== "in_progress") throw closedError();
  // An answer that arrived in time counts, however long a busy server took to get to it.
  const arrivedAt = input.receivedAt ?? input.now;
  if (arrivedAt.getTime() > target.deadlineAt.getTime() + deadlineGraceMs) {
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
