import type { TRPCRouterRecord } from "@trpc/server";
import { z } from "zod";
import {
  createAssignment,
  deleteAssignment,
  getTaughtAssignment,
  listClassAssignments,
  updateAssignment,
} from "../domain/assignments.ts";
import { exportGradebookCsv, getGradebook, getItemStatistics } from "../domain/gradebook.ts";
import { sendUnchanged } from "../pinned/trpc-http.ts";
import { instructorProcedure } from "../trpc.ts";
import { FeedbackPolicySchema, id } from "./schemas.ts";

/** An assignment's settings as instructors see them, with its lesson. */
const AssignmentSettingsSchema = z.object({
  id: z.string(),
  title: z.string(),
  opensAt: z.date(),
  dueAt: z.date(),
  attemptsAllowed: z.number().int(),
  timeLimitSeconds: z.number().int().nullable(),
  feedbackPolicy: z.string(),
  questionCount: z.number().int(),
  lesson: z.object({ id: z.string(), title: z.string() }),
});

/** What an instructor sets when assigning or editing (minutes here, seconds in the database). */
const SettingsInputSchema = z.object({
  opensAt: z.coerce.date(),
  dueAt: z.coerce.date(),
  attemptsAllowed: z.number().int().min(1).max(20),
  timeLimitMinutes: z.number().int().min(1).max(600).nullable(),
  feedbackPolicy: FeedbackPolicySchema,
  questionCount: z.number().int().min(1).max(100),
});

export const assignmentRouter = {
  create: instructorProcedure
    .input(
      SettingsInputSchema.extend({
        classId: id,
        lessonId: id,
        title: z.string().trim().max(200).optional(),
        attemptsAllowed: SettingsInputSchema.shape.attemptsAllowed.default(1),
        timeLimitMinutes: SettingsInputSchema.shape.timeLimitMinutes.default(null),
        feedbackPolicy: SettingsInputSchema.shape.feedbackPolicy.default("after_submit"),
        questionCount: SettingsInputSchema.shape.questionCount.default(10),
      }),
    )
    .output(z.object({ id: z.string(), title: z.string() }))
    .mutation(({ ctx, input }) =>
      createAssignment(ctx.db, ctx.user, {
        ...input,
        timeLimitSeconds: input.timeLimitMinutes === null ? null : input.timeLimitMinutes * 60,
        now: ctx.now(),
      }),
    ),
  /** One assignment with its settings, for the instructor's edit page. */
  byId: instructorProcedure
    .input(z.object({ assignmentId: id }))
    .output(
      AssignmentSettingsSchema.extend({
        class: z.object({ id: z.string(), name: z.string() }),
        attemptCount: z.number().int(),
      }),
    )
    .query(({ ctx, input }) => getTaughtAssignment(ctx.db, ctx.user, input.assignmentId)),
  /** Changes the settings; attempts in progress follow a new due date or time limit. */
  update: instructorProcedure
    .input(SettingsInputSchema.extend({ assignmentId: id, title: z.string().trim().max(200) }))
    .output(z.object({ id: z.string(), title: z.string() }))
    .mutation(({ ctx, input }) => {
      const { timeLimitMinutes, ...rest } = input;
      return updateAssignment(ctx.db, ctx.user, {
        ...rest,
        timeLimitSeconds: timeLimitMinutes === null ? null : timeLimitMinutes * 60,
      });
    }),
  /** Deletes an assignment nobody has started yet. */
  delete: instructorProcedure
    .input(z.object({ assignmentId: id }))
    .output(z.object({ id: z.string() }))
    .mutation(({ ctx, input }) => deleteAssignment(ctx.db, ctx.user, input.assignmentId)),
  listByClass: instructorProcedure
    .input(z.object({ classId: id }))
    .output(z.array(AssignmentSettingsSchema))
    .query(({ ctx, input }) => listClassAssignments(ctx.db, ctx.user, input.classId)),
  gradebook: instructorProcedure
    .input(z.object({ classId: id }))
    // No output parser: the domain checks each gradebook with GradebookSchema once, when it builds it,
    // rather than on every read of the kept one, which it freezes; so its JSON is written once too.
    .query(async ({ ctx, input }) => sendUnchanged(await getGradebook(ctx.db, ctx.user, input.classId))),
  gradebookCsv: instructorProcedure
    .input(z.object({ classId: id }))
    .output(z.object({ filename: z.string(), csv: z.string() }))
    .query(async ({ ctx, input }) => ({
      filename: `gradebook-${input.classId}.csv`,
      csv: await exportGradebookCsv(ctx.db, ctx.user, input.classId),
    })),
  statistics: instructorProcedure
    .input(z.object({ assignmentId: id }))
    .output(
      z.object({
        assignment: z.object({ id: z.string(), title: z.string(), courseId: z.string() }),
        items: z.array(
          z.object({
            questionId: z.string(),
            type: z.string(),
            stem: z.string(),
            answers: z.number().int(),
            facility: z.number(),
            discriminationIndex: z.number().nullable(),
            discriminationCorrelation: z.number().nullable(),
            distractors: z
              .array(
                z.object({
                  optionId: z.string(),
                  text: z.string(),
                  isKey: z.boolean(),
                  count: z.number().int(),
                  share: z.number(),
                }),
              )
              .optional(),
            source: z
              .object({
                passageId: z.string(),
                articleId: z.string(),
                rawStart: z.number(),
                rawEnd: z.number(),
                quote: z.string(),
              })
              .nullable(),
          }),
        ),
      }),
    )
    .query(({ ctx, input }) => getItemStatistics(ctx.db, ctx.user, input.assignmentId)),
} satisfies TRPCRouterRecord;
