import { GradeResultSchema, ResponseSchema } from "@groundwork/quiz-engine";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { getAttempt, saveResponse, startAttempt, submitAttempt } from "../domain/attempts/index.ts";
import { studentProcedure } from "../trpc.ts";
import { id } from "./schemas.ts";

export const attemptRouter = {
  /** Starts the student's attempt, or returns the unfinished one: starting twice gives one attempt. */
  start: studentProcedure
    .input(z.object({ assignmentId: id }))
    .output(z.object({ id: z.string(), state: z.string(), number: z.number().int() }))
    .mutation(({ ctx, input }) =>
      startAttempt(ctx.db, { userId: ctx.user.id, assignmentId: input.assignmentId, now: ctx.now() }),
    ),
  /**
   * The student's view of an attempt. Not re-validated on the way out: the server builds it, it is the
   * largest answer of exam day, and validating it cost 8 % of a start's CPU. Its shape is pinned by
   * attempt-view.test.ts, which checks every view against AttemptViewSchema.
   */
  byId: studentProcedure
    .input(z.object({ attemptId: id }))
    .query(({ ctx, input }) =>
      getAttempt(ctx.db, { userId: ctx.user.id, attemptId: input.attemptId, now: ctx.now() }),
    ),
  /**
   * Saves one answer as the student goes; `expectedRevision` is the revision they last saw (0 for none),
   * `timeOnQuestionMs` the time spent on this question so far.
   */
  save: studentProcedure
    .input(
      z.object({
        attemptId: id,
        attemptQuestionId: id,
        response: ResponseSchema,
        expectedRevision: z.number().int().min(0).max(1_000_000),
        timeOnQuestionMs: z.number().int().min(0).max(86_400_000).default(0),
      }),
    )
    .output(z.object({ revision: z.number().int(), savedAt: z.date(), result: GradeResultSchema.nullable() }))
    .mutation(({ ctx, input }) => {
      const now = ctx.now();
      return saveResponse(ctx.db, {
        userId: ctx.user.id,
        attemptId: input.attemptId,
        attemptQuestionId: input.attemptQuestionId,
        value: input.response,
        expectedRevision: input.expectedRevision,
        timeOnQuestionMs: input.timeOnQuestionMs,
        now,
        receivedAt: ctx.receivedAt ?? now,
      });
    }),
  /**
   * Grades once: submitting again returns the same result. Learning data and xAPI follow once the
   * result is released, written by the API's learning writer after the response.
   */
  submit: studentProcedure
    .input(z.object({ attemptId: id }))
    .output(z.object({ score: z.number().nullable(), state: z.string() }))
    .mutation(async ({ ctx, input }) => {
      const { score, state } = await submitAttempt(ctx.db, {
        userId: ctx.user.id,
        attemptId: input.attemptId,
        now: ctx.now(),
        ...(ctx.onAttemptGraded ? { onGraded: ctx.onAttemptGraded } : {}),
      });
      return { score, state };
    }),
} satisfies TRPCRouterRecord;
