import { createAuth, trustedOriginsFor } from "./auth.ts";
import { createDb } from "./db/client.ts";
import { parseDatabaseUrl } from "./db/database-url.ts";
import { claimSqliteFile } from "./db/instance-lock.ts";
import { describeStartupError } from "./db/startup-error.ts";
import { sweepOverdueAttempts, warmAheadMs, warmUpcomingBanks } from "./domain/attempts/index.ts";
import { startLearningWriter } from "./domain/learning/index.ts";
import { recordAttemptStatements } from "./domain/xapi-statements.ts";
import { readEnv } from "./env.ts";
import { demoDomain } from "./seed/demo.ts";
import { createApiServer } from "./server.ts";
import { configurePackageBuilder } from "./workers/package-builder.ts";
import { createXapiSink, xapiConfigFromEnv } from "./xapi/index.ts";

async function main(): Promise<void> {
  const env = readEnv();
  const target = parseDatabaseUrl(env.DATABASE_URL);
  const claim = target.provider === "sqlite" ? claimSqliteFile(target.file) : undefined;
  const db = createDb(target, { poolSize: env.DATABASE_POOL_SIZE });
  await db.ping();
  if (env.NODE_ENV === "production") {
    const demo = await db.read.user.count({ where: { email: { endsWith: `@${demoDomain}` } } });
    if (demo > 0) {
      throw new Error(
        `production refuses to start with the ${demo} demo account(s) @${demoDomain}: delete them or use a fresh database`,
      );
    }
  }
  configurePackageBuilder({ cpuLimitMs: env.PACKAGE_BUILD_CPU_SECONDS * 1000 });
  const auth = createAuth(db, env);
  const xapiConfig = xapiConfigFromEnv({
    LRS_ENDPOINT: env.LRS_ENDPOINT,
    LRS_USERNAME: env.LRS_USERNAME,
    LRS_PASSWORD: env.LRS_PASSWORD,
    LRS_OUTBOX_FILE: env.LRS_OUTBOX_FILE,
  });
  const xapi = createXapiSink(xapiConfig);
  const activityBase = new URL("/xapi", env.PUBLIC_URL).toString();
  // Without an LRS the statements are not built at all (reading and building them is about
  // half the work of a release once a class's results fall due).
  const onLearningReleased = xapiConfig
    ? (attemptId: string) => {
        recordAttemptStatements(db, xapi, { attemptId, activityBase }).catch((error: unknown) =>
          console.error("xapi:", error),
        );
      }
    : undefined;
  // Learning data is written after a grade commits, from the outbox, so a submit never waits for it.
  const learning = startLearningWriter(db, onLearningReleased ? { onReleased: onLearningReleased } : {});
  learning.kick(); // what a crash left in the outbox
  const onAttemptGraded = () => learning.kick();
  const server = createApiServer({
    db,
    auth,
    authSecret: env.AUTH_SECRET,
    trustedOrigins: trustedOriginsFor(env.PUBLIC_URL),
    onAttemptGraded,
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(env.API_PORT, env.API_HOST, resolve);
  });
  console.log(`api: listening on http://${env.API_HOST}:${env.API_PORT} (${target.provider})`);

  // One sweep at a time: under load a sweep can outlast the interval, and a second one alongside
  // would grade the same attempts again only to find them graded.
  let sweeping: Promise<void> | undefined;
  const stopping = new AbortController();
  const sweep = setInterval(() => {
    if (sweeping) return;
    sweeping = sweepOverdueAttempts(db, new Date(), onLearningReleased, stopping.signal)
      .then(
        () => undefined,
        (error: unknown) => console.error("overdue sweep:", error),
      )
      .finally(() => {
        sweeping = undefined;
      });
  }, env.OVERDUE_SWEEP_SECONDS * 1000);
  sweep.unref();
  // A class's first starts find their bank parsed; looked at again every third of the window, for
  // assignments made after this process started.
  const warm = () =>
    void warmUpcomingBanks(db, new Date()).catch((error: unknown) => console.error("bank warm-up:", error));
  warm();
  const warming = setInterval(warm, warmAheadMs / 3);
  warming.unref();

  const shutdown = () => {
    clearInterval(sweep);
    clearInterval(warming);
    stopping.abort();
    server.close();
    // The sweep under way stops after the attempt it is grading; the database closes after it.
    void Promise.resolve(sweeping)
      .then(() => learning.close())
      .then(() => xapi.close())
      .then(() => db.close())
      .finally(() => {
        claim?.release();
        process.exit(0);
      });
  };
  process.once("SIGINT", shutdown);
  process.once("SIGTERM", shutdown);
}

main().catch((error: unknown) => {
  console.error(`api: cannot start: ${describeStartupError(error)}`);
  process.exit(1);
});
