/** The one place the quiz engine reaches into the content package. */
export {
  bundleSchemaVersion,
  type CourseBundle,
  CourseBundleSchema,
  isTeachableTerm,
  type Lexicon,
  lexicon,
  type Mention,
  normalizeText,
  type Sentence,
  type Stance,
  segmentArticle,
  stanceOf,
} from "@groundwork/content";
