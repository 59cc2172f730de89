/** The one place the quiz engine reaches into the content package. */
export {
  bundleSchemaVersion,
  type CourseBundle,
  CourseBundleSchema,
  isTeachableTerm,
  type Lexicon,
  lexicon,
  type Mention,
  type Sentence,
  type Stance,
  stanceOf,
} from "@groundwork/content";
