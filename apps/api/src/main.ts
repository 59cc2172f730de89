import { createDb } from "./db/client.ts";
import { parseDatabaseUrl } from "./db/database-url.ts";
import { describeStartupError } from "./db/startup-error.ts";
import { readEnv } from "./env.ts";
import { createApiServer } from "./server.ts";

async function main(): Promise<void> {
  const env = readEnv();
  const target = parseDatabaseUrl(env.DATABASE_URL);
  const db = createDb(target, { poolSize: env.DATABASE_POOL_SIZE });
  await db.ping();
  const server = createApiServer({ db });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(env.API_PORT, env.API_HOST, resolve);
  });
  console.log(`api: listening on http://${env.API_HOST}:${env.API_PORT} (${target.provider})`);

  const shutdown = () => {
    server.close();
    void db.close().finally(() => process.exit(0));
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

main().catch((error: unknown) => {
  console.error(`api: cannot start: ${describeStartupError(error)}`);
  process.exit(1);
});
