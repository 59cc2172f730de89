/**
 * A course version as one typed snapshot (issue 16): `loadVersion` is the one reader of a version's
 * bundle and bank. Only what is joined, constrained or listed stays relational (course, lesson keys
 * and positions, passage anchors, question status and fact); the rest lives in the bundle.
 *
 * For a quiz draw: `snapshot.bank` holds every question of the version, parsed, in every status and
 * variant (ordered by lesson key, key, variant); a lesson's drawable bank is the items with its
 * `lessonKey` whose `status` is not in authoring's UNUSABLE_STATUSES, grouped by `factKey`. The
 * snapshot of a published version is the same object for every caller and must not be mutated;
 * `isImmutable` says whether it may be kept (a draft's may not).
 */
export { factKeyOf } from "./fact-key.ts";
export { cachedVersionOfLesson, forgetVersion, loadVersion, versionCacheStats } from "./load.ts";
export {
  type BankItem,
  buildSnapshot,
  StaleBundleError,
  type VersionLesson,
  type VersionSnapshot,
} from "./snapshot.ts";
