import { GradeResultSchema, ResponseSchema, StudentQuestionSchema } from "@groundwork/quiz-engine";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { answerReview, listDueReviews } from "../domain/learning/index.ts";
import { studentProcedure } from "../trpc.ts";
import { id } from "./schemas.ts";

export const reviewRouter = {
  due: studentProcedure
    .input(z.object({ limit: z.number().int().min(1).max(50).default(20) }).default({ limit: 20 }))
    .output(
      z.object({
        total: z.number().int(),
        items: z.array(
          z.object({
            cardId: z.string(),
            due: z.date(),
            courseSlug: z.string(),
            question: StudentQuestionSchema,
          }),
        ),
      }),
    )
    .query(({ ctx, input }) =>
      listDueReviews(ctx.db, { userId: ctx.user.id, now: ctx.now(), limit: input.limit }),
    ),
  answer: studentProcedure
    .input(
      z.object({
        cardId: id,
        response: ResponseSchema,
        timeOnQuestionMs: z.number().int().min(0).max(86_400_000),
      }),
    )
    .output(z.object({ result: GradeResultSchema, nextDue: z.date() }))
    .mutation(({ ctx, input }) =>
      answerReview(ctx.db, {
        userId: ctx.user.id,
        cardId: input.cardId,
        response: input.response,
        timeOnQuestionMs: input.timeOnQuestionMs,
        now: ctx.now(),
      }),
    ),
} satisfies TRPCRouterRecord;
