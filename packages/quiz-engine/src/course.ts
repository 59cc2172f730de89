/** The one place the quiz engine reaches into the content package. */
export {
  bundleSchemaVersion,
  type CourseBundle,
  CourseBundleSchema,
  type Mention,
} from "@groundwork/content";
