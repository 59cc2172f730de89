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
  const base = process.env.TEST_DATABASE_URL_POSTGRES;
  if (!base) throw new Error("TEST_DATABASE_URL_POSTGRES is not set");
  const name = `gw_test_${process.pid}_${Date.now().toString(36)}_${counter++}`;
  const admin = new pg.Client({ connectionString: base });
  await admin.connect();
  await admin.query(`CREATE DATABASE "${name}"`);
  await admin.end();
  const url = new URL(base);
  url.pathname = `/${name}`;
  const target = parseDatabaseUrl(url.toString());
  await migrateDatabase(target, options);
  const db = createDb(target, { poolSize: 10 });
  return {
    name: provider,
    target,
    db,
    drop: async () => {
      await db.close();
      const cleanup = new pg.Client({ connectionString: base });
      await cleanup.connect();
      await cleanup.query(`DROP DATABASE IF EXISTS "${name}" WITH (FORCE)`);
      await cleanup.end();
    },
  };
}
