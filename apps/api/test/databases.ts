import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import pg from "pg";
import { createDb, type Db } from "../src/db/client.ts";
import { type DatabaseTarget, parseDatabaseUrl } from "../src/db/database-url.ts";
import { migrateDatabase } from "../src/db/migrate.ts";

export interface TestDatabase {
  name: "sqlite" | "postgresql";
  target: DatabaseTarget;
  db: Db;
  drop(): Promise<void>;
}

/** The providers the integration suites run on: SQLite always, PostgreSQL when a server is given. */
export const testProviders = (): Array<"sqlite" | "postgresql"> =>
  process.env.TEST_DATABASE_URL_POSTGRES ? ["sqlite", "postgresql"] : ["sqlite"];

let counter = 0;

/**
 * A fresh, migrated database of its own: a temporary SQLite file, or a new PostgreSQL database.
 * `until` migrates only as far as that migration.
 */
export async function createTestDatabase(
  provider: "sqlite" | "postgresql",
  options: { until?: string } = {},
): Promise<TestDatabase> {
  if (provider === "sqlite") {
    const dir = mkdtempSync(join(tmpdir(), "groundwork-test-"));
    const target = parseDatabaseUrl(`file:${join(dir, "test.db")}`);
    await migrateDatabase(target, options);
    const db = createDb(target);
    return {
      name: provider,
      target,
      db,
      drop: async () => {
        await db.close();
        rmSync(dir, { recursive: true, force: true });
      },
    };
  }
  const scratch = await createScratchPostgres("gw_test");
  const target = parseDatabaseUrl(scratch.url);
  await migrateDatabase(target, options);
  const db = createDb(target, { poolSize: 10 });
  return {
    name: provider,
    target,
    db,
    drop: async () => {
      await db.close();
      await scratch.drop();
    },
  };
}

/**
 * A new, empty PostgreSQL database on the server of TEST_DATABASE_URL_POSTGRES, and its removal.
 *
 * The role is an ordinary one with CREATEDB, as in CI, so `DROP DATABASE … WITH (FORCE)` is not used:
 * it refuses whenever a backend of another role is in the database, and an autovacuum worker often is
 * after a migration ("must be a member of the role whose process is being terminated"). Instead the
 * role's own leftover connections are ended, and a plain DROP, which stops autovacuum itself, is
 * retried while the server still counts one.
 */
export async function createScratchPostgres(prefix: string): Promise<{ url: string; drop(): Promise<void> }> {
  const base = process.env.TEST_DATABASE_URL_POSTGRES;
  if (!base) throw new Error("TEST_DATABASE_URL_POSTGRES is not set");
  const name = `${prefix}_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  try {
    await admin.query(`CREATE DATABASE "${name}"`);
  } finally {
    await admin.end();
  }
  const url = new URL(base);
  url.pathname = `/${name}`;
  return {
    url: url.toString(),
    drop: async () => {
      const cleanup = new pg.Client({ connectionString: base });
      await cleanup.connect();
      try {
        for (let attempt = 1; ; attempt++) {
          await cleanup.query(
            "SELECT pg_terminate_backend(pid) FROM pg_stat_activity WHERE datname = $1 AND usename = current_user AND pid <> pg_backend_pid()",
            [name],
          );
          try {
            await cleanup.query(`DROP DATABASE IF EXISTS "${name}"`);
            return;
          } catch (error) {
            // 55006: "database is being accessed by other users"
            if ((error as { code?: string }).code !== "55006" || attempt === 10) throw error;
            await new Promise((resolve) => setTimeout(resolve, 200 * attempt));
          }
        }
      } finally {
        await cleanup.end();
      }
    },
  };
}
