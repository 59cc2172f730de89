/**
 * Sign-in abuse with the real limits in place (nothing raised for the test): password guessing with
 * a forged X-Forwarded-For that changes on every request, through the /api proxy and through Next's
 * no-JavaScript sign-in route; a spray across many accounts from one client; then a class of 200
 * signing in at the same moment from one school NAT address behind a load balancer. Bounded; exits
 * non-zero when a check fails.
 *
 *   tsx load/sign-in-abuse.ts [--students 200]
 */
import { existsSync } from "node:fs";
import { join } from "node:path";
import { parseArgs } from "node:util";
import { readEnv } from "@groundwork/api/testing";
import { percentile } from "../lib/client.ts";
import { checkLines, createRunDatabase, mapLimit, prepareExam } from "../lib/exam.ts";
import { repoRoot, startApi, startWeb, stop } from "../lib/servers.ts";

const { values } = parseArgs({ options: { students: { type: "string", default: "200" } } });

/**
 * Guesses at one account that the back-off lets through in `elapsedMs`: the free ones, then one
 * after each wait of 1 s, 2 s, 4 s, ... (apps/api/src/domain/sign-in-throttle.ts).
 */
function allowedByBackoff(elapsedMs: number): number {
  let allowed = 5;
  for (let wait = 1000, waited = wait; waited <= elapsedMs; wait *= 2, waited += wait) allowed++;
  return allowed;
}

const apiPort = 4311;
const webPort = 4312;
const balancedWebPort = 4313;

