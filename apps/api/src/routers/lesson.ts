import { CitationSchema } from "@groundwork/content";
import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { getLesson, getSource } from "../domain/courses.ts";
import { authedProcedure } from "../trpc.ts";
import { CitedTextSchema, id } from "./schemas.ts";

export const lessonRouter = {
  byId: authedProcedure
    .input(z.object({ lessonId: id }))
    .output(
      z.object({
        id: z.string(),
        title: z.string(),
        readingMinutes: z.number(),
        course: z.object({ id: z.string(), title: z.string() }),
        article: z.object({
          id: z.string(),
          title: z.string(),
          source: z.string().nullable(),
          date: z.string().nullable(),
        }),
        objectives: z.array(CitedTextSchema),
        summary: z.array(CitedTextSchema),
        keyTerms: z.array(
          z.object({
            term: z.string(),
            gloss: z.string(),
            ref: CitationSchema.optional(),
            conceptId: z.string().optional(),
          }),
        ),
        passages: z.array(
          z.object({
            id: z.string(),
            key: z.string(),
            text: z.string(),
            rawStart: z.number().int(),
            rawEnd: z.number().int(),
            conceptIds: z.array(z.string()),
          }),
        ),
        concepts: z.array(
          z.object({
            id: z.string(),
            name: z.string(),
            definition: z.string(),
            aliases: z.array(z.string()),
          }),
        ),
      }),
    )
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
