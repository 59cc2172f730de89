import { mkdtempSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, it } from "vitest";
import { createDb } from "./client.ts";
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

  it("honours sslmode with libpq's meaning, and the other libpq parameters it lists", () => {
    const ssl = (query: string) => {
      const target = parseDatabaseUrl(`postgresql://u:p@db.example:5432/school?${query}`);
      if (target.provider !== "postgresql") throw new Error("postgresql expected");
      return target.ssl;
    };
    expect(ssl("")).toBe(false);
    expect(ssl("sslmode=disable")).toBe(false);
    // require encrypts without checking the certificate, as libpq does; verify-full checks it.
    expect(ssl("sslmode=require")).toMatchObject({ rejectUnauthorized: false });
    expect(ssl("sslmode=verify-full")).toEqual({});
    const dir = mkdtempSync(join(tmpdir(), "groundwork-ca-"));
    writeFileSync(join(dir, "ca.pem"), "-----BEGIN CERTIFICATE-----\nMIIB\n-----END CERTIFICATE-----\n");
    expect(ssl(`sslmode=verify-ca&sslrootcert=${join(dir, "ca.pem")}`)).toMatchObject({
      ca: expect.stringContaining("BEGIN CERTIFICATE"),
    });
    const target = parseDatabaseUrl("postgresql://u:p@h/d?application_name=groundwork-api&connect_timeout=3");
    expect(target).toMatchObject({ applicationName: "groundwork-api", connectTimeoutMs: 3000 });
  });

  it("refuses a parameter or sslmode it cannot honour, by name", () => {
    const refused = (query: string) => () => parseDatabaseUrl(`postgresql://u:secret@h/d?${query}`);
    expect(refused("sslmode=prefer")).toThrow(
      /^DATABASE_URL: sslmode=prefer is not supported \(it falls back to plaintext/,
    );
    expect(refused("sslmode=allow")).toThrow(/sslmode=allow is not supported/);
    expect(refused("sslmode=bogus")).toThrow(/sslmode=bogus is not supported \(unknown mode\)/);
    expect(refused("target_session_attrs=read-write")).toThrow(
      /^DATABASE_URL: parameter "target_session_attrs" is not supported; use only schema, sslmode/,
    );
    expect(refused("sslmode=verify-ca")).toThrow(/sslrootcert/);
    expect(refused("sslmode=require&sslrootcert=/no/such/ca.pem")).toThrow(/^DATABASE_URL: .*no\/such/);
    expect(refused("connect_timeout=soon")).toThrow(/connect_timeout must be a number of seconds/);
    expect(refused("sslmode=prefer")).not.toThrow(/secret/);
  });
});

describe.skipIf(!process.env.TEST_DATABASE_URL_POSTGRES)("sslmode reaches the PostgreSQL driver", () => {
  const withMode = (mode: string) => {
    const url = new URL(process.env.TEST_DATABASE_URL_POSTGRES ?? "");
    url.searchParams.set("sslmode", mode);
    return parseDatabaseUrl(url.toString());
  };

  it("refuses to talk in plaintext when sslmode=require and the server has no TLS", async () => {
    // The test server runs without TLS: with sslmode honoured, require cannot connect; ignored, it would.
    const probe = createDb(withMode("disable"));
    const rows = await probe.read.$queryRaw<Array<{ ssl: string }>>`SELECT current_setting('ssl') AS ssl`;
    await probe.close();
    if (rows[0]?.ssl !== "off") return; // a server with TLS: nothing to prove here
    const db = createDb(withMode("require"));
    await expect(db.ping()).rejects.toThrow(/SSL|TLS/i);
    await db.close();
  });
});
