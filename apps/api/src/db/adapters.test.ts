import pg from "pg";
import { afterAll, beforeAll, describe, expect, it, vi } from "vitest";
import { createScratchPostgres } from "../../test/databases.ts";
import { createPostgresPool } from "./adapters.ts";
import { parseDatabaseUrl } from "./database-url.ts";

const base = process.env.TEST_DATABASE_URL_POSTGRES;

describe.runIf(base)("the PostgreSQL pool", () => {
  let scratch: Awaited<ReturnType<typeof createScratchPostgres>>;
  beforeAll(async () => {
    scratch = await createScratchPostgres("gw_pool");
  });
  afterAll(() => scratch.drop());

  it("outlives the server ending one of its idle connections, and answers on a new one", async () => {
    const target = parseDatabaseUrl(scratch.url);
    if (target.provider !== "postgresql") throw new Error("not a PostgreSQL URL");
    const pool = createPostgresPool(target, { poolSize: 2 });
    const logged = vi.spyOn(console, "error").mockImplementation(() => {});
    try {
      const { rows } = await pool.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      const pid = rows[0]?.pid;
      expect(pool.idleCount).toBe(1);
      const admin = new pg.Client({ connectionString: base });
      await admin.connect();
      await admin.query("SELECT pg_terminate_backend($1)", [pid]);
      await admin.end();
      const until = Date.now() + 5000;
      while (logged.mock.calls.length === 0 && Date.now() < until)
        await new Promise((r) => setTimeout(r, 20));
      expect(String(logged.mock.calls[0]?.[0])).toMatch(/PostgreSQL ended an idle connection/);
      const again = await pool.query<{ pid: number }>("SELECT pg_backend_pid() AS pid");
      expect(again.rows[0]?.pid).not.toBe(pid);
    } finally {
      logged.mockRestore();
      await pool.end();
    }
  });
});
