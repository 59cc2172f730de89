import { z } from "zod";

/**
 * The question model. The author view (`Question`) carries the key, per-option feedback and the
 * near misses a typed answer must not be confused with; the student view (`StudentQuestion`) carries
 * none of them. Both are discriminated unions on `type`.
 */

export const QuestionTypeSchema = z.enum([
  "single_choice",
  "multiple_choice",
  "true_false",
  "cloze",
  "short_answer",
  "numeric",
  "ordering",
  "matching",
]);
export type QuestionType = z.infer<typeof QuestionTypeSchema>;

const offset = z.number().int().nonnegative();

/** Where a key (or a piece of feedback) comes from: an exact slice of one article's raw text. */
export const SourceRefSchema = z
  .object({
    passageId: z.string().min(1),
    articleId: z.string().min(1),
    rawStart: offset,
    rawEnd: offset,
    quote: z.string().min(1),
  })
  .refine((ref) => ref.rawEnd > ref.rawStart, { message: "rawEnd must be greater than rawStart" });
export type SourceRef = z.infer<typeof SourceRefSchema>;

export const OptionSchema = z.object({ id: z.string().min(1), text: z.string().min(1) });
export type Option = z.infer<typeof OptionSchema>;

/** Feedback shown when a given option (or, for matching, a given left item) is chosen. */
export const OptionFeedbackSchema = z.object({
  optionId: z.string().min(1),
  text: z.string().min(1),
  sourceRefs: z.array(SourceRefSchema),
});
export type OptionFeedback = z.infer<typeof OptionFeedbackSchema>;

/** Numeric tolerance: `absolute` in the key's unit, or `relative` as a fraction of the value (0.02 = 2%). */
export const ToleranceSchema = z.object({
  mode: z.enum(["absolute", "relative"]),
  amount: z.number().nonnegative(),
});
export type Tolerance = z.infer<typeof ToleranceSchema>;

/**
 * The text as its author wrote it, when that was not plain: `markdown` is rendered with raw HTML
 * off, `html` holds only the tags and attributes `sanitizeHtml` keeps. `stem` stays the plain
 * reading, which the gates and the grader use.
 */
export const MarkupSchema = z.object({ format: z.enum(["markdown", "html"]), text: z.string().min(1) });
export type Markup = z.infer<typeof MarkupSchema>;

/** Credit of an answer as a fraction of the question: 1 full, 0.5 half, -0.5 costs half (Moodle's %). */
const credit = z.number().min(-1).max(1);

/**
 * Credit per option id for a choice question (Moodle's answer weights). Options not named earn 0.
 * Without it: the key earns full credit (single choice), or each right option 1/k and each wrong one
 * -1/(n-k) (multiple choice).
 */
export const OptionWeightsSchema = z.record(z.string(), credit);

/** A typed answer the author graded (Moodle's short-answer answers): partial credit and feedback. */
export const TypedAnswerSchema = z.object({
  text: z.string().min(1),
  weight: z.number().min(0).max(1),
  feedback: z.string().optional(),
});
export type TypedAnswer = z.infer<typeof TypedAnswerSchema>;

/** One graded range of a numeric question. */
export const NumericAnswerSchema = z.object({
  value: z.number().finite(),
  tolerance: ToleranceSchema,
  weight: z.number().min(0).max(1),
  feedback: z.string().optional(),
});
export type NumericAnswer = z.infer<typeof NumericAnswerSchema>;

const authorBase = {
  id: z.string().min(1),
  stem: z.string().min(1),
  sourceRefs: z.array(SourceRefSchema).min(1),
  conceptIds: z.array(z.string()),
  /** Estimated difficulty from 0 (easy) to 1 (hard). */
  difficulty: z.number().min(0).max(1),
  /** What made the item: "definition.term", "claim.true_false", "author", ... */
  generator: z.string().min(1),
  explanation: z.string().optional(),
  feedback: z.array(OptionFeedbackSchema).optional(),
  stemMarkup: MarkupSchema.optional(),
  /** The author's name for the question (Moodle's question name), when it has one besides its id. */
  title: z.string().min(1).optional(),
  /** The generator's quality score (0 to 1) and its readable reasons, strongest first. */
  quality: z.object({ score: z.number().min(0).max(1), reasons: z.array(z.string()) }).optional(),
  /** In its lesson's default quiz set (the rest of the bank is scored reserve and retry variants). */
  inQuizSet: z.boolean().optional(),
  /**
   * The id of the short passage this item is asked on together with other items of its set (a
   * stimulus, as Canvas calls it): the passage is shown once, with all of them.
   */
  stimulus: z.string().min(1).optional(),
};

const options = z.array(OptionSchema).min(2);

