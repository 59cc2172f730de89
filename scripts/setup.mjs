#!/usr/bin/env node
// The README's two commands: `npm start` and `npm test`. On a machine with only Node 20 and npm, this
// brings the pinned pnpm, installs, generates, migrates and then serves the app or runs every suite.
// Plain JavaScript with no dependencies, since nothing is installed when it starts.
import { execFileSync, spawn, spawnSync } from "node:child_process";
import { existsSync, mkdirSync, readFileSync, rmSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

const root = join(dirname(fileURLToPath(import.meta.url)), "..");
const pnpmVersion = "12.4.2";
const isRoot = typeof process.getuid === "function" && process.getuid() === 0;

const env = {
  ...process.env,
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

/** The pinned pnpm: the one on PATH if it is exactly that version, else a private copy in .tools/. */
function ensurePnpm() {
  const onPath = spawnSync("pnpm", ["--version"], { encoding: "utf8", env });
  if (onPath.status === 0 && onPath.stdout.trim() === pnpmVersion) return "pnpm";
  const local = join(root, ".tools", "node_modules", ".bin", "pnpm");
  if (!existsSync(local)) {
    say(`installing pnpm ${pnpmVersion} into .tools/ (no global install)`);
    mkdirSync(join(root, ".tools"), { recursive: true });
    const npm = process.platform === "win32" ? "npm.cmd" : "npm";
    const result = spawnSync(
      npm,
      ["install", "--no-save", "--no-package-lock", "--prefix", join(root, ".tools"), `pnpm@${pnpmVersion}`],
      { stdio: "inherit", env },
    );
    if (result.status !== 0) fail(`could not install pnpm ${pnpmVersion} with npm`);
  }
  return local;
}

function run(pnpm, args, options = {}) {
  const result = spawnSync(pnpm, args, { cwd: root, stdio: "inherit", env: { ...env, ...options.env } });
  return result.status === 0;
}

function prepare() {
  const pnpm = ensurePnpm();
  say("installing dependencies (pnpm install --frozen-lockfile)");
  if (!run(pnpm, ["install", "--frozen-lockfile", "--reporter=append-only"])) fail("pnpm install failed");
  say("generating the Prisma clients");
  if (!run(pnpm, ["db:generate"])) fail("db:generate failed");
  return pnpm;
}

async function waitForHealth(url, child, timeoutMs) {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child.exitCode !== null) return false;
    try {
      const response = await fetch(url);
      if (response.ok) return true;
    } catch {
      // not up yet
    }
    await new Promise((resolve) => setTimeout(resolve, 300));
  }
  return false;
}

async function start() {
  const pnpm = prepare();
  say("migrating and seeding the database");
  // Run directly, not through pnpm: on a bad DATABASE_URL the one line from db:migrate is all the
  // user should read.
  const tsx = join(root, "node_modules", ".bin", "tsx");
  if (!run(tsx, ["apps/api/scripts/db-migrate.ts"])) process.exit(1);
  if (!run(tsx, ["apps/api/scripts/db-seed.ts"])) process.exit(1);
  say("building the API and the web app");
  if (
    !run(pnpm, [
      "turbo",
      "run",
      "build",
      "--filter=@groundwork/api",
      "--filter=@groundwork/web",
      "--output-logs=errors-only",
    ])
  )
    fail("build failed");

  const children = [
    spawn(process.execPath, ["apps/api/dist/main.mjs"], { cwd: root, stdio: "inherit", env }),
    spawn(pnpm, ["--filter", "@groundwork/web", "start"], { cwd: root, stdio: "inherit", env }),
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

  const healthy = await waitForHealth("http://localhost:3000/api/health", children[0], 120_000);
  if (!healthy) {
    stopAll(1);
    fail("the app did not become healthy; see the messages above");
  }
  const health = await (await fetch("http://localhost:3000/api/health")).json();
  process.stdout.write(
    `\nGroundwork is running at http://localhost:3000 (database: ${health.database}). Press Ctrl+C to stop.\n` +
      "Demo accounts (password groundwork-demo): student@groundwork.test, instructor@groundwork.test, author@groundwork.test, admin@groundwork.test\n",
  );
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
  const pnpm = prepare();
  const tally = [];
  const record = (suite, passed, failed, skipped = 0) => tally.push({ suite, passed, failed, skipped });

  say("typecheck");
  record(
    "typecheck",
    ...(run(pnpm, ["turbo", "run", "typecheck", "--output-logs=errors-only"]) ? [1, 0] : [0, 1]),
  );
  say("lint (Biome)");
  record("lint", ...(run(pnpm, ["exec", "biome", "ci", "."]) ? [1, 0] : [0, 1]));

  say("unit and integration suites (vitest; SQLite, and PostgreSQL at 127.0.0.1)");
  const workspaces = ["packages/content", "packages/quiz-engine", "apps/api", "apps/web", "tests"];
  for (const ws of workspaces) rmSync(join(root, ws, ".test-results"), { recursive: true, force: true });
  run(
    pnpm,
    [
      "turbo",
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

  say("browser suite (Playwright in Chromium)");
  if (
    !run(pnpm, [
      "turbo",
      "run",
      "build",
      "--filter=@groundwork/api",
      "--filter=@groundwork/web",
      "--output-logs=errors-only",
    ])
  ) {
    record("build", 0, 1);
  } else {
    const reportPath = join(root, "tests", ".test-results", "playwright.json");
    rmSync(reportPath, { force: true });
    const browserOk = run(pnpm, ["--filter", "@groundwork/tests", "e2e", "--reporter=list,json"], {
      env: {
        CHROMIUM_PATH: chromium,
        PLAYWRIGHT_JSON_OUTPUT_NAME: reportPath,
        TEST_DATABASE_URL_POSTGRES: postgresUrl,
      },
    });
    const report = readJson(reportPath);
    if (report?.stats) {
      const { expected, flaky, unexpected, skipped } = report.stats;
      // A run that failed before any test (a busy port, say) counts as a failure, not as nothing.
      record("playwright", expected + flaky, unexpected || (browserOk && expected > 0 ? 0 : 1), skipped);
    } else record("playwright (no report)", 0, 1);

    say("load and fault suites, short form (exam day on SQLite and PostgreSQL, SIGKILL crashes)");
    const loadPath = join(root, "tests", ".test-results", "load.json");
    rmSync(loadPath, { force: true });
    run(pnpm, ["--filter", "@groundwork/tests", "load:ci"], {
      env: { TEST_DATABASE_URL_POSTGRES: postgresUrl },
    });
    const load = readJson(loadPath);
    if (Array.isArray(load)) {
      for (const scenario of load)
        record(`load: ${scenario.name}`, scenario.passed ? 1 : 0, scenario.passed ? 0 : 1);
    } else record("load (no report)", 0, 1);
  }

  process.stdout.write("\nSuites:\n");
  for (const t of tally)
    process.stdout.write(
      `  ${t.suite}: ${t.passed} passed, ${t.failed} failed${t.skipped ? `, ${t.skipped} skipped` : ""}\n`,
    );
  const passed = tally.reduce((n, t) => n + t.passed, 0);
  const failed = tally.reduce((n, t) => n + t.failed, 0);
  const skipped = tally.reduce((n, t) => n + t.skipped, 0);
  process.stdout.write(`\n${passed} passed, ${failed} failed${skipped ? `, ${skipped} skipped` : ""}\n`);
  process.exitCode = failed > 0 || passed === 0 ? 1 : 0;
}

const command = process.argv[2];
if (command === "start") await start();
else if (command === "test") await test();
else fail("usage: node scripts/setup.mjs start|test");
