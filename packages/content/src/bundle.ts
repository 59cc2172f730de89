import { z } from "zod";

/**
 * The course bundle: everything the content pipeline learned from a content package, as JSON.
 * It is the contract between packages/content (writer), packages/quiz-engine and apps/api (readers).
 *
 * Offsets (`rawStart`, `rawEnd`) are JavaScript string indices (UTF-16 code units) into the raw
 * article file decoded as UTF-8, end exclusive: `article.rawText.slice(rawStart, rawEnd)`.
 */

const offset = z.number().int().nonnegative();

/** A span of one article's raw text. */
export const RawSpanSchema = z.object({
  articleId: z.string(),
  rawStart: offset,
  rawEnd: offset,
});
export type RawSpan = z.infer<typeof RawSpanSchema>;

/** A quote with its exact place in the raw text: what every citation in Groundwork is. */
export const CitationSchema = RawSpanSchema.extend({
  passageId: z.string(),
  quote: z.string(),
});
export type Citation = z.infer<typeof CitationSchema>;

export const CourseInfoSchema = z.object({
  id: z.string(),
  title: z.string(),
  description: z.string(),
  language: z.string(),
  version: z.string(),
  authors: z.array(z.string()),
  license: z.string(),
});
export type CourseInfo = z.infer<typeof CourseInfoSchema>;

export const BundleArticleSchema = z.object({
  id: z.string(),
  title: z.string(),
  /** Path of the article file relative to the package root. */
  file: z.string(),
  /** Hex SHA-256 of the raw file's bytes. */
  sha256: z.string().regex(/^[0-9a-f]{64}$/),
  source: z.string().optional(),
  date: z.string().optional(),
  /** The raw file decoded as UTF-8, so that every citation can be shown in place. */
  rawText: z.string(),
  /** The normalised text; `passages` are slices of it (see `normStart`). */
  normalizedText: z.string(),
});
export type BundleArticle = z.infer<typeof BundleArticleSchema>;

/** Why a sentence is unfit to quote, summarise or ask about. */
export const SentenceFlagKindSchema = z.enum([
  "misspelling",
  "glued_words",
  "odd_casing",
  "repetition",
  "fragment",
  "heading",
  "list_item",
  "citation",
  "question",
  "boilerplate",
  "truncated",
  "garbled",
]);
export type SentenceFlagKind = z.infer<typeof SentenceFlagKindSchema>;

export const SentenceFlagSchema = z.object({
  kind: SentenceFlagKindSchema,
  /** For people: what was seen ('not in the dictionary: "exclotors"'). */
  reason: z.string(),
});
export type SentenceFlag = z.infer<typeof SentenceFlagSchema>;

/**
 * Whose claim a sentence makes: the author's (*asserted*), someone else's (*reported*), a guess
 * (*hedged*), one the author argues against (*rejected*), or a denial (*negated*).
 */
export const StanceKindSchema = z.enum(["asserted", "reported", "hedged", "rejected", "negated"]);
export type StanceKind = z.infer<typeof StanceKindSchema>;

export const StanceSchema = z.object({
  kind: StanceKindSchema,
  /** The words that signal it ("according to", "probably", "i am skeptical"), lower-cased. */
  cues: z.array(z.string()),
  /** Who holds the claim, where the text names them ("one Silicon Valley investor"). */
  holder: z.string().optional(),
});
export type Stance = z.infer<typeof StanceSchema>;

export const SentenceSchema = z.object({
  id: z.string(),
  articleId: z.string(),
  passageId: z.string(),
  text: z.string(),
  rawStart: offset,
  rawEnd: offset,
  /** 1 for a clean, self-standing sentence; each flag lowers it. */
  fitness: z.number().min(0).max(1),
  flags: z.array(SentenceFlagSchema),
  /** No flags: the only sentences summaries, glosses, objectives and questions may use. */
  isFit: z.boolean(),
  stance: StanceSchema,
});
export type Sentence = z.infer<typeof SentenceSchema>;

