#!/usr/bin/env node
// The README's two commands: `npm start` and `npm test`. On a machine with only Node 20 and npm, this
// brings the pinned pnpm, installs, generates, migrates and then serves the app or runs every suite.
// Plain JavaScript with no dependencies, since nothing is installed when it starts.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { appendFileSync, existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { get as httpGet } from "node:http";
import { delimiter, dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pnpmVersion = "12.4.2";
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

// Everything this script brings in is found by every process it starts, through PATH: the pinned pnpm
// in .tools/ and the workspace's own binaries (tsx, turbo, biome, ...). Nothing is installed globally,
// and a global pnpm, tsx or turbo is never needed (CI hides them behind failing shims to prove it).
const localBins = [join(root, ".tools", "node_modules", ".bin"), join(root, "node_modules", ".bin")];
const env = {
  ...process.env,
  PATH: [...localBins, process.env.PATH ?? ""].join(delimiter),
  // better-sqlite3 compiles here; node-gyp must use the headers Node ships instead of downloading them.
  ...(existsSync("/usr/include/node/node.h") && !process.env.npm_config_nodedir
    ? { npm_config_nodedir: "/usr" }
    : {}),
  NEXT_TELEMETRY_DISABLED: "1",
  TURBO_TELEMETRY_DISABLED: "1",
  DO_NOT_TRACK: "1",
  PRISMA_HIDE_UPDATE_MESSAGE: "1",
};

const say = (line) => process.stdout.write(`\n== ${line}\n`);
const fail = (line) => {
  process.stderr.write(`\n${line}\n`);
  process.exit(1);
};

// Each set-up step says what it does and about how long a first run takes, writes its output to a log
// under .logs/ as well as to the terminal, and on failure names itself and that log.
const logDir = join(root, ".logs");
const seconds = (ms) => `${Math.round(ms / 1000)} s`;

/** Runs `command args` as one named step, streaming and logging its output; resolves true on exit 0. */
function runStep(step, command, args, options = {}) {
  mkdirSync(logDir, { recursive: true });
  const log = join(logDir, `${step.log}.log`);
  writeFileSync(log, `$ ${[command, ...args].join(" ")}\n`);
  say(`${step.title}${step.firstRun ? ` (first run: ${step.firstRun})` : ""}`);
  const started = Date.now();
  const child = spawn(command, args, {
    cwd: root,
    env: { ...env, ...options.env },
    stdio: ["inherit", "pipe", "pipe"],
  });
  child.stdout.on("data", (chunk) => {
    process.stdout.write(chunk);
    appendFileSync(log, chunk);
  });
  child.stderr.on("data", (chunk) => {
    process.stderr.write(chunk);
    appendFileSync(log, chunk);
  });
  return new Promise((resolve) => {
    let spawnError;
    child.on("error", (error) => {
      spawnError = error;
    });
    child.on("close", (code, signal) => {
      const took = seconds(Date.now() - started);
      if (code === 0) {
        process.stdout.write(`   done in ${took}\n`);
        return resolve(true);
      }
      const why = spawnError
        ? `: ${spawnError.message}`
        : ` (${signal ? `signal ${signal}` : `exit code ${code}`})`;
      process.stderr.write(
        `\n!! step "${step.title}" failed after ${took}${why}. Read ${relative(root, log)}\n`,
      );
      resolve(false);
    });
  });
}

/** A test suite: its output goes straight to the terminal, and its results are read from its report file. */
function runLive(step, command, args, options = {}) {
  say(step.title);
  const started = Date.now();
  const result = spawnSync(command, args, { cwd: root, stdio: "inherit", env: { ...env, ...options.env } });
  process.stdout.write(`   ${result.status === 0 ? "done" : "failed"} in ${seconds(Date.now() - started)}\n`);
  return result.status === 0;
}

/** The pinned pnpm, as a private copy in .tools/ (no global install; a global one is never used). */
async function ensurePnpm() {
  const local = join(root, ".tools", "node_modules", ".bin", "pnpm");
  const have = existsSync(local)
    ? spawnSync(local, ["--version"], { encoding: "utf8", env }).stdout?.trim()
    : "";
  if (have !== pnpmVersion) {
    mkdirSync(join(root, ".tools"), { recursive: true });
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const ok = await runStep(
      {
        title: `installing pnpm ${pnpmVersion} into .tools/ (no global install)`,
        log: "setup-pnpm",
        firstRun: "about 10 s",
      },
      npm,
      [
        "install",
        "--no-save",
        "--no-package-lock",
        "--no-audit",
        "--no-fund",
        "--prefix",
        join(root, ".tools"),
        `pnpm@${pnpmVersion}`,
      ],
    );
    if (!ok) fail(`could not install pnpm ${pnpmVersion} with npm`);
  }
  return local;
}

async function prepare() {
  const pnpm = await ensurePnpm();
  if (
    !(await runStep(
      {
        title: "installing dependencies (pnpm install --frozen-lockfile)",
        log: "setup-install",
        firstRun: "2 to 4 minutes, most of it compiling better-sqlite3",
      },
      pnpm,
      ["install", "--frozen-lockfile", "--reporter=append-only"],
    ))
  )
    process.exit(1);
  if (
    !(await runStep(
      { title: "generating the Prisma clients", log: "setup-generate", firstRun: "about 15 s" },
      pnpm,
      ["db:generate"],
    ))
  )
    process.exit(1);
  return pnpm;
}

/**
 * GETs a health URL on a fresh connection (no keep-alive pool to inherit a stale socket from), giving up
 * after 5 s: resolves to the parsed JSON of a 200, or undefined.
 */
function readHealth(url) {
  return new Promise((resolve) => {
    const request = httpGet(url, { agent: false, timeout: 5000 }, (response) => {
      let body = "";
      response.setEncoding("utf8");
      response.on("data", (chunk) => {
        body += chunk;
      });
      response.on("end", () => {
        try {
          resolve(response.statusCode === 200 ? JSON.parse(body) : undefined);
        } catch {
          resolve(undefined);
        }
      });
      response.on("error", () => resolve(undefined));
    });
    request.on("timeout", () => request.destroy());
    request.on("error", () => resolve(undefined));
  });
}

/** Polls a health URL until it answers 200 (its JSON), the child exits, or the time is up (undefined). */
async function waitForHealth(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return undefined;
    const health = await readHealth(url);
    if (health) return health;
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return undefined;
}

/**
 * Builds the API and the web app (turbo caches both, so a second start is quick). Neither build reads
 * the database, so DATABASE_URL (one of turbo's global inputs) is left out: another database, as the
 * test command's start check uses, must not rebuild the app.
 */
function build() {
  return runStep(
    { title: "building the API and the web app", log: "setup-build", firstRun: "1 to 3 minutes" },
    "turbo",
    ["run", "build", "--filter=@groundwork/api", "--filter=@groundwork/web", "--output-logs=errors-only"],
    { env: { DATABASE_URL: undefined } },
  );
}

async function start() {
  await prepare();
  // Run directly, not through pnpm: on a bad DATABASE_URL the one line from db:migrate is all the
  // user should read.
  if (
    !(await runStep({ title: "migrating the database", log: "setup-migrate", firstRun: "about 5 s" }, "tsx", [
      "apps/api/scripts/db-migrate.ts",
    ]))
  )
    process.exit(1);
  if (
    !(await runStep({ title: "loading the demo course", log: "setup-seed", firstRun: "about 20 s" }, "tsx", [
      "apps/api/scripts/db-seed.ts",
    ]))
  )
    process.exit(1);
  if (!(await build())) process.exit(1);

  // PORT and API_PORT move the app off 3000/3001 (the test command's start check uses that).
  const webPort = Number(process.env.PORT ?? 3000);
  const apiPort = Number(process.env.API_PORT ?? 3001);
  const serveEnv = {
    ...env,
    API_PORT: String(apiPort),
    API_ORIGINS: process.env.API_ORIGINS ?? `http://127.0.0.1:${apiPort}`,
    PUBLIC_URL: process.env.PUBLIC_URL ?? `http://localhost:${webPort}`,
  };
  const children = [
    spawn(process.execPath, ["apps/api/dist/main.mjs"], { cwd: root, stdio: "inherit", env: serveEnv }),
    spawn(process.execPath, ["server/main.mjs", "--port", String(webPort), "--hostname", "127.0.0.1"], {
      cwd: join(root, "apps", "web"),
      stdio: "inherit",
      env: serveEnv,
    }),
  ];
  const stopAll = (code) => {
    for (const child of children) if (child.exitCode === null) child.kill("SIGTERM");
    process.exitCode = code;
  };
  for (const child of children) {
    child.on("exit", (code) => {
      if (children.some((other) => other.exitCode === null)) stopAll(code || 1);
    });
  }
  process.on("SIGINT", () => stopAll(0));
  process.on("SIGTERM", () => stopAll(0));

  say("starting the API and the web app");
  const started = Date.now();
  const healthUrl = `http://127.0.0.1:${webPort}/api/health`;
  const health = await waitForHealth(healthUrl, children[0], 120_000);
  if (!health) {
    stopAll(1);
    fail(`the app did not answer ${healthUrl} within 120 s; the API's and the web app's messages are above`);
  }
  process.stdout.write(
    `   healthy in ${seconds(Date.now() - started)}\n` +
      `\nGroundwork is running at http://localhost:${webPort} (database: ${health.database}). Press Ctrl+C to stop.\n` +
      "Demo accounts (password groundwork-demo): student@groundwork.test, instructor@groundwork.test, author@groundwork.test, admin@groundwork.test\n",
  );
}

/**
 * The README's `npm start`, run as a user would (a child process, this checkout, a fresh SQLite file,
 * ports 3900/3901 so a running app is not disturbed): passes when it serves /api/health, then stops it.
 */
async function checkStart() {
  const dir = join(root, ".test-results", "start-check");
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  say("npm start check: the app starts on a fresh SQLite database and serves /api/health");
  const started = Date.now();
  const child = spawn(process.execPath, [join(root, "scripts", "setup.mjs"), "start"], {
    cwd: root,
    stdio: ["ignore", "pipe", "pipe"],
    env: { ...env, PORT: "3900", API_PORT: "3901", DATABASE_URL: `file:${join(dir, "start.db")}` },
  });
  const log = join(dir, "start.log");
  writeFileSync(log, "");
  child.stdout.on("data", (chunk) => appendFileSync(log, chunk));
  child.stderr.on("data", (chunk) => appendFileSync(log, chunk));
  const health = await waitForHealth("http://127.0.0.1:3900/api/health", child, 6 * 60_000);
  const healthy = health !== undefined;
  const database = health?.database ?? "";
  child.kill("SIGTERM");
  await new Promise((resolve) => (child.exitCode === null ? child.on("exit", resolve) : resolve()));
  const took = seconds(Date.now() - started);
  if (healthy) process.stdout.write(`   /api/health answered (database: ${database}) after ${took}\n`);
  else
    process.stderr.write(
      `\n!! npm start did not serve /api/health within 6 minutes. Read ${relative(root, log)}\n`,
    );
  return healthy;
}

/** Makes sure Chromium is there for the browser suite: installs it with apt as root, else says how. */
function ensureChromium() {
  if (process.env.CHROMIUM_PATH && existsSync(process.env.CHROMIUM_PATH)) return process.env.CHROMIUM_PATH;
  if (existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  if (isRoot && existsSync("/usr/bin/apt-get")) {
    say("installing Chromium with apt for the browser suite");
    execFileSync("apt-get", ["update", "-qq"], { stdio: "inherit" });
    execFileSync("apt-get", ["install", "-y", "-qq", "chromium"], {
      stdio: "inherit",
      env: { ...env, DEBIAN_FRONTEND: "noninteractive" },
    });
    if (existsSync("/usr/bin/chromium")) return "/usr/bin/chromium";
  }
  fail(
    "Chromium is missing: install it with 'sudo apt-get install -y chromium' (or set CHROMIUM_PATH), then run npm test again.",
  );
}

/** The PostgreSQL suites' database: TEST_DATABASE_URL_POSTGRES, or a local cluster made as root. */
function ensurePostgres() {
  if (process.env.TEST_DATABASE_URL_POSTGRES) return process.env.TEST_DATABASE_URL_POSTGRES;
  const result = spawnSync("bash", [join(root, "scripts", "provision-postgres.sh")], {
    encoding: "utf8",
    stdio: ["ignore", "pipe", "inherit"],
  });
  if (result.status === 0 && result.stdout.trim()) return result.stdout.trim();
  fail(
    "PostgreSQL is needed for the PostgreSQL suites: run as root (it is then installed with apt), install it with 'sudo apt-get install -y postgresql', or set TEST_DATABASE_URL_POSTGRES=postgresql://user:pass@127.0.0.1:5432/db.",
  );
}

const readJson = (path) => (existsSync(path) ? JSON.parse(readFileSync(path, "utf8")) : undefined);

async function test() {
  const chromium = ensureChromium();
  const postgresUrl = ensurePostgres();
  const pnpm = await prepare();
  const tally = [];
  const record = (suite, passed, failed, skipped = 0) => tally.push({ suite, passed, failed, skipped });

  const typecheckOk = runLive({ title: "typecheck" }, "turbo", [
    "run",
    "typecheck",
    "--output-logs=errors-only",
  ]);
  record("typecheck", ...(typecheckOk ? [1, 0] : [0, 1]));
  record("lint", ...(runLive({ title: "lint (Biome)" }, "biome", ["ci", "."]) ? [1, 0] : [0, 1]));

  const workspaces = ["packages/content", "packages/quiz-engine", "apps/api", "apps/web", "tests"];
  for (const ws of workspaces) rmSync(join(root, ws, ".test-results"), { recursive: true, force: true });
  runLive(
    { title: "unit and integration suites (vitest; SQLite, and PostgreSQL at 127.0.0.1)" },
    "turbo",
    [
      "run",
      "test",
      "--concurrency=1",
      // One package's failure must not hide the others' results.
      "--continue",
      "--",
      "--reporter=default",
      "--reporter=json",
      "--outputFile.json=.test-results/vitest.json",
    ],
    {
      env: { TEST_DATABASE_URL_POSTGRES: postgresUrl },
    },
  );
  for (const ws of workspaces) {
    const report = readJson(join(root, ws, ".test-results", "vitest.json"));
    if (!report) continue;
    record(
      `vitest ${ws}`,
      report.numPassedTests,
      report.numFailedTests + (report.success ? 0 : report.numFailedTests === 0 ? 1 : 0),
      report.numPendingTests + report.numTodoTests,
    );
  }
  for (const ws of workspaces) {
    const pkg = readJson(join(root, ws, "package.json"));
    if (pkg?.scripts?.test && !tally.some((t) => t.suite === `vitest ${ws}`))
      record(`vitest ${ws} (no report)`, 0, 1);
  }

  if (!(await build())) {
    record("build", 0, 1);
  } else {
    const reportPath = join(root, "tests", ".test-results", "playwright.json");
    rmSync(reportPath, { force: true });
    const browserOk = runLive(
      { title: "browser suite (Playwright in Chromium)" },
      pnpm,
      ["--filter", "@groundwork/tests", "e2e", "--reporter=list,json"],
      {
        env: {
          CHROMIUM_PATH: chromium,
          PLAYWRIGHT_JSON_OUTPUT_NAME: reportPath,
          TEST_DATABASE_URL_POSTGRES: postgresUrl,
        },
      },
    );
    const report = readJson(reportPath);
    if (report?.stats) {
      const { expected, flaky, unexpected, skipped } = report.stats;
      // A run that failed before any test (a busy port, say) counts as a failure, not as nothing.
      record("playwright", expected + flaky, unexpected || (browserOk && expected > 0 ? 0 : 1), skipped);
    } else record("playwright (no report)", 0, 1);

    const loadPath = join(root, "tests", ".test-results", "load.json");
    rmSync(loadPath, { force: true });
    runLive(
      { title: "load and fault suites, short form (exam day on SQLite and PostgreSQL, SIGKILL crashes)" },
      pnpm,
      ["--filter", "@groundwork/tests", "load:ci"],
      {
        env: { TEST_DATABASE_URL_POSTGRES: postgresUrl },
      },
    );
    const load = readJson(loadPath);
    if (Array.isArray(load)) {
      for (const scenario of load)
        record(`load: ${scenario.name}`, scenario.passed ? 1 : 0, scenario.passed ? 0 : 1);
    } else record("load (no report)", 0, 1);
  }

  record("npm start check", ...((await checkStart()) ? [1, 0] : [0, 1]));

  process.stdout.write("\nSuites:\n");
  for (const t of tally)
    process.stdout.write(
      `  ${t.suite}: ${t.passed} passed, ${t.failed} failed${t.skipped ? `, ${t.skipped} skipped` : ""}\n`,
    );
  const passed = tally.reduce((n, t) => n + t.passed, 0);
  const failed = tally.reduce((n, t) => n + t.failed, 0);
  const skipped = tally.reduce((n, t) => n + t.skipped, 0);
  // The last line is plain "N passed, N failed" (what CI reads); skipped tests are counted above it.
  if (skipped) process.stdout.write(`\n${skipped} skipped (not counted as passed)`);
  process.stdout.write(`\n${passed} passed, ${failed} failed\n`);
  process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
}

const command = process.argv[2];
if (command === "start") await start();
else if (command === "test") await test();
else fail("usage: node scripts/setup.mjs start|test");
