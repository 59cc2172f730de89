import { type Auth, createAuth, type Role } from "../src/auth.ts";
import { readEnv } from "../src/env.ts";
import { appRouter } from "../src/router.ts";
import { demoUsers, ensureUser, seedDemo } from "../src/seed/demo.ts";
import { createCallerFactory, type SessionUser } from "../src/trpc.ts";
import { createTestDatabase, type TestDatabase } from "./databases.ts";

export { someResponse } from "../src/testing.ts";

export const createCaller = createCallerFactory(appRouter);
export type Caller = ReturnType<typeof createCaller>;

/** A settable server clock for tests of deadlines and time limits. */
export class TestClock {
  constructor(public current = new Date()) {}
  now = () => new Date(this.current);
  advance(ms: number) {
    this.current = new Date(this.current.getTime() + ms);
  }
}

export interface World {
  database: TestDatabase;
  auth: Auth;
  clock: TestClock;
  users: Record<Role, SessionUser>;
  /** A caller acting as a user (null: anonymous). */
  as(user: SessionUser | null): Caller;
  /** Creates another account of a role and returns it. */
  addUser(role: Role, name: string): Promise<SessionUser>;
  drop(): Promise<void>;
}

/** A real database with the demo seeded: accounts, the published demo course, a class, an assignment. */
export async function createWorld(provider: "sqlite" | "postgresql"): Promise<World> {
  const database = await createTestDatabase(provider);
  const env = readEnv({ NODE_ENV: "test" });
  const auth = createAuth(database.db, env);
  const clock = new TestClock(new Date("2026-03-02T09:00:00Z"));
  await seedDemo(database.db, auth, clock.now());
  const rows = await database.db.read.user.findMany({
    where: { email: { in: demoUsers.map((u) => u.email) } },
    select: { id: true, email: true, name: true, role: true },
  });
  const users = Object.fromEntries(rows.map((u) => [u.role, { ...u, role: u.role as Role }])) as Record<
    Role,
    SessionUser
  >;
  let counter = 0;
  return {
    database,
    auth,
    clock,
    users,
    as: (user) => createCaller({ db: database.db, now: clock.now, user }),
    addUser: async (role, name) => {
      const email = `${role}-${++counter}-${name.toLowerCase().replace(/\W+/g, "-")}@example.test`;
      const id = await ensureUser(database.db, auth, {
        email,
        name,
        role,
        password: "correct horse battery",
      });
      return { id, email, name, role };
    },
    drop: () => database.drop(),
  };
}
