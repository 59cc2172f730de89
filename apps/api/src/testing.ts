/**
 * Server-side building blocks for the cross-package suites in tests/ (load, fault, benchmarks).
 * apps/web must never import this: it imports only `type { AppRouter }` from the package root.
 */
export { createAuth } from "./auth.ts";
export { createDb, type Db } from "./db/client.ts";
export { findRepoRoot, parseDatabaseUrl } from "./db/database-url.ts";
export { migrateDatabase } from "./db/migrate.ts";
export { startAttempt } from "./domain/attempts.ts";
export { readEnv } from "./env.ts";
export { demoPassword, ensureUser, seedDemo } from "./seed/demo.ts";
