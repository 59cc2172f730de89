import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase } from "../../test/databases.ts";
import { claimSqliteFile, InstanceLockError } from "./instance-lock.ts";

const apiEnv = (url: string) => ({ ...process.env, NODE_ENV: "test", DATABASE_URL: url, API_PORT: "0" });

/** Starts the real API process on the file and resolves once it listens. */
function startApi(url: string): Promise<ChildProcess> {
  const child = spawn(process.execPath, ["--import", "tsx", "src/main.ts"], { env: apiEnv(url) });
  return new Promise((resolve, reject) => {
    let output = "";
    const seen = (chunk: Buffer) => {
      output += chunk;
      if (output.includes("api: listening")) resolve(child);
    };
    child.stdout?.on("data", seen);
    child.stderr?.on("data", seen);
    child.once("exit", (code) => reject(new Error(`the API exited with ${code}: ${output}`)));
  });
}

const exited = (child: ChildProcess) =>
  new Promise<void>((resolve) =>
    child.exitCode !== null || child.signalCode ? resolve() : child.once("exit", () => resolve()),
  );

describe("one API process per SQLite file", () => {
  let database: TestDatabase;
  beforeAll(async () => {
    database = await createTestDatabase("sqlite");
  }, 60_000);
  afterAll(() => database.drop());

  it("refuses a second claim while the first holds the file, and allows one after release", () => {
    const target = database.target;
    if (target.provider !== "sqlite") throw new Error("sqlite expected");
    const first = claimSqliteFile(target.file);
    expect(() => claimSqliteFile(target.file)).toThrow(InstanceLockError);
    first.release();
    claimSqliteFile(target.file).release();
  });

  it("refuses a second API process with a clear message, and starts again after a SIGKILL", async () => {
    const url = database.target.url;
    const first = await startApi(url);
    try {
      const second = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], {
        env: apiEnv(url),
        encoding: "utf8",
        timeout: 30_000,
      });
      expect(second.status).toBe(1);
      expect(second.stderr).toMatch(
        /another API process is serving .*test\.db.*use PostgreSQL to run several/,
      );
    } finally {
      first.kill("SIGKILL");
      await exited(first);
    }
    // The killed process cleaned nothing up; the operating system released its lock.
    const third = await startApi(url);
    third.kill("SIGKILL");
    await exited(third);
  }, 90_000);
});
