import { describe, expect, it } from "vitest";
import { DatabaseUrlError, findRepoRoot, parseDatabaseUrl, redact } from "./database-url.ts";

describe("parseDatabaseUrl", () => {
  it("takes file: as SQLite and resolves a relative path from the repository root", () => {
    const target = parseDatabaseUrl("file:./data/x.db");
    expect(target).toMatchObject({ provider: "sqlite", file: `${findRepoRoot()}/data/x.db` });
  });

  it("keeps an absolute SQLite path", () => {
    expect(parseDatabaseUrl("file:/tmp/a.db")).toMatchObject({ provider: "sqlite", file: "/tmp/a.db" });
  });

  it("takes postgresql:// and postgres:// as PostgreSQL with discrete fields", () => {
    for (const scheme of ["postgresql", "postgres"]) {
      expect(parseDatabaseUrl(`${scheme}://u:p%40ss@db.local:6543/school?schema=s1`)).toMatchObject({
        provider: "postgresql",
        host: "db.local",
        port: 6543,
        user: "u",
        password: "p@ss",
        database: "school",
        schema: "s1",
      });
    }
  });

  it("names the variable and the problem for an unknown scheme", () => {
    expect(() => parseDatabaseUrl("mysql://x/y")).toThrow(DatabaseUrlError);
    expect(() => parseDatabaseUrl("mysql://x/y")).toThrow(/^DATABASE_URL: unsupported scheme "mysql"/);
  });

  it("refuses a PostgreSQL URL without a database, and hides the password in the message", () => {
    expect(() => parseDatabaseUrl("postgresql://u:secret@host")).toThrow(/must name a host and a database/);
    expect(() => parseDatabaseUrl("postgresql://u:secret@host")).not.toThrow(/secret/);
  });

  it("refuses an empty SQLite path", () => {
    expect(() => parseDatabaseUrl("file:")).toThrow(/needs a file path/);
  });

  it("redacts passwords", () => {
    expect(redact("postgresql://u:secret@h:1/d")).toBe("postgresql://u:***@h:1/d");
  });
});
