import pg from "pg";
import { describe, expect, it } from "vitest";
import { createScratchPostgres } from "./databases.ts";

const base = process.env.TEST_DATABASE_URL_POSTGRES;

describe.runIf(base)("a scratch PostgreSQL database", () => {
  const exists = async (name: string) => {
    const admin = new pg.Client({ connectionString: base });
    await admin.connect();
    try {
      const { rowCount } = await admin.query("SELECT 1 FROM pg_database WHERE datname = $1", [name]);
      return rowCount === 1;
    } finally {
      await admin.end();
    }
  };

  it("is dropped even while a connection of the test role is still open in it", async () => {
    const scratch = await createScratchPostgres("gw_drop");
    const name = new URL(scratch.url).pathname.slice(1);
    const leftover = new pg.Client({ connectionString: scratch.url });
    leftover.on("error", () => {}); // the drop ends this connection on purpose
    await leftover.connect();
    await leftover.query("CREATE TABLE t (n int); INSERT INTO t SELECT generate_series(1, 1000)");
    expect(await exists(name)).toBe(true);

    await scratch.drop();

    expect(await exists(name)).toBe(false);
    await expect(leftover.query("SELECT 1")).rejects.toThrow();
    await leftover.end().catch(() => {});
  });
});