export const PassageSchema = z.object({
  id: z.string(),
  articleId: z.string(),
  /** Position within the article, from 0. */
  index: z.number().int().nonnegative(),
  text: z.string(),
  rawStart: offset,
  rawEnd: offset,
  sentenceIds: z.array(z.string()),
  conceptIds: z.array(z.string()),
});
export type Passage = z.infer<typeof PassageSchema>;

export const EntityKindSchema = z.enum([
  "person",
  "organization",
  "place",
  "product",
  "date",
  "money",
  "percent",
  "number",
  "quantity",
]);
export type EntityKind = z.infer<typeof EntityKindSchema>;

/** A mention found by the analysis: a named entity, a date or a number with its scale. */
export const MentionSchema = z.object({
  id: z.string(),
  kind: EntityKindSchema,
  /** The text as it stands in the normalised sentence. */
  text: z.string(),
  /** Canonical form: a name ("NVIDIA"), an ISO date ("2025-01-20", or "--01-20" without a year), or a number. */
  normalized: z.string(),
  /** For money, percent, number, quantity: the value after scale words ("$5.576 million" -> 5576000). */
  value: z.number().optional(),
  /** Currency code for money ("USD"), "%" for percent, a unit word for quantities ("GPUs"). */
  unit: z.string().optional(),
  /** The scale word's factor that `value` includes ("$5.576 million" -> 1000000), when there is one. */
  scale: z.number().optional(),
  sentenceId: z.string(),
  passageId: z.string(),
  articleId: z.string(),
  rawStart: offset,
  rawEnd: offset,
});
export type Mention = z.infer<typeof MentionSchema>;

/** A sentence that defines or likens a term: "X, known as Y", "X means Y", "X is akin to Y". */
export const DefinitionSchema = z.object({
  id: z.string(),
  term: z.string(),
  /** The whole defining sentence. */
  definition: z.string(),
  /** The defining words alone, fit to show after the term: "compressing a big AI model into a smaller one". */
  gloss: z.string(),
  /** The defining sentence carries no fitness flag. */
  isFit: z.boolean(),
  /** "known_as" | "means" | "is_a" | "refers_to" | "similar_to" | "akin_to" | "called" ... */
  pattern: z.string(),
  /** True for likenesses (similar to, akin to, like): an analogy rather than a definition. */
  isAnalogy: z.boolean(),
  sentenceId: z.string(),
  passageId: z.string(),
  articleId: z.string(),
  rawStart: offset,
  rawEnd: offset,
});
export type Definition = z.infer<typeof DefinitionSchema>;

export const CausalLinkSchema = z.object({
  id: z.string(),
  cause: z.string(),
  effect: z.string(),
  /** The connective that signals it: "because", "led to", "as a result", "driving" ... */
  marker: z.string(),
  sentenceId: z.string(),
  passageId: z.string(),
  articleId: z.string(),
  rawStart: offset,
  rawEnd: offset,
});
export type CausalLink = z.infer<typeof CausalLinkSchema>;

/** A factual statement from the source that carries a number, a date or a named actor. */
export const ClaimSchema = z.object({
  id: z.string(),
  text: z.string(),
  mentionIds: z.array(z.string()),
  stance: StanceSchema,
  /** A fit sentence the author asserts: the only claim that may be stated as true. */
  isFact: z.boolean(),
  sentenceId: z.string(),
  passageId: z.string(),
  articleId: z.string(),
  rawStart: offset,
  rawEnd: offset,
});
export type Claim = z.infer<typeof ClaimSchema>;

export const ConceptSchema = z.object({
  id: z.string(),
  name: z.string(),
  aliases: z.array(z.string()),
  /** A span that defines the concept, the author's definition, or "" when the text defines it nowhere. */
  definition: z.string(),
  /** Where the definition comes from; absent when an author card gave a definition of its own, or there is none. */
  definitionRef: CitationSchema.optional(),
  /**
   * Who defines the concept: the author's card, a defining span of the text ("X is a …", "X, the …,",
   * "… called X"), or nobody ("none": `definition` is empty rather than a sentence that merely names
   * it). Absent in bundles built before it was recorded.
   */
  definitionSource: z.enum(["author", "text", "none"]).optional(),
  passageIds: z.array(z.string()),
  origin: z.enum(["detected", "author"]),
  /** A defined or key term, a central named entity, or a likeness the text draws ("AlphaGo Zero analogy"). */
  kind: z.enum(["term", "entity", "analogy"]),
});
export type Concept = z.infer<typeof ConceptSchema>;

