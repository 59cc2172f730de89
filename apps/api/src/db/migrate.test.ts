import { readFileSync } from "node:fs";
import { afterEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase, testProviders } from "../../test/databases.ts";
import { migrateDatabase, readMigrations } from "./migrate.ts";
import { providers, readModels, snapshotPath } from "./schemas.ts";

describe("committed migrations", () => {
  it("the newest migration matches models.prisma (no model change without a migration)", () => {
    expect(readFileSync(snapshotPath, "utf8")).toBe(readModels());
  });
  it.each(providers)("%s: has its migrations", (provider) => {
    expect(readMigrations(provider).migrationDirectories.length).toBeGreaterThan(0);
  });
});

describe.each(testProviders())("migrateDatabase on %s", (provider) => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });

  it("applies nothing the second time and records migrations as the Prisma CLI does", async () => {
    database = await createTestDatabase(provider);
    expect(await migrateDatabase(database.target)).toEqual([]);
    const rows = await database.db.read.$queryRaw<Array<{ migration_name: string; finished_at: unknown }>>`
      SELECT migration_name, finished_at FROM _prisma_migrations ORDER BY migration_name`;
    expect(rows.map((row) => row.migration_name)).toEqual(
      readMigrations(provider).migrationDirectories.map((dir) => dir.path),
    );
    expect(rows.every((row) => row.finished_at !== null)).toBe(true);
  });

  it("turns on WAL for SQLite", async () => {
    database = await createTestDatabase(provider);
    if (provider !== "sqlite") return;
    const [row] = await database.db.read.$queryRaw<Array<{ journal_mode: string }>>`PRAGMA journal_mode`;
    expect(row?.journal_mode).toBe("wal");
  });
});
