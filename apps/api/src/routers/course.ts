import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { getCourse, listPublishedCourses } from "../domain/courses.ts";
import { authedProcedure } from "../trpc.ts";
import { CourseSummarySchema, id } from "./schemas.ts";

export const courseRouter = {
  list: authedProcedure.output(z.array(CourseSummarySchema)).query(({ ctx }) => listPublishedCourses(ctx.db)),
  byId: authedProcedure
    .input(z.object({ courseId: id }))
    .output(
      z.object({
        id: z.string(),
        slug: z.string(),
        title: z.string(),
        description: z.string(),
        version: z.number().int(),
        status: z.string(),
        lessons: z.array(
          z.object({
            id: z.string(),
            title: z.string(),
            readingMinutes: z.number(),
            article: z.object({
              title: z.string(),
              source: z.string().nullable(),
              date: z.string().nullable(),
            }),
            objectives: z.array(z.string()),
            conceptIds: z.array(z.string()),
          }),
        ),
        concepts: z.array(z.object({ id: z.string(), name: z.string(), definition: z.string() })),
      }),
    )
    .query(({ ctx, input }) => getCourse(ctx.db, ctx.user, input.courseId)),
} satisfies TRPCRouterRecord;
