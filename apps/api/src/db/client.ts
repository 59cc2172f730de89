import { PrismaClient as PostgresClient } from "../generated/postgresql/client.ts";
import { PrismaClient as SqliteClient } from "../generated/sqlite/client.ts";
import { createSqliteHotPath, type HotPath } from "../pinned/hot-path.ts";
import { createPostgresHotPath } from "../pinned/hot-path-postgres.ts";
import { createAdapter, createPostgresPool, sqliteBusyTimeoutMs } from "./adapters.ts";
import type { DatabaseTarget, Provider } from "./database-url.ts";

/**
 * The two generated clients have the same models and so the same API; the SQLite one's type stands for
 * both.
 */
export type PrismaClient = SqliteClient;
export type TransactionClient = Parameters<Parameters<PrismaClient["$transaction"]>[0]>[0];

const transactionOptions = (timeoutMs = 30_000) => ({ maxWait: 20_000, timeout: timeoutMs });

export interface Db {
  readonly provider: Provider;
  /**
   * Reads. On SQLite a connection of its own, so a read never sees another request's open transaction
   * (WAL gives it a consistent snapshot); on PostgreSQL the shared pool.
   */
  readonly read: PrismaClient;
  /**
   * Runs every write. On SQLite the writes of this process go one at a time through one connection:
   * the better-sqlite3 adapter shares its connection between transactions and plain queries, and a
   * SQLITE_BUSY at COMMIT can lose acknowledged writes (docs/toolchain.md, Prisma issue #29933). On PostgreSQL
   * the pool runs them side by side and constraints settle races.
   */
  write<T>(work: (client: PrismaClient) => Promise<T>): Promise<T>;
  /**
   * Runs `work` in one interactive transaction, as a write (serialised on SQLite). Waits for a pooled
   * connection and runs for longer than Prisma's defaults (2 s and 5 s), which a class starting a quiz
   * at once would exceed on PostgreSQL.
   */
  transaction<T>(work: (tx: TransactionClient) => Promise<T>, options?: { timeoutMs?: number }): Promise<T>;
  /**
   * A client for code we do not write (the auth library): on SQLite each of its operations, and each
   * of its transactions as a whole, waits its turn in the same queue as `write`.
   */
  readonly queued: PrismaClient;
  /** The exam's reads and writes (session, start, view, save, submit) and the gradebook read (pinned/hot-path.ts). */
  readonly hot: HotPath;
  /** Checks the database answers a query for real. */
  ping(): Promise<void>;
  close(): Promise<void>;
}

/** A queue of one: each task starts when the one before it has settled. */
function createSerialQueue() {
  let tail: Promise<unknown> = Promise.resolve();
  return <T>(task: () => Promise<T>): Promise<T> => {
    const run = tail.then(task, task);
    tail = run.catch(() => undefined);
    return run;
  };
}

/**
 * Wraps a client so that every model operation and every `$transaction` runs through `serialize`.
 * Inside a transaction the callback gets the plain transaction client, which already holds the turn.
 */
function queueEveryOperation(
  client: PrismaClient,
  serialize: <T>(task: () => Promise<T>) => Promise<T>,
): PrismaClient {
  const delegates = new Map<PropertyKey, unknown>();
  return new Proxy(client, {
    get(target, property, receiver) {
      const value = Reflect.get(target, property, receiver) as unknown;
      if (property === "$transaction") {
        return (...args: unknown[]) =>
          serialize(() => (target.$transaction as (...a: unknown[]) => Promise<unknown>).apply(target, args));
      }
      if (typeof property === "string" && !property.startsWith("$") && value && typeof value === "object") {
        let delegate = delegates.get(property);
        if (!delegate) {
          delegate = new Proxy(value, {
            get(model, method, modelReceiver) {
              const fn = Reflect.get(model, method, modelReceiver) as unknown;
              if (typeof fn !== "function") return fn;
              return (...args: unknown[]) => serialize(() => Promise.resolve(fn.apply(model, args)));
            },
          });
          delegates.set(property, delegate);
        }
        return delegate;
      }
      return typeof value === "function" ? value.bind(target) : value;
    },
  });
}

export function createDb(target: DatabaseTarget, options: { poolSize?: number } = {}): Db {
  if (target.provider === "sqlite") {
    const writer = new SqliteClient({ adapter: createAdapter(target) });
    const reader = new SqliteClient({ adapter: createAdapter(target) });
    const serialize = createSerialQueue();
    const hot = createSqliteHotPath(target.file, { busyTimeoutMs: sqliteBusyTimeoutMs, serialize });
    return {
      provider: "sqlite",
      hot,
      read: reader,
      write: (work) => serialize(() => work(writer)),
      transaction: (work, options) =>
        serialize(() => writer.$transaction(work, transactionOptions(options?.timeoutMs))),
      queued: queueEveryOperation(writer, serialize),
      ping: async () => {
        await reader.$queryRaw`SELECT 1`;
      },
      close: async () => {
        hot.close();
        await Promise.all([writer.$disconnect(), reader.$disconnect()]);
      },
    };
  }
  const pool = createPostgresPool(target, options);
  const client = new PostgresClient({ adapter: createAdapter(target, { pool }) }) as unknown as PrismaClient;
  return {
    provider: "postgresql",
    read: client,
    write: (work) => work(client),
    hot: createPostgresHotPath(pool),
    transaction: (work, options) => client.$transaction(work, transactionOptions(options?.timeoutMs)),
    queued: client,
    ping: async () => {
      await client.$queryRaw`SELECT 1`;
    },
    close: async () => {
      await client.$disconnect();
      // Closing twice is harmless, as Prisma's $disconnect is.
      if (!pool.ended) await pool.end();
    },
  };
}
