/**
 * Server-side building blocks for the cross-package suites in tests/ (load, fault, benchmarks).
 * apps/web must never import this: it imports only `type { AppRouter }` from the package root.
 */

import { zipSync } from "fflate";
import { z } from "zod";
import { factKeyOf } from "./domain/versions/index.ts";

export { readPackageDir } from "@groundwork/content/cli";
export { createScratchPostgres } from "../test/databases.ts";
export { zipBomb } from "../test/zip-bomb.ts";
export { createAuth, sessionCookieName } from "./auth.ts";
export { createDb, type Db } from "./db/client.ts";
export { findRepoRoot, parseDatabaseUrl } from "./db/database-url.ts";
export { migrateDatabase } from "./db/migrate.ts";
export { finishAttempt, startAttempt } from "./domain/attempts/index.ts";
export { readEnv } from "./env.ts";
export { quietAuthContext } from "./pinned/auth-context.ts";
export { demoPackageDir, demoPassword, ensureUser, seedDemo } from "./seed/demo.ts";

/** Package files zipped as an upload sends them (base64). */
export function zipPackage(files: ReadonlyMap<string, Uint8Array>): string {
  return Buffer.from(zipSync(Object.fromEntries(files))).toString("base64");
}

/** A plausible response of the right shape for any student-view question (for load tests and suites). */
export function someResponse(question: {
  type: string;
  options?: Array<{ id: string }>;
  left?: Array<{ id: string }>;
  right?: Array<{ id: string }>;
}): unknown {
  switch (question.type) {
    case "single_choice":
      return question.options?.[0]?.id;
    case "multiple_choice":
      return [question.options?.[0]?.id];
    case "true_false":
      return true;
    case "numeric":
      return "42";
    case "ordering":
      return question.options?.map((o) => o.id);
    case "matching":
      return Object.fromEntries((question.left ?? []).map((l, i) => [l.id, question.right?.[i]?.id ?? ""]));
    default:
      return "an answer";
  }
}

/** The fact of a stored question payload, as import writes it to `Question.factKey`. */
export function factOf(payload: unknown): string {
  return factKeyOf(FactFields.parse(payload));
}
const FactFields = z.object({
  id: z.string(),
  generator: z.string().optional(),
  sourceRefs: z.array(z.object({ passageId: z.string(), rawStart: z.number(), rawEnd: z.number() })),
});
