/** `pnpm db:migrate`: applies the committed migrations to DATABASE_URL (SQLite under data/ by default). */
import { defaultDatabaseUrl, parseDatabaseUrl, redact } from "../src/db/database-url.ts";
import { migrateDatabase } from "../src/db/migrate.ts";
import { describeStartupError } from "../src/db/startup-error.ts";

try {
  const target = parseDatabaseUrl(process.env.DATABASE_URL || defaultDatabaseUrl());
  const applied = await migrateDatabase(target);
  const where = target.provider === "sqlite" ? target.file : redact(target.url);
  process.stdout.write(
    applied.length
      ? `applied ${applied.length} migration(s) to ${target.provider} ${where}: ${applied.join(", ")}\n`
      : `${target.provider} ${where} is up to date\n`,
  );
} catch (error) {
  process.stderr.write(`db:migrate failed: ${describeStartupError(error)}\n`);
  process.exit(1);
}
