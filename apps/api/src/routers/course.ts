import type { TRPCRouterRecord } from "@trpc/server";
import { TRPCError } from "@trpc/server";
import { z } from "zod";
import { countInterest, listCourses, registerInterest } from "../domain/courses.ts";
import { publicProcedure } from "../trpc.ts";

const CourseSummarySchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  interestCount: z.number().int().nonnegative(),
});

export const courseRouter = {
  list: publicProcedure.output(z.array(CourseSummarySchema)).query(({ ctx }) => listCourses(ctx.db)),
  registerInterest: publicProcedure
    .input(z.object({ courseId: z.string().min(1).max(100) }))
    .output(z.object({ courseId: z.string(), interestCount: z.number().int() }))
    .mutation(async ({ ctx, input }) => {
      const stored = await registerInterest(ctx.db, input.courseId);
      if (!stored) throw new TRPCError({ code: "NOT_FOUND", message: `No course "${input.courseId}"` });
      return { courseId: input.courseId, interestCount: await countInterest(ctx.db, input.courseId) };
    }),
} satisfies TRPCRouterRecord;
