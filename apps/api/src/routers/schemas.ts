import { NormalizationReportSchema } from "@groundwork/content";
import { GradeResultSchema, QuestionSchema, StudentQuestionSchema } from "@groundwork/quiz-engine";
import { z } from "zod";
import { roles } from "../auth.ts";

/** Output shapes shared by several routers. Inputs live with their procedures. */
export const id = z.string().min(1).max(100);

export const DateSchema = z.date();
export const RoleSchema = z.enum(roles);
export const FeedbackPolicySchema = z.enum(["immediate", "after_submit", "after_due"]);

export const CourseSummarySchema = z.object({
  id: z.string(),
  slug: z.string(),
  title: z.string(),
  description: z.string(),
  version: z.number().int(),
  lessonCount: z.number().int(),
});

export const AttemptResultSchema = GradeResultSchema.extend({ passageText: z.string().nullable() });

export const AttemptViewSchema = z.object({
  id: z.string(),
  state: z.string(),
  number: z.number().int(),
  startedAt: DateSchema,
  deadlineAt: DateSchema,
  serverNow: DateSchema,
  assignment: z.object({
    id: z.string(),
    title: z.string(),
    lessonId: z.string(),
    lessonTitle: z.string(),
    feedbackPolicy: z.string(),
  }),
  questions: z.array(
    z.object({
      attemptQuestionId: z.string(),
      position: z.number().int(),
      question: StudentQuestionSchema,
      response: z.object({ value: z.unknown(), revision: z.number().int() }).nullable(),
      isLocked: z.boolean(),
      result: AttemptResultSchema.nullable(),
    }),
  ),
  score: z.number().nullable(),
  feedbackVisible: z.boolean(),
});

export const VersionDetailSchema = z.object({
  id: z.string(),
  number: z.number().int(),
  status: z.string(),
  slug: z.string(),
  course: z.object({ id: z.string(), title: z.string() }).nullable(),
  lessons: z.array(z.object({ id: z.string(), title: z.string() })),
  reports: z.array(NormalizationReportSchema.extend({ articleTitle: z.string(), rawText: z.string() })),
  questions: z.array(
    z.object({
      id: z.string(),
      key: z.string(),
      lessonKey: z.string(),
      type: z.string(),
      status: z.string(),
      question: QuestionSchema,
      gate: z.object({
        passed: z.boolean(),
        failures: z
          .array(z.object({ gate: z.string(), reason: z.string() }))
          .optional()
          .default([]),
      }),
      updatedAt: DateSchema,
    }),
  ),
});
