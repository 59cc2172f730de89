import { existsSync } from "node:fs";
import { dirname, isAbsolute, join, resolve } from "node:path";
import type { ConnectionOptions as TlsOptions } from "node:tls";
import { fileURLToPath } from "node:url";
import { parse as parsePgConnectionString } from "pg-connection-string";

export type Provider = "sqlite" | "postgresql";

export type DatabaseTarget =
  | { provider: "sqlite"; file: string; url: string }
  | {
      provider: "postgresql";
      url: string;
      host: string;
      port: number;
      user: string;
      password: string;
      database: string;
      schema: string | undefined;
      /** From sslmode/sslrootcert/sslcert/sslkey, with libpq's meaning: false is plaintext. */
      ssl: false | TlsOptions;
      applicationName: string | undefined;
      connectTimeoutMs: number | undefined;
    };

/**
 * The query parameters a PostgreSQL DATABASE_URL may carry: Prisma's `schema` and the libpq ones the
 * pg driver honours. Any other is refused by name rather than silently dropped.
 */
export const postgresUrlParameters = [
  "schema",
  "sslmode",
  "sslrootcert",
  "sslcert",
  "sslkey",
  "application_name",
  "connect_timeout",
] as const;

/** libpq's sslmodes that pg can honour; `allow` and `prefer` fall back to plaintext, which pg cannot do. */
const sslModes = ["disable", "require", "verify-ca", "verify-full"];

/** A DATABASE_URL that cannot be used: the message names the variable and what is wrong. */
export class DatabaseUrlError extends Error {
  override name = "DatabaseUrlError";
}

/** The repository root: the folder holding pnpm-workspace.yaml above this file (or the bundle). */
export function findRepoRoot(from = dirname(fileURLToPath(import.meta.url))): string {
  let dir = from;
  for (;;) {
    if (existsSync(join(dir, "pnpm-workspace.yaml"))) return dir;
    const parent = dirname(dir);
    if (parent === dir) return process.cwd();
    dir = parent;
  }
}

export const defaultDatabaseUrl = (): string => `file:${join(findRepoRoot(), "data", "groundwork.db")}`;

/**
 * Reads a DATABASE_URL and picks the provider from its scheme: `file:` is SQLite, `postgres(ql)://` is
 * PostgreSQL. A relative `file:` path is taken from the repository root, not the working directory,
 * so every script and server finds the same file.
 */
export function parseDatabaseUrl(url: string, variable = "DATABASE_URL"): DatabaseTarget {
  const trimmed = url.trim();
  if (trimmed.startsWith("file:")) {
    const path = trimmed.slice("file:".length).replace(/^\/\/(?=\/)/, "");
    if (path === "" || path.includes("?")) {
      throw new DatabaseUrlError(
        `${variable}: "${trimmed}" needs a file path, e.g. file:./data/groundwork.db`,
      );
    }
    const file = path === ":memory:" || isAbsolute(path) ? path : resolve(findRepoRoot(), path);
    return { provider: "sqlite", file, url: `file:${file}` };
  }
  if (/^postgres(ql)?:\/\//.test(trimmed)) {
    let parsed: URL;
    try {
      parsed = new URL(trimmed);
    } catch {
      throw new DatabaseUrlError(`${variable}: "${redact(trimmed)}" is not a valid PostgreSQL URL`);
    }
    const database = decodeURIComponent(parsed.pathname.replace(/^\//, ""));
    if (!parsed.hostname || !database) {
      throw new DatabaseUrlError(
        `${variable}: "${redact(trimmed)}" must name a host and a database, e.g. postgresql://user:pass@127.0.0.1:5432/groundwork`,
      );
    }
    const params = parsed.searchParams;
    for (const name of params.keys()) {
      if (!(postgresUrlParameters as readonly string[]).includes(name)) {
        throw new DatabaseUrlError(
          `${variable}: parameter "${name}" is not supported; use only ${postgresUrlParameters.join(", ")}`,
        );
      }
    }
    const sslmode = params.get("sslmode");
    if (sslmode !== null && !sslModes.includes(sslmode)) {
      throw new DatabaseUrlError(
        `${variable}: sslmode=${sslmode} is not supported (${sslmode === "prefer" || sslmode === "allow" ? "it falls back to plaintext without saying so" : "unknown mode"}); use ${sslModes.join(", ")}`,
      );
    }
    const connectTimeout = params.get("connect_timeout");
    if (connectTimeout !== null && !/^\d+$/.test(connectTimeout)) {
      throw new DatabaseUrlError(
        `${variable}: connect_timeout must be a number of seconds, not "${connectTimeout}"`,
      );
    }
    let ssl: false | TlsOptions = false;
    try {
      // pg's own parser with libpq's meaning of sslmode (require encrypts, verify-* check the server).
      const config = parsePgConnectionString(trimmed, { useLibpqCompat: true });
      ssl = typeof config.ssl === "object" ? (config.ssl as TlsOptions) : config.ssl === true ? {} : false;
    } catch (error) {
      throw new DatabaseUrlError(`${variable}: ${(error as Error).message.split("\n")[0]}`);
    }
    return {
      provider: "postgresql",
      url: trimmed,
      host: parsed.hostname,
      port: parsed.port ? Number(parsed.port) : 5432,
      user: decodeURIComponent(parsed.username),
      password: decodeURIComponent(parsed.password),
      database,
      schema: params.get("schema") ?? undefined,
      ssl,
      applicationName: params.get("application_name") ?? undefined,
      connectTimeoutMs:
        connectTimeout === null || connectTimeout === "0" ? undefined : Number(connectTimeout) * 1000,
    };
  }
  const scheme = /^([a-z][a-z0-9+.-]*):/i.exec(trimmed)?.[1];
  throw new DatabaseUrlError(
    `${variable}: unsupported scheme "${scheme ?? trimmed}"; use file:<path> for SQLite or postgresql://user:pass@host:port/db for PostgreSQL`,
  );
}

/** The URL with its password hidden, for messages and logs. */
export function redact(url: string): string {
  return url.replace(/(\/\/[^:/@]+:)[^@]*@/, "$1***@");
}
