/** `pnpm db:seed`: loads the demo accounts, course and class into DATABASE_URL. Safe to run again. */
import { createAuth } from "../src/auth.ts";
import { createDb } from "../src/db/client.ts";
import { parseDatabaseUrl } from "../src/db/database-url.ts";
import { describeStartupError } from "../src/db/startup-error.ts";
import { readEnv } from "../src/env.ts";
import { seedDemo } from "../src/seed/demo.ts";

try {
  const env = readEnv();
  if (env.NODE_ENV === "production")
    throw new Error("db:seed: the demo accounts are not for production; unset NODE_ENV=production");
  const db = createDb(parseDatabaseUrl(env.DATABASE_URL));
  try {
    const summary = await seedDemo(db, createAuth(db, env), new Date());
    process.stdout.write(`seeded: ${summary}\n`);
  } finally {
    await db.close();
  }
} catch (error) {
  process.stderr.write(`db:seed failed: ${describeStartupError(error)}\n`);
  process.exit(1);
}
