import { PrismaBetterSqlite3 } from "@prisma/adapter-better-sqlite3";
import { PrismaPg } from "@prisma/adapter-pg";
import pg from "pg";
import type { DatabaseTarget } from "./database-url.ts";

/** How long a SQLite connection waits for another process's lock before giving up. */
export const sqliteBusyTimeoutMs = 5000;

/**
 * The pg pool for a PostgreSQL target, shared by Prisma's adapter and the hot path
 * (pinned/hot-path-postgres.ts). Discrete connection fields: the adapter mishandles a bare connection
 * string in some paths (docs/toolchain.md). The URL's libpq parameters are among them
 * (database-url.ts), so sslmode reaches the driver. A `schema` is the hot path's search path (Prisma
 * names its schema in every query itself).
 */
export const createPostgresPool = (
  target: Extract<DatabaseTarget, { provider: "postgresql" }>,
  options: { poolSize?: number } = {},
): pg.Pool => {
  const pool = new pg.Pool(poolConfig(target, options));
  // An idle connection the server ends (a restart, a failover, an administrator's terminate) is
  // reported on the pool, which drops it and opens another when next asked. Unheard, the 'error'
  // event would end the process.
  pool.on("error", (error) => {
    console.error(`PostgreSQL ended an idle connection: ${error.message}`);
  });
  return pool;
};

function poolConfig(
  target: Extract<DatabaseTarget, { provider: "postgresql" }>,
  options: { poolSize?: number },
): pg.PoolConfig {
  return {
    host: target.host,
    port: target.port,
    user: target.user,
    password: target.password,
    database: target.database,
    max: options.poolSize ?? 10,
    connectionTimeoutMillis: target.connectTimeoutMs ?? 5000,
    ssl: target.ssl,
    application_name: target.applicationName,
    ...(target.schema ? { options: `-c search_path="${target.schema.replaceAll('"', '""')}"` } : {}),
  };
}

/**
 * The driver adapter for a target. On PostgreSQL over `pool` when given (it stays the caller's to
 * end); otherwise the adapter makes its own pool and ends it on disconnect.
 */
export function createAdapter(target: DatabaseTarget, options: { poolSize?: number; pool?: pg.Pool } = {}) {
  if (target.provider === "sqlite") {
    return new PrismaBetterSqlite3({ url: target.file, timeout: sqliteBusyTimeoutMs });
  }
  return new PrismaPg(
    options.pool ?? poolConfig(target, options),
    target.schema ? { schema: target.schema } : undefined,
  );
}
