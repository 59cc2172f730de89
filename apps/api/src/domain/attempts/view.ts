import {
  type GradeResult,
  type StudentQuestion,
  toStudentResponse,
  toStudentView,
} from "@groundwork/quiz-engine";
import type { Db } from "../../db/client.ts";
import { NotFoundError } from "../../errors.ts";
import type { AttemptResponseRow, OwnAttempt } from "../../pinned/hot-path.ts";
import { isFeedbackVisible } from "../feedback.ts";
import { studentIdMask } from "../student-ids.ts";
import { type HeldQuestion, heldAttemptQuestions, holdAttemptQuestions } from "./held-questions.ts";
import { loadOwnAttemptView } from "./shared.ts";

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
  const { attempt, questions } = await loadAttemptWithQuestions(db, input.attemptId, input.userId);
  const feedbackVisible = isFeedbackVisible(
    attempt.assignment.feedbackPolicy,
    attempt.state,
    attempt.assignment.dueAt,
    input.now,
  );
  const isImmediate = attempt.assignment.feedbackPolicy === "immediate";
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
    questions: questions.map(({ held: row, response }) => {
      const { question } = row;
      const mask = studentIdMask(attempt.viewKey, row.id);
      const graded = response?.score !== null && response?.score !== undefined;
      const showResult = feedbackVisible && (graded || attempt.state === "finished");
      return {
        attemptQuestionId: row.id,
        position: row.position,
        question: toStudentView(question, mask),
        response: response
          ? {
              value: mask ? toStudentResponse(question, mask, response.value) : response.value,
              revision: response.revision,
            }
          : null,
        isLocked: attempt.state !== "in_progress" || (isImmediate && graded),
        result: showResult
          ? {
              score: response?.score ?? 0,
              correct: response?.correct ?? false,
              feedback: response?.feedback ?? "No answer was given.",
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
 * The caller's own attempt with its questions and answers: the questions from held-questions.ts when
 * this process holds them (only the attempt and its answers are read), else all in one read, after
 * which they are held.
 */
async function loadAttemptWithQuestions(
  db: Db,
  attemptId: string,
  userId: string,
): Promise<{
  attempt: OwnAttempt;
  questions: Array<{ held: HeldQuestion; response: AttemptResponseRow | null }>;
}> {
  const held = heldAttemptQuestions(attemptId);
  if (held) {
    const found = await db.hot.attemptAnswers(attemptId);
    if (!found || found.attempt.userId !== userId) throw new NotFoundError("No such attempt.");
    return {
      attempt: found.attempt,
      questions: held.map((q) => ({ held: q, response: found.answers.get(q.id) ?? null })),
    };
  }
  const { attempt, questions } = await loadOwnAttemptView(db, attemptId, userId);
  const heldNow = holdAttemptQuestions(attempt.id, questions);
  return {
    attempt,
    questions: questions.map((row, i) => ({
      held: heldNow[i] as HeldQuestion,
      response: row.response,
    })),
  };
}
