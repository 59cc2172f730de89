import { spawnSync } from "node:child_process";
import type { AddressInfo } from "node:net";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase, testProviders } from "../test/databases.ts";
import { startHttp } from "../test/http.ts";
import { createWorld, type World } from "../test/world.ts";
import { createAuth } from "./auth.ts";
import { readEnv } from "./env.ts";
import { createApiServer } from "./server.ts";

describe.each(testProviders())("HTTP server on %s", (provider) => {
  let world: World;
  let http: Awaited<ReturnType<typeof startHttp>>;
  beforeAll(async () => {
    world = await createWorld(provider);
    http = await startHttp(world);
  }, 120_000);
  afterAll(async () => {
    await http.close();
    await world.drop();
  });

  it("answers /api/health after querying the database", async () => {
    const response = await fetch(`${http.base}/api/health`);
    expect(response.status).toBe(200);
    expect(await response.json()).toEqual({ status: "ok", database: provider });
  });

  it("serves tRPC under /api/trpc, asks anonymous callers to sign in, and 404s elsewhere", async () => {
    expect((await fetch(`${http.base}/api/trpc/account.me`)).status).toBe(200);
    expect((await fetch(`${http.base}/api/trpc/course.list`)).status).toBe(401);
    expect((await fetch(`${http.base}/nope`)).status).toBe(404);
  });
});

describe("health when the database is gone", () => {
  let database: TestDatabase;
  it("reports 503", async () => {
    database = await createTestDatabase("sqlite");
    const env = readEnv({ NODE_ENV: "test" });
    const server = createApiServer({
      db: database.db,
      auth: createAuth(database.db, env),
      authSecret: env.AUTH_SECRET,
      trustedOrigins: [],
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    const url = `http://127.0.0.1:${(server.address() as AddressInfo).port}/api/health`;
    await database.drop();
    const response = await fetch(url);
    expect(response.status).toBe(503);
    await new Promise((resolve) => server.close(resolve));
  });
});

describe("start-up with a bad DATABASE_URL", () => {
  const start = (url: string) =>
    spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], {
      env: { ...process.env, DATABASE_URL: url, API_PORT: "0" },
      encoding: "utf8",
      timeout: 20_000,
    });

  it("stops with one line naming the variable for an unknown scheme", () => {
    const result = start("mysql://localhost/x");
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/DATABASE_URL: unsupported scheme "mysql"/);
  });

  it("stops with one line naming the variable for an unreachable server", () => {
    const result = start("postgresql://u:p@127.0.0.1:1/x");
    expect(result.status).toBe(1);
    expect(result.stderr.trim().split("\n")).toHaveLength(1);
    expect(result.stderr).toMatch(/DATABASE_URL: cannot reach the database server/);
  });
});
