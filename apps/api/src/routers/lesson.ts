import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { getLesson, getSource, LessonViewSchema } from "../domain/courses.ts";
import { authedProcedure } from "../trpc.ts";
import { id } from "./schemas.ts";

export const lessonRouter = {
  byId: authedProcedure
    .input(z.object({ lessonId: id }))
    .output(LessonViewSchema)
    .query(({ ctx, input }) => getLesson(ctx.db, ctx.user, input.lessonId)),
  /** The raw article with a passage's exact span: "view source". */
  source: authedProcedure
    .input(z.object({ courseId: id, passageId: id }))
    .output(
      z.object({
        passageId: z.string(),
        articleTitle: z.string(),
        file: z.string(),
        sha256: z.string(),
        rawText: z.string(),
        rawStart: z.number().int(),
        rawEnd: z.number().int(),
      }),
    )
    .query(({ ctx, input }) =>
      getSource(ctx.db, ctx.user, { courseId: input.courseId, passageKey: input.passageId }),
    ),
} satisfies TRPCRouterRecord;
