import { existsSync, mkdirSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import type { MigrationList } from "@prisma/schema-engine-wasm";
import Database from "better-sqlite3";
import { createAdapter, sqliteBusyTimeoutMs } from "./adapters.ts";
import type { DatabaseTarget, Provider } from "./database-url.ts";
import { startSchemaEngine } from "./schema-engine.ts";
import { migrationsDir, readModels, renderProviderSchema, schemaPath } from "./schemas.ts";

/** The committed migrations of a provider, read from disk as the schema engine expects them. */
export function readMigrations(provider: Provider): MigrationList {
  const baseDir = migrationsDir(provider);
  const lockPath = join(baseDir, "migration_lock.toml");
  const dirs = existsSync(baseDir)
    ? readdirSync(baseDir, { withFileTypes: true })
        .filter((d) => d.isDirectory())
        .map((d) => d.name)
        .sort()
    : [];
  return {
    baseDir,
    lockfile: {
      path: "migration_lock.toml",
      content: existsSync(lockPath) ? readFileSync(lockPath, "utf8") : null,
    },
    shadowDbInitScript: "",
    migrationDirectories: dirs.map((dir) => ({
      path: dir,
      migrationFile: {
        path: "migration.sql",
        content: { tag: "ok", value: readFileSync(join(baseDir, dir, "migration.sql"), "utf8") },
      },
    })),
  };
}

function migrationsUntil(list: MigrationList, until: string | undefined): MigrationList {
  if (until === undefined) return list;
  if (!list.migrationDirectories.some((dir) => dir.path === until)) throw new Error(`no migration ${until}`);
  return { ...list, migrationDirectories: list.migrationDirectories.filter((dir) => dir.path <= until) };
}

/**
 * Prepares a SQLite file: creates its folder, and turns on WAL so readers never block the writer.
 * WAL is a property of the file, so once is enough.
 */
export function prepareSqliteFile(file: string): void {
  mkdirSync(dirname(file), { recursive: true });
  const db = new Database(file, { timeout: sqliteBusyTimeoutMs });
  try {
    db.pragma("journal_mode = WAL");
  } finally {
    db.close();
  }
}

/**
 * Applies every committed migration the database lacks, through Prisma's WASM schema engine and the same
 * driver adapter the app uses, recording them in `_prisma_migrations` as the Prisma CLI would.
 * Returns the names of the migrations it applied. `until` stops after the migration of that name
 * (a database as an older release left it, for testing a data migration).
 */
export async function migrateDatabase(
  target: DatabaseTarget,
  options: { until?: string } = {},
): Promise<string[]> {
  if (target.provider === "sqlite") prepareSqliteFile(target.file);
  const schema = renderProviderSchema(target.provider, readModels());
  const { engine, close } = await startSchemaEngine(
    schemaPath(target.provider),
    schema,
    createAdapter(target, { poolSize: 1 }),
  );
  try {
    const { appliedMigrationNames } = await engine.applyMigrations({
      migrationsList: migrationsUntil(readMigrations(target.provider), options.until),
      filters: { externalTables: [], externalEnums: [] },
    });
    return appliedMigrationNames;
  } finally {
    await close();
  }
}
