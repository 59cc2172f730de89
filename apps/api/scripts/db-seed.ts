/** `pnpm db:seed`: loads the demo course into DATABASE_URL. Safe to run again: it only upserts. */
import { createDb } from "../src/db/client.ts";
import { defaultDatabaseUrl, parseDatabaseUrl } from "../src/db/database-url.ts";
import { describeStartupError } from "../src/db/startup-error.ts";
import { seedDemo } from "../src/seed/demo.ts";

try {
  const db = createDb(parseDatabaseUrl(process.env.DATABASE_URL || defaultDatabaseUrl()));
  try {
    const summary = await seedDemo(db);
    process.stdout.write(`seeded: ${summary}\n`);
  } finally {
    await db.close();
  }
} catch (error) {
  process.stderr.write(`db:seed failed: ${describeStartupError(error)}\n`);
  process.exit(1);
}
