import {
  buildAnsweredStatement,
  buildCompletedStatement,
  QuestionSchema,
  ResponseSchema,
  type XapiStatement,
} from "@groundwork/quiz-engine";
import type { Db } from "../db/client.ts";
import type { XapiSink } from "../xapi/index.ts";

/**
 * Sends a graded attempt to the learning record store as xAPI statements: one `answered` per answer
 * and one `completed`, each answer's duration its time on that question. Sent once the attempt's
 * learning data is released (learning/release.ts), so an after_due result reaches no one before it is due.
 * Fire and forget: the sink queues and retries, and never blocks the student.
 */
export async function recordAttemptStatements(
  db: Db,
  sink: XapiSink,
  input: { attemptId: string; activityBase: string },
): Promise<number> {
  const attempt = await db.read.attempt.findUnique({
    where: { id: input.attemptId },
    select: {
      id: true,
      state: true,
      score: true,
      startedAt: true,
      finishedAt: true,
      user: { select: { name: true, email: true } },
      assignment: {
        select: {
          id: true,
          title: true,
          lesson: { select: { course: { select: { slug: true, title: true } } } },
        },
      },
      questions: {
        select: {
          snapshot: true,
          response: {
            select: {
              value: true,
              score: true,
              correct: true,
              feedback: true,
              timeOnQuestionMs: true,
              savedAt: true,
            },
          },
        },
      },
    },
  });
  if (attempt?.state !== "finished" || !attempt.finishedAt) return 0;
  const actor = {
    objectType: "Agent" as const,
    name: attempt.user.name,
    mbox: `mailto:${attempt.user.email}`,
  };
  const course = {
    activityBase: input.activityBase,
    id: attempt.assignment.lesson.course.slug,
    title: attempt.assignment.lesson.course.title,
  };
  const statements: XapiStatement[] = [];
  for (const row of attempt.questions) {
    const response = row.response;
    const parsed = response ? ResponseSchema.safeParse(response.value) : undefined;
    if (!response || !parsed?.success || response.score === null) continue;
    const question = QuestionSchema.parse(row.snapshot);
    statements.push(
      buildAnsweredStatement({
        actor,
        course,
        attemptId: attempt.id,
        question,
        response: parsed.data,
        grade: {
          score: response.score,
          correct: response.correct ?? false,
          feedback: response.feedback ?? "",
          sourceRefs: question.sourceRefs,
        },
        durationMs: response.timeOnQuestionMs,
        timestamp: response.savedAt,
      }),
    );
  }
  statements.push(
    buildCompletedStatement({
      actor,
      course,
      attemptId: attempt.id,
      assessmentId: attempt.assignment.id,
      assessmentTitle: attempt.assignment.title,
      score: attempt.score ?? 0,
      passed: (attempt.score ?? 0) >= 0.5,
      durationMs: attempt.finishedAt.getTime() - attempt.startedAt.getTime(),
      timestamp: attempt.finishedAt,
    }),
  );
  sink.enqueue(statements);
  return statements.length;
}
