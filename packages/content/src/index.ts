export { type ArticleAnalysis, analyzeArticle, isoDate, parseNumber } from "./analyze.ts";
export { type BuildOptions, buildCourseBundle, normalizeArticle, parseCourseBundle } from "./build.ts";
export * from "./bundle.ts";
export {
  checkConceptQuotes,
  citeNormalized,
  conceptMatcher,
  detectConcepts,
  findQuote,
  isTeachableTerm,
} from "./concepts.ts";
export { ContentError, type ContentProblem, ContentValidationError, formatProblem } from "./errors.ts";
export { assessSentences } from "./fitness.ts";
export { sha256Hex } from "./hash.ts";
export { buildLessons } from "./lessons.ts";
export { type Lexicon, lexicon } from "./lexicon.ts";
export {
  type ConceptCard,
  ConceptCardSchema,
  ConceptCardsFileSchema,
  type CourseManifest,
  CourseManifestSchema,
  type GlossaryEntry,
  GlossaryEntrySchema,
  GlossaryFileSchema,
  type ManifestArticle,
  ManifestArticleSchema,
} from "./manifest.ts";
export {
  buildNormalizationReport,
  countCourseWords,
  countWordForms,
  countWordPairs,
  isBoilerplateLine,
  type NormalizedText,
  type NormalizeOptions,
  normalizeText,
  toRawSpan,
  type WordForms,
  type WordPairs,
} from "./normalize.ts";
export { type AnalyzedArticle, readArticles, type SentenceReading } from "./read.ts";
export { type SegmentedArticle, segmentArticle } from "./segment.ts";
export { markStances, stanceOf } from "./stance.ts";
export { type ContentPackage, readContentPackage, validateContentPackage } from "./validate.ts";
