import {
  type GradeResult,
  type StudentQuestion,
  toStudentResponse,
  toStudentView,
} from "@groundwork/quiz-engine";
import type { Db } from "../../db/client.ts";
import { isFeedbackVisible } from "../feedback.ts";
import { studentIdMask } from "../student-ids.ts";
import { loadOwnAttemptView, parseSnapshot } from "./shared.ts";

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
  const { attempt, questions } = await loadOwnAttemptView(db, input.attemptId, input.userId);
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