export async function signInAbuse(options: { students: number }): Promise<{ passed: boolean; text: string }> {
  if (!existsSync(join(repoRoot, "apps/web/.next/BUILD_ID")))
    throw new Error("build the web app first: pnpm --filter @groundwork/web build");
  const limit = readEnv({ NODE_ENV: "test" }).LOGIN_RATE_LIMIT;
  const database = await createRunDatabase("sqlite");
  const prepared = await prepareExam(
    database.url,
    {
      provider: "sqlite",
      students: options.students,
      questions: 2,
      durationSeconds: 60,
      startWindowSeconds: 1,
      submitWindowSeconds: 1,
    },
    new Date(Date.now() + 3_600_000),
  );
  const [victimA, victimB, ...rest] = prepared.students;
  if (!victimA || !victimB) throw new Error("the run needs at least two students");
  const api = await startApi({
    port: apiPort,
    databaseUrl: database.url,
    env: { PUBLIC_URL: `http://127.0.0.1:${webPort}` },
  });
  let web: Awaited<ReturnType<typeof startWeb>> | undefined;
  let balanced: Awaited<ReturnType<typeof startWeb>> | undefined;
  const lines: string[] = [];
  const checks: Record<string, boolean> = {};
  try {
    const apiOrigins = [`http://127.0.0.1:${apiPort}`];
    // The web origin as users reach it directly: no proxy in front, so no forwarded address is believed.
    web = await startWeb({ port: webPort, apiOrigins });
    const base = `http://127.0.0.1:${webPort}`;
    const forged = (i: number) => `203.0.${i >> 8}.${i & 255}`;
    const guesses = 25;

    // 1. Guessing through the /api proxy, a new forged address per request.
    const viaProxy: number[] = [];
    const proxyStart = Date.now();
    for (let i = 0; i < guesses; i++) {
      const response = await fetch(`${base}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", origin: base, "x-forwarded-for": forged(i) },
        body: JSON.stringify({ email: victimA.email, password: `guess-number-${i}` }),
      });
      viaProxy.push(response.status);
    }
    const proxyLimited = viaProxy.filter((s) => s === 429).length;
    checks["guesses through /api with rotating X-Forwarded-For are limited"] =
      viaProxy.slice(0, 5).every((s) => s === 401) &&
      guesses - proxyLimited <= allowedByBackoff(Date.now() - proxyStart);
    lines.push(
      `  /api/auth/sign-in/email, ${guesses} guesses, rotating X-Forwarded-For: ${guesses - proxyLimited} answered, ${proxyLimited} × 429`,
    );

    // 2. The same through Next's form route (the page before hydration), as the issue reproduced it.
    const viaForm: string[] = [];
    const formStart = Date.now();
    for (let i = 0; i < guesses; i++) {
      const response = await fetch(`${base}/sign-in/submit`, {
        method: "POST",
        redirect: "manual",
        headers: { origin: base, "x-forwarded-for": forged(1000 + i) },
        body: new URLSearchParams({ email: victimB.email, password: `guess-number-${i}`, next: "/learn" }),
      });
      viaForm.push(
        new URL(response.headers.get("location") ?? "/", base).searchParams.get("error") ?? "none",
      );
    }
    const formLimited = viaForm.filter((e) => e === "rate").length;
    checks["guesses through /sign-in/submit with rotating X-Forwarded-For are limited"] =
      viaForm.slice(0, 5).every((e) => e === "invalid") &&
      guesses - formLimited <= allowedByBackoff(Date.now() - formStart);
    lines.push(
      `  /sign-in/submit, ${guesses} guesses, rotating X-Forwarded-For: ${guesses - formLimited} answered, ${formLimited} × rate`,
    );

    // 3. A spray: one client, a different account and forged address each time. The address limit holds
    // (the guesses above came from the same address and count too).
    const sprayCount = limit + 20 - 2 * guesses;
    const sprayStart = Date.now();
    const spray = await mapLimit(
      Array.from({ length: sprayCount }, (_, i) => i),
      8,
      async (i) =>
        (
          await fetch(`${base}/api/auth/sign-in/email`, {
            method: "POST",
            headers: {
              "content-type": "application/json",
              origin: base,
              "x-forwarded-for": forged(2000 + i),
            },
            body: JSON.stringify({ email: `sprayed-${i}@example.test`, password: "password-guess-1" }),
          })
        ).status,
    );
    const sprayMinutes = Math.max(1, Math.ceil((Date.now() - sprayStart) / 60_000));
    const sprayAnswered = spray.filter((s) => s !== 429).length;
    checks["a spray across accounts stops at the per-address limit"] =
      spray.includes(429) && sprayAnswered + 2 * guesses <= limit * sprayMinutes;
    lines.push(
      `  spray over ${sprayCount} accounts from one client in ${((Date.now() - sprayStart) / 1000).toFixed(1)} s: ${sprayAnswered} answered, ${sprayCount - sprayAnswered} × 429 (limit ${limit}/min per address)`,
    );

    // 4. Exam start: the class signs in at once, everyone from one school NAT address, through a load
    // balancer (TRUST_PROXY=1) that appends it.
    balanced = await startWeb({ port: balancedWebPort, apiOrigins, env: { TRUST_PROXY: "1" } });
    const balancedBase = `http://127.0.0.1:${balancedWebPort}`;
    const latencies: number[] = [];
    const classStart = Date.now();
    const statuses = await Promise.all(
      rest.map(async (student) => {
        const started = performance.now();
        const response = await fetch(`${balancedBase}/api/auth/sign-in/email`, {
          method: "POST",
          headers: {
            "content-type": "application/json",
            origin: balancedBase,
            "x-forwarded-for": "198.51.100.200",
          },
          body: JSON.stringify({ email: student.email, password: student.password }),
        });
        latencies.push(performance.now() - started);
        return response.status;
      }),
    );
    const signedIn = statuses.filter((s) => s === 200).length;
    checks[`a class of ${rest.length} behind one NAT address all sign in`] = signedIn === rest.length;
    lines.push(
      `  class of ${rest.length} from one address at once: ${signedIn} signed in in ${((Date.now() - classStart) / 1000).toFixed(1)} s, p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms`,
    );
  } finally {
    await stop(balanced);
    await stop(web);
    await stop(api);
    await prepared.db.close();
    await database.drop();
  }
  const passed = Object.values(checks).every(Boolean);
  const verdicts = checkLines(checks);
  return {
    passed,
    text: [`sign-in abuse (real limits, ${limit}/min per address)`, ...lines, ...verdicts].join("\n"),
  };
}

if (import.meta.url === `file://${process.argv[1]}`) {
  const result = await signInAbuse({ students: Number(values.students) });
  console.log(result.text);
  process.exit(result.passed ? 0 : 1);
}
