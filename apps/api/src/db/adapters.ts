import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import type { DatabaseTarget } from "./database-url.ts";

/** How long a SQLite connection waits for another process's lock before giving up. */
export const sqliteBusyTimeoutMs = 5000;

/**
 * The driver adapter for a target. PostgreSQL gets discrete connection fields: the adapter mishandles a
 * bare connection string in some paths (docs/toolchain.md). The URL's libpq parameters are among
 * them (database-url.ts), so sslmode reaches the driver.
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
      connectionTimeoutMillis: target.connectTimeoutMs ?? 5000,
      ssl: target.ssl,
      application_name: target.applicationName,
    },
    target.schema ? { schema: target.schema } : undefined,
  );
}
