import { PrismaClient as PostgresClient } from "../generated/postgresql/client.ts";
import { PrismaClient as SqliteClient } from "../generated/sqlite/client.ts";
import { createAdapter } from "./adapters.ts";
import type { DatabaseTarget, Provider } from "./database-url.ts";

/**
 * The two generated clients have the same models and so the same API; the SQLite one's type stands for
 * both.
 */
export type PrismaClient = SqliteClient;

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
   * SQLITE_BUSY at COMMIT can lose acknowledged writes (TOOLCHAIN.md, Prisma issue #29933). On PostgreSQL
   * the pool runs them side by side and constraints settle races.
   */
  write<T>(work: (client: PrismaClient) => Promise<T>): Promise<T>;
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

export function createDb(target: DatabaseTarget, options: { poolSize?: number } = {}): Db {
  if (target.provider === "sqlite") {
    const writer = new SqliteClient({ adapter: createAdapter(target) });
    const reader = new SqliteClient({ adapter: createAdapter(target) });
    const serialize = createSerialQueue();
    return {
      provider: "sqlite",
      read: reader,
      write: (work) => serialize(() => work(writer)),
      ping: async () => {
        await reader.$queryRaw`SELECT 1`;
      },
      close: async () => {
        await Promise.all([writer.$disconnect(), reader.$disconnect()]);
      },
    };
  }
  const client = new PostgresClient({ adapter: createAdapter(target, options) }) as unknown as PrismaClient;
  return {
    provider: "postgresql",
    read: client,
    write: (work) => work(client),
    ping: async () => {
      await client.$queryRaw`SELECT 1`;
    },
    close: () => client.$disconnect(),
  };
}