export const SingleChoiceQuestionSchema = z.object({
  ...authorBase,
  type: z.literal("single_choice"),
  options,
  key: z.string().min(1),
  weights: OptionWeightsSchema.optional(),
});
export const MultipleChoiceQuestionSchema = z.object({
  ...authorBase,
  type: z.literal("multiple_choice"),
  options,
  key: z.array(z.string().min(1)).min(1),
  weights: OptionWeightsSchema.optional(),
});
export const TrueFalseQuestionSchema = z.object({
  ...authorBase,
  type: z.literal("true_false"),
  key: z.boolean(),
  /** For a false statement: the true statement the source makes instead (checked by the grounding gate). */
  correction: z.string().optional(),
});
const typedAnswer = {
  key: z.object({ accepted: z.array(z.string().min(1)).min(1) }),
  /** Wrong answers a typo-tolerant match must never drift into: distractors, other concepts' names. */
  rejected: z.array(z.string().min(1)).optional(),
  /**
   * Answers with partial credit or their own feedback, matched after normalisation (no typo
   * tolerance below full credit). Full-credit texts here are also in `key.accepted`.
   */
  answers: z.array(TypedAnswerSchema).optional(),
};
export const ClozeQuestionSchema = z.object({ ...authorBase, type: z.literal("cloze"), ...typedAnswer });
export const ShortAnswerQuestionSchema = z.object({
  ...authorBase,
  type: z.literal("short_answer"),
  ...typedAnswer,
});
export const NumericQuestionSchema = z.object({
  ...authorBase,
  type: z.literal("numeric"),
  key: z.object({
    value: z.number().finite(),
    tolerance: ToleranceSchema,
    /** "USD", "%", a unit word, or null for a bare number. */
    unit: z.string().nullable(),
  }),
  /**
   * Further graded ranges, tried in order when the key's does not hold (Moodle's several numerical
   * answers): partial credit and feedback; one whose range equals the key's gives the key's feedback.
   */
  answers: z.array(NumericAnswerSchema).optional(),
});
export const OrderingQuestionSchema = z.object({
  ...authorBase,
  type: z.literal("ordering"),
  options,
  key: z.array(z.string().min(1)).min(2),
});
export const MatchingQuestionSchema = z.object({
  ...authorBase,
  type: z.literal("matching"),
  left: options,
  right: options,
  key: z.record(z.string(), z.string()),
});

/** A question as authors and the engine see it, key included. */
export const QuestionSchema = z.discriminatedUnion("type", [
  SingleChoiceQuestionSchema,
  MultipleChoiceQuestionSchema,
  TrueFalseQuestionSchema,
  ClozeQuestionSchema,
  ShortAnswerQuestionSchema,
  NumericQuestionSchema,
  OrderingQuestionSchema,
  MatchingQuestionSchema,
]);
export type Question = z.infer<typeof QuestionSchema>;
export type SingleChoiceQuestion = z.infer<typeof SingleChoiceQuestionSchema>;
export type MultipleChoiceQuestion = z.infer<typeof MultipleChoiceQuestionSchema>;
export type TrueFalseQuestion = z.infer<typeof TrueFalseQuestionSchema>;
export type ClozeQuestion = z.infer<typeof ClozeQuestionSchema>;
export type ShortAnswerQuestion = z.infer<typeof ShortAnswerQuestionSchema>;
export type NumericQuestion = z.infer<typeof NumericQuestionSchema>;
export type OrderingQuestion = z.infer<typeof OrderingQuestionSchema>;
export type MatchingQuestion = z.infer<typeof MatchingQuestionSchema>;

/**
 * Where a question comes from, without the quote: the quote holds the answer, so the student sees the
 * passage only after answering (in the grade result's `sourceRefs`).
 */
export const StudentSourceRefSchema = z.object({ passageId: z.string(), articleId: z.string() });
export type StudentSourceRef = z.infer<typeof StudentSourceRefSchema>;

const studentBase = {
  id: z.string().min(1),
  stem: z.string().min(1),
  /** The stem as sanitised HTML when its author wrote Markdown or HTML (`renderMarkup`): safe to insert as is. */
  stemHtml: z.string().min(1).optional(),
  sourceRefs: z.array(StudentSourceRefSchema),
  difficulty: z.number().min(0).max(1),
  /** The passage shown with this item and the others of its set that share it. */
  stimulus: z.string().min(1).optional(),
};

/**
 * A question as a student sees it: no key, no feedback, options in an order independent of the key.
 * No concept ids either: "which term names this?" tagged `jevons-paradox` would answer itself.
 */
export const StudentQuestionSchema = z.discriminatedUnion("type", [
  z.strictObject({ ...studentBase, type: z.literal("single_choice"), options }),
  z.strictObject({ ...studentBase, type: z.literal("multiple_choice"), options }),
  z.strictObject({ ...studentBase, type: z.literal("true_false") }),
  z.strictObject({ ...studentBase, type: z.literal("cloze") }),
  z.strictObject({ ...studentBase, type: z.literal("short_answer") }),
  z.strictObject({ ...studentBase, type: z.literal("numeric"), unit: z.string().nullable() }),
  z.strictObject({ ...studentBase, type: z.literal("ordering"), options }),
  z.strictObject({ ...studentBase, type: z.literal("matching"), left: options, right: options }),
]);
export type StudentQuestion = z.infer<typeof StudentQuestionSchema>;

/** A student's answer, per question type. */
export const ResponseSchemaByType = {
  single_choice: z.string(),
  multiple_choice: z.array(z.string()),
  true_false: z.boolean(),
  cloze: z.string(),
  short_answer: z.string(),
  numeric: z.union([z.string(), z.number().finite()]),
  ordering: z.array(z.string()),
  matching: z.record(z.string(), z.string()),
} as const satisfies Record<QuestionType, z.ZodType>;

/** Any response: an option id, option ids, a boolean, a string, a number, item ids in order, a left->right map. */
export const ResponseSchema = z.union([
  z.string(),
  z.number().finite(),
  z.boolean(),
  z.array(z.string()),
  z.record(z.string(), z.string()),
]);
export type Response = z.infer<typeof ResponseSchema>;

/** One line of a responses file: `[{questionId, response}]`. */
export const SubmissionSchema = z.object({ questionId: z.string().min(1), response: ResponseSchema });
export type Submission = z.infer<typeof SubmissionSchema>;

export const GradeResultSchema = z.object({
  score: z.number().min(0).max(1),
  correct: z.boolean(),
  feedback: z.string(),
  sourceRefs: z.array(SourceRefSchema),
});
export type GradeResult = z.infer<typeof GradeResultSchema>;
