/**
 * A course version as one typed snapshot (issue 16): `loadVersion` is the one reader of a version's
 * bundle and bank. Only what is joined, constrained or listed stays relational (course, lesson keys
 * and positions, passage anchors, question status and fact); the rest lives in the bundle.
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
