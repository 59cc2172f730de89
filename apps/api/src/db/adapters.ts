import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { DatabaseTarget } from "./database-url.ts";

/** How long a SQLite connection waits for another process's lock before giving up. */
export const sqliteBusyTimeoutMs = 5000;

/**
 * The driver adapter for a target. PostgreSQL gets discrete connection fields: the adapter mishandles a
 * bare connection string in some paths (docs/toolchain.md).
 */
export function createAdapter(target: DatabaseTarget, options: { poolSize?: number } = {}) {
  if (target.provider === "sqlite") {
    return new PrismaBetterSqlite3({ url: target.file, timeout: sqliteBusyTimeoutMs });
  }
  return new PrismaPg(
    {
      host: target.host,
      port: target.port,
      user: target.user,
      password: target.password,
      database: target.database,
      max: options.poolSize ?? 10,
      connectionTimeoutMillis: 5000,
    },
    target.schema ? { schema: target.schema } : undefined,
  );
}
