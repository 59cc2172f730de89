import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import { listStudentAssignments } from "../domain/assignments.ts";
import { getMastery } from "../domain/learning/index.ts";
import { studentProcedure } from "../trpc.ts";

export const progressRouter = {
  /** The student's home: assignments in their classes with due dates and attempts. */
  assignments: studentProcedure
    .output(
      z.array(
        z.object({
          id: z.string(),
          title: z.string(),
          opensAt: z.date(),
          dueAt: z.date(),
          attemptsAllowed: z.number().int(),
          timeLimitSeconds: z.number().int().nullable(),
          feedbackPolicy: z.string(),
          class: z.object({ id: z.string(), name: z.string() }),
          lesson: z.object({
            id: z.string(),
            title: z.string(),
            course: z.object({ id: z.string(), title: z.string() }),
          }),
          attempts: z.array(
            z.object({
              id: z.string(),
              number: z.number().int(),
              state: z.string(),
              score: z.number().nullable(),
              finishedAt: z.date().nullable(),
            }),
          ),
        }),
      ),
    )
    .query(({ ctx }) => listStudentAssignments(ctx.db, ctx.user.id, ctx.now())),
  mastery: studentProcedure
    .output(
      z.array(
        z.object({
          courseSlug: z.string(),
          conceptId: z.string(),
          name: z.string(),
          mastery: z.number(),
          evidence: z.number().int(),
          isMastered: z.boolean(),
        }),
      ),
    )
    .query(({ ctx }) => getMastery(ctx.db, ctx.user.id)),
} satisfies TRPCRouterRecord;