export const KeyTermSchema = z.object({
  term: z.string(),
  /** The glossary entry, a sentence from the source or an author's gloss. */
  gloss: z.string(),
  ref: CitationSchema.optional(),
  conceptId: z.string().optional(),
});
export type KeyTerm = z.infer<typeof KeyTermSchema>;

export const CitedTextSchema = z.object({ text: z.string(), ref: CitationSchema });
export type CitedText = z.infer<typeof CitedTextSchema>;

export const LessonSchema = z.object({
  id: z.string(),
  articleId: z.string(),
  title: z.string(),
  objectives: z.array(CitedTextSchema),
  /** Summary sentences, each an exact source sentence with its citation. */
  summary: z.array(CitedTextSchema),
  keyTerms: z.array(KeyTermSchema),
  readingMinutes: z.number().positive(),
  passageIds: z.array(z.string()),
  conceptIds: z.array(z.string()),
});
export type Lesson = z.infer<typeof LessonSchema>;

export const NormalizationChangeKindSchema = z.enum([
  "boilerplate",
  "markup",
  "mojibake",
  "repetition",
  "sentence_boundary",
  "capitalization",
  "whitespace",
  "quote",
  "list_marker",
  "toc_number",
  "citation",
  "ticker",
  "spelling",
  "consistency",
]);
export type NormalizationChangeKind = z.infer<typeof NormalizationChangeKindSchema>;

export const NormalizationChangeSchema = z.object({
  kind: NormalizationChangeKindSchema,
  rawStart: offset,
  rawEnd: offset,
  before: z.string(),
  after: z.string(),
});
export type NormalizationChange = z.infer<typeof NormalizationChangeSchema>;

export const NormalizationReportSchema = z.object({
  articleId: z.string(),
  rawLength: z.number().int().nonnegative(),
  normalizedLength: z.number().int().nonnegative(),
  counts: z.record(z.string(), z.number().int().nonnegative()),
  changes: z.array(NormalizationChangeSchema),
});
export type NormalizationReport = z.infer<typeof NormalizationReportSchema>;

/**
 * The bundle format this package writes and reads. 2 added fitness, stance, glosses and concept kinds;
 * 3 added the `consistency` repair kind, so a version-2 bundle is a valid version-3 one and is read as
 * one (`parseCourseBundle`); older bundles are refused.
 */
export const bundleSchemaVersion = 3;
/** Bundle versions `parseCourseBundle` reads by upgrading them: their shape is a subset of the current one. */
export const upgradableSchemaVersions: readonly number[] = [2];

export const CourseBundleSchema = z.object({
  schemaVersion: z.literal(bundleSchemaVersion, {
    error: (issue) =>
      `bundle schemaVersion ${JSON.stringify(issue.input)} is not ${bundleSchemaVersion}: rebuild the bundle from its content package (groundwork content build)`,
  }),
  course: CourseInfoSchema,
  articles: z.array(BundleArticleSchema),
  passages: z.array(PassageSchema),
  sentences: z.array(SentenceSchema),
  mentions: z.array(MentionSchema),
  definitions: z.array(DefinitionSchema),
  causalLinks: z.array(CausalLinkSchema),
  claims: z.array(ClaimSchema),
  concepts: z.array(ConceptSchema),
  glossary: z.array(KeyTermSchema),
  lessons: z.array(LessonSchema),
  /** The course outline: lesson ids in teaching order. */
  outline: z.array(z.string()),
  /** Concept map: which lessons teach which concept. */
  conceptMap: z.array(z.object({ conceptId: z.string(), lessonIds: z.array(z.string()) })),
  reports: z.array(NormalizationReportSchema),
  /**
   * Author-written question files shipped in the package, kept verbatim for the quiz engine
   * (their format arrives with GIFT interop).
   */
  questionFiles: z.array(z.object({ file: z.string(), format: z.string(), text: z.string() })),
});
export type CourseBundle = z.infer<typeof CourseBundleSchema>;
