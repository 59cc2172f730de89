import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { findRepoRoot } from "@groundwork/api/testing";

export const repoRoot = findRepoRoot();
export const hasTaskset = spawnSync("taskset", ["-c", "0", "true"]).status === 0;

/** Spawns a Node process, pinned to the given core when taskset exists. */
export function spawnNode(
  args: string[],
  options: { env?: Record<string, string>; core?: number; quiet?: boolean } = {},
): ChildProcess {
  const command = hasTaskset && options.core !== undefined ? "taskset" : process.execPath;
  const fullArgs =
    hasTaskset && options.core !== undefined ? ["-c", String(options.core), process.execPath, ...args] : args;
  return spawn(command, fullArgs, {
    cwd: repoRoot,
    env: { ...process.env, ...options.env },
    stdio: ["ignore", options.quiet ? "ignore" : "inherit", "inherit"],
  });
}

/**
 * Starts the built API (apps/api/dist/main.mjs) and waits for /api/health. `onSpawn` gets the process
 * at once, for a test that may kill it while it starts.
 */
export async function startApi(options: {
  port: number;
  databaseUrl: string;
  core?: number;
  env?: Record<string, string>;
  onSpawn?: (child: ChildProcess) => void;
}) {
  // API_NODE_FLAGS passes flags such as --cpu-prof to the API processes when profiling a run.
  const flags = process.env.API_NODE_FLAGS?.split(" ").filter(Boolean) ?? [];
  const child = spawnNode([...flags, join(repoRoot, "apps/api/dist/main.mjs")], {
    core: options.core,
    quiet: true,
    env: {
      API_PORT: String(options.port),
      DATABASE_URL: options.databaseUrl,
      NODE_ENV: "test",
      PUBLIC_URL: "http://localhost:3000",
      OVERDUE_SWEEP_SECONDS: "3",
      ...options.env,
    },
  });
  options.onSpawn?.(child);
  await waitForHttp(`http://127.0.0.1:${options.port}/api/health`, child);
  return child;
}

export async function waitForHttp(url: string, child?: ChildProcess, timeoutMs = 60_000): Promise<void> {
  const deadline = Date.now() + timeoutMs;
  while (Date.now() < deadline) {
    if (child && child.exitCode !== null) throw new Error(`${url}: the server exited with ${child.exitCode}`);
    try {
      if ((await fetch(url)).ok) return;
    } catch {
      // not yet
    }
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  throw new Error(`${url} did not answer within ${timeoutMs} ms`);
}

export function stop(child: ChildProcess | undefined, signal: NodeJS.Signals = "SIGTERM"): Promise<void> {
  if (!child || child.exitCode !== null || child.signalCode !== null) return Promise.resolve();
  return new Promise((resolve) => {
    child.once("exit", () => resolve());
    child.kill(signal);
  });
}

/** Starts the built web origin (apps/web/server/main.mjs) in front of the given APIs and waits for it. */
export async function startWeb(options: {
  port: number;
  apiOrigins: string[];
  core?: number;
  env?: Record<string, string>;
}) {
  // WEB_NODE_FLAGS, like API_NODE_FLAGS, passes flags such as --cpu-prof to the web origin.
  const flags = process.env.WEB_NODE_FLAGS?.split(" ").filter(Boolean) ?? [];
  const child = spawnNode(
    [
      ...flags,
      join(repoRoot, "apps/web/server/main.mjs"),
      "--port",
      String(options.port),
      "--hostname",
      "127.0.0.1",
    ],
    {
      core: options.core,
      quiet: true,
      env: { API_ORIGINS: options.apiOrigins.join(","), NEXT_TELEMETRY_DISABLED: "1", ...options.env },
    },
  );
  await waitForHttp(`http://127.0.0.1:${options.port}/api/health`, child);
  return child;
}
