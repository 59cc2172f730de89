/** The one place the quiz engine reaches into the content package. */
export { type CourseBundle, CourseBundleSchema, type Mention } from "@groundwork/content";
