import { AsyncLocalStorage } from "node:async_hooks";
import { spawnSync } from "node:child_process";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testProviders } from "../test/databases.ts";
import { startHttp } from "../test/http.ts";
import { createWorld, type World } from "../test/world.ts";
import { readEnv } from "./env.ts";
import { demoPassword } from "./seed/demo.ts";

describe("accounts over HTTP (SQLite)", () => {
  let world: World;
  let http: Awaited<ReturnType<typeof startHttp>>;
  beforeAll(async () => {
    world = await createWorld("sqlite");
    http = await startHttp(world, { LOGIN_RATE_LIMIT: "5" });
  }, 120_000);
  afterAll(async () => {
    await http.close();
    await world.drop();
  });

  const me = async (cookie: string | undefined) => {
    const response = await fetch(`${http.base}/api/trpc/account.me`, { headers: cookie ? { cookie } : {} });
    return ((await response.json()) as { result: { data: { email: string } | null } }).result.data;
  };

  it("signs in with a __Host- session cookie that is HttpOnly, Secure and SameSite", async () => {
    const { response, setCookie, cookie } = await http.signIn(world.users.student.email, demoPassword);
    expect(response.status).toBe(200);
    expect(setCookie).toMatch(/^__Host-groundwork\.session=/);
    expect(setCookie).toMatch(/HttpOnly/i);
    expect(setCookie).toMatch(/Secure/i);
    expect(setCookie).toMatch(/SameSite=Lax/i);
    expect(setCookie).toMatch(/Path=\//);
    expect(setCookie).not.toMatch(/Domain=/i);
    expect((await me(cookie))?.email).toBe(world.users.student.email);
    const health = await fetch(`${http.base}/api/health`);
    for (const answer of [response, health]) {
      expect(answer.headers.get("cross-origin-opener-policy")).toBe("same-origin");
      expect(answer.headers.get("cross-origin-resource-policy")).toBe("same-origin");
    }
  });

  it("switches better-auth's request state off between auth requests, and keeps working", async () => {
    // Overlapping sign-ins, session reads and sign-outs: the state is switched off only when none is
    // in flight, and the next auth request switches it on again. Three accounts, four rounds each: under
    // the per-account back-off, which counts a sign-in until it has succeeded.
    const accounts = [world.users.author, world.users.student, world.users.instructor];
    const rounds = await Promise.all(
      Array.from({ length: 12 }, async (_, i) => {
        const account = accounts[i % accounts.length] ?? world.users.author;
        const { cookie } = await http.signIn(account.email, demoPassword, `192.0.2.${100 + i}`);
        const session = await fetch(`${http.base}/api/auth/get-session`, {
          headers: { cookie: cookie ?? "" },
        });
        const email = ((await session.json()) as { user?: { email: string } } | null)?.user?.email;
        const out = await fetch(`${http.base}/api/auth/sign-out`, {
          method: "POST",
          headers: {
            cookie: cookie ?? "",
            "content-type": "application/json",
            origin: "http://localhost:3000",
          },
          body: "{}",
        });
        return { email, signedOut: out.status, after: await me(cookie) };
      }),
    );
    expect(rounds).toEqual(
      rounds.map((_, i) => ({ email: accounts[i % accounts.length]?.email, signedOut: 200, after: null })),
    );
    const stores = Object.values(
      (globalThis as Record<symbol, { context: Record<string, unknown> }>)[Symbol.for("better-auth:global")]
        ?.context ?? {},
    ).filter((value) => value instanceof AsyncLocalStorage);
    expect(stores.length).toBeGreaterThan(0);
    // Node 20's own flag: a disabled store no longer keeps the process's promise hooks on.
    expect(stores.map((store) => (store as unknown as { enabled: boolean }).enabled)).toEqual(
      stores.map(() => false),
    );
  });

  it("stores a strong hash, never the password", async () => {
    const account = await world.database.db.read.account.findFirst({
      where: { userId: world.users.student.id, providerId: "credential" },
      select: { password: true },
    });
    expect(account?.password).toBeTruthy();
    expect(account?.password).not.toContain(demoPassword);
    expect(account?.password?.length).toBeGreaterThan(60);
  });

  it("ends the session on the server at sign-out", async () => {
    const { cookie } = await http.signIn(world.users.instructor.email, demoPassword, "203.0.113.2");
    expect(await me(cookie)).not.toBeNull();
    const out = await fetch(`${http.base}/api/auth/sign-out`, {
      method: "POST",
      headers: { cookie: cookie ?? "", "content-type": "application/json", origin: "http://localhost:3000" },
      body: "{}",
    });
    expect(out.status).toBe(200);
    expect(await me(cookie)).toBeNull();
  });

  it("disabling an account ends its sessions and refuses its next sign-in", async () => {
    const user = await world.addUser("student", "Soon Disabled");
    const { cookie } = await http.signIn(user.email, "correct horse battery", "203.0.113.3");
    expect(await me(cookie)).not.toBeNull();
    await world.as(world.users.admin).admin.setDisabled({ userId: user.id, disabled: true });
    expect(await me(cookie)).toBeNull();
    const again = await http.signIn(user.email, "correct horse battery", "203.0.113.3");
    expect(again.cookie).toBeUndefined();
  });

  it("rate-limits one address, however many accounts it tries, without touching another address", async () => {
    // LOGIN_RATE_LIMIT is 5 in this suite; every email is new, so only the address limit applies.
    const statuses: number[] = [];
    for (let i = 0; i < 7; i++) {
      statuses.push(
        (await http.signIn(`nobody-${i}@example.test`, "wrong password!", "198.51.100.7")).response.status,
      );
    }
    expect(statuses).toEqual([401, 401, 401, 401, 401, 429, 429]);
    const elsewhere = await http.signIn(world.users.instructor.email, demoPassword, "203.0.113.9");
    expect(elsewhere.response.status).toBe(200);
    // The limit lives in the database, so every API instance enforces the same count.
    expect(await world.database.db.read.rateLimit.count()).toBeGreaterThan(0);
  });

  it("keys the address limit by one address when X-Forwarded-For holds a list", async () => {
    // better-auth reads a list as no address and puts every such request in one shared bucket. The web
    // origin sends one address; the API takes the last entry its peer wrote, never "no address".
    const listed = (client: string, i: number) =>
      http.signIn(
        `listed-${client}-${i}@example.test`,
        "wrong password!",
        `203.0.113.200, 198.51.100.${client}`,
      );
    const first = [];
    for (let i = 0; i < 6; i++) first.push((await listed("21", i)).response.status);
    expect(first.at(-1)).toBe(429);
    expect((await listed("22", 0)).response.status).toBe(401);
  });

  it("backs off guesses at one account from rotating addresses, and lets its usual browser in", async () => {
    const user = await world.addUser("student", "Guessed At");
    // The real user signed in once on this browser: it keeps a device cookie.
    const first = await fetch(`${http.base}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": "192.0.2.77" },
      body: JSON.stringify({ email: user.email, password: "correct horse battery" }),
    });
    expect(first.status).toBe(200);
    const device = first.headers.getSetCookie().find((c) => c.startsWith("__Host-groundwork.device="));
    expect(device).toMatch(/HttpOnly/i);
    const deviceCookie = device?.split(";")[0] ?? "";

    const statuses: number[] = [];
    for (let i = 0; i < 9; i++) {
      statuses.push(
        (await http.signIn(user.email.toUpperCase(), "wrong password!", `198.18.${i}.1`)).response.status,
      );
    }
    expect(statuses.slice(0, 5)).toEqual([401, 401, 401, 401, 401]);
    expect(statuses.slice(5)).toEqual([429, 429, 429, 429]);
    // The right password from a browser that never signed in waits too: the attacker cannot tell it worked.
    expect((await http.signIn(user.email, "correct horse battery", "198.18.99.1")).response.status).toBe(429);
    // The user's own browser is not locked out.
    const own = await fetch(`${http.base}/api/auth/sign-in/email`, {
      method: "POST",
      headers: { "content-type": "application/json", "x-forwarded-for": "192.0.2.77", cookie: deviceCookie },
      body: JSON.stringify({ email: user.email, password: "correct horse battery" }),
    });
    expect(own.status).toBe(200);
    // An email with no account answers the same way: the back-off tells nothing about who exists.
    const ghost: number[] = [];
    for (let i = 0; i < 6; i++) {
      ghost.push(
        (await http.signIn("no-such-person@example.test", "wrong password!", `198.19.${i}.1`)).response
          .status,
      );
    }
    expect(ghost).toEqual([401, 401, 401, 401, 401, 429]);
  });

  it("lets the next guess through once the back-off has passed, and waits longer after it", async () => {
    const email = "backoff-timing@example.test";
    for (let i = 0; i < 5; i++) await http.signIn(email, "wrong password!", `198.20.${i}.1`);
    const blocked = await http.signIn(email, "wrong password!", "198.20.9.1");
    expect(blocked.response.status).toBe(429);
    expect(Number(blocked.response.headers.get("retry-after"))).toBeGreaterThanOrEqual(1);
    await new Promise((resolve) => setTimeout(resolve, 1100));
    expect((await http.signIn(email, "wrong password!", "198.20.10.1")).response.status).toBe(401);
    expect(
      (await http.signIn(email, "wrong password!", "198.20.11.1")).response.headers.get("retry-after"),
    ).toBe("2");
  });

  it("refuses cross-site mutations in every content type, and mutations over GET", async () => {
    const { cookie } = await http.signIn(world.users.student.email, demoPassword, "203.0.113.4");
    for (const type of [
      "application/json",
      "text/plain",
      "application/x-www-form-urlencoded",
      "multipart/form-data; boundary=x",
    ]) {
      const response = await fetch(`${http.base}/api/trpc/class.join`, {
        method: "POST",
        headers: {
          cookie: cookie ?? "",
          "content-type": type,
          origin: "https://evil.example",
          "sec-fetch-site": "cross-site",
        },
        body: JSON.stringify({ inviteCode: "DEMO2025" }),
      });
      expect(response.status).toBe(403);
    }
    const viaGet = await fetch(
      `${http.base}/api/trpc/class.join?input=${encodeURIComponent(JSON.stringify({ inviteCode: "DEMO2025" }))}`,
      {
        headers: { cookie: cookie ?? "" },
      },
    );
    expect(viaGet.status).toBe(405);
  });
});

describe("production mode", () => {
  it("refuses the development secret", () => {
    expect(() => readEnv({ NODE_ENV: "production" })).toThrow(/AUTH_SECRET/);
  });

  it("refuses to start with demo accounts in the database", async () => {
    const world = await createWorld("sqlite");
    try {
      if (world.database.target.provider !== "sqlite") throw new Error("sqlite expected");
      const result = spawnSync(process.execPath, ["--import", "tsx", "src/main.ts"], {
        env: {
          ...process.env,
          NODE_ENV: "production",
          AUTH_SECRET: "a-production-secret-that-is-long-enough-1234",
          DATABASE_URL: world.database.target.url,
          API_PORT: "0",
        },
        encoding: "utf8",
        timeout: 30_000,
      });
      expect(result.status).toBe(1);
      expect(result.stderr).toMatch(/refuses to start with the 4 demo account/);
    } finally {
      await world.drop();
    }
  });
});

describe("session cookies read by the API", () => {
  let world: World;
  let http: Awaited<ReturnType<typeof startHttp>>;
  beforeAll(async () => {
    world = await createWorld("sqlite");
    http = await startHttp(world);
  }, 120_000);
  afterAll(async () => {
    await http.close();
    await world.drop();
  });

  const me = async (cookie: string) => {
    const response = await fetch(`${http.base}/api/trpc/account.me`, { headers: { cookie } });
    return ((await response.json()) as { result: { data: { email: string } | null } }).result.data;
  };

  it("refuses a cookie whose signature does not match, and an expired session", async () => {
    const { cookie } = await http.signIn(world.users.student.email, demoPassword, "203.0.113.50");
    if (!cookie) throw new Error("no cookie");
    expect((await me(cookie))?.email).toBe(world.users.student.email);
    const [name, value] = cookie.split("=") as [string, string];
    const token = decodeURIComponent(value).split(".")[0];
    expect(await me(`${name}=${encodeURIComponent(`${token}.${"A".repeat(43)}=`)}`)).toBeNull();
    expect(await me(`${name}=${token}`)).toBeNull();
    await world.database.db.write((c) =>
      c.session.updateMany({
        where: { token },
        data: { expiresAt: new Date(world.clock.current.getTime() - 1000) },
      }),
    );
    expect(await me(cookie)).toBeNull();
  });

  it("extends a session that is more than a day old, as better-auth would", async () => {
    const { cookie } = await http.signIn(world.users.instructor.email, demoPassword, "203.0.113.51");
    if (!cookie) throw new Error("no cookie");
    const token = decodeURIComponent(cookie.split("=")[1] ?? "").split(".")[0] ?? "";
    const soon = new Date(world.clock.current.getTime() + 2 * 86_400_000);
    await world.database.db.write((c) =>
      c.session.updateMany({ where: { token }, data: { expiresAt: soon } }),
    );
    expect((await me(cookie))?.email).toBe(world.users.instructor.email);
    const session = await world.database.db.read.session.findUniqueOrThrow({
      where: { token },
      select: { expiresAt: true },
    });
    expect(session.expiresAt.getTime()).toBe(world.clock.current.getTime() + 7 * 86_400_000);
  });
});

describe("who may create an account", () => {
  let world: World;
  const servers: Record<string, Awaited<ReturnType<typeof startHttp>>> = {};
  beforeAll(async () => {
    world = await createWorld("sqlite");
    servers.off = await startHttp(world);
    servers.invite = await startHttp(world, { SIGN_UP: "invite" });
    servers.open = await startHttp(world, { SIGN_UP: "open" });
  }, 120_000);
  afterAll(async () => {
    for (const server of Object.values(servers)) await server.close();
    await world.drop();
  });

  const signUp = async (mode: string, body: Record<string, string>) => {
    const response = await fetch(`${servers[mode]?.base}/api/auth/sign-up/email`, {
      method: "POST",
      headers: { "content-type": "application/json", origin: "http://localhost:3000" },
      body: JSON.stringify({ name: "New Person", password: "a long enough password", ...body }),
    });
    const json = (await response.json()) as {
      token?: unknown;
      user?: Record<string, unknown>;
      message?: string;
    };
    return { status: response.status, json, cookies: response.headers.getSetCookie() };
  };
  const userCount = (email: string) => world.database.db.read.user.count({ where: { email } });

  it("refuses sign-up over HTTP by default, whatever the email", async () => {
    const fresh = await signUp("off", { email: "walk-in@example.test" });
    const taken = await signUp("off", { email: world.users.student.email });
    expect(fresh.status).toBe(403);
    expect(fresh.json.message).toMatch(/ask an administrator/);
    expect(taken).toEqual(fresh);
    expect(await userCount("walk-in@example.test")).toBe(0);
  });

  it("with SIGN_UP=open answers a taken email exactly as a new one, and signs nobody in", async () => {
    const fresh = await signUp("open", { email: "newcomer@example.test" });
    const taken = await signUp("open", { email: world.users.instructor.email });
    expect(fresh.status).toBe(200);
    expect(taken.status).toBe(200);
    const shape = (r: typeof fresh) => ({
      keys: Object.keys(r.json).sort(),
      userKeys: Object.keys(r.json.user ?? {}).sort(),
      token: r.json.token,
      email: r.json.user?.email,
      cookies: r.cookies.length,
    });
    expect(shape(taken)).toEqual({ ...shape(fresh), email: world.users.instructor.email });
    expect(fresh.cookies).toEqual([]);
    expect(await userCount("newcomer@example.test")).toBe(1);
    const role = await world.database.db.read.user.findUnique({
      where: { email: "newcomer@example.test" },
      select: { role: true },
    });
    expect(role?.role).toBe("student");
    // Nor may a caller choose a role.
    await signUp("open", { email: "wants-admin@example.test", role: "admin" });
    const chosen = await world.database.db.read.user.findUnique({
      where: { email: "wants-admin@example.test" },
      select: { role: true },
    });
    expect(chosen?.role ?? "student").toBe("student");
  });

  it("with SIGN_UP=invite makes a student account only with a class's invite code, in that class", async () => {
    const klass = await world.database.db.read.class.findFirstOrThrow({
      select: { id: true, inviteCode: true },
    });
    expect((await signUp("invite", { email: "no-code@example.test" })).status).toBe(403);
    expect((await signUp("invite", { email: "bad-code@example.test", inviteCode: "NOTACODE" })).status).toBe(
      403,
    );
    expect(await userCount("no-code@example.test")).toBe(0);
    const joined = await signUp("invite", {
      email: "invited@example.test",
      inviteCode: klass.inviteCode.toLowerCase(),
    });
    expect(joined.status).toBe(200);
    const user = await world.database.db.read.user.findUniqueOrThrow({
      where: { email: "invited@example.test" },
      select: { role: true, enrolments: { select: { classId: true } } },
    });
    expect(user).toEqual({ role: "student", enrolments: [{ classId: klass.id }] });
    const taken = await signUp("invite", { email: world.users.author.email, inviteCode: klass.inviteCode });
    expect(taken.status).toBe(200);
    expect(Object.keys(taken.json).sort()).toEqual(Object.keys(joined.json).sort());
    const signIn = await servers.invite?.signIn(
      "invited@example.test",
      "a long enough password",
      "192.0.2.60",
    );
    expect(signIn?.response.status).toBe(200);
  });

  it("lets an admin make an account that signs in, and nobody else", async () => {
    const made = await world.as(world.users.admin).admin.createUser({
      email: "Made.By.Admin@example.test",
      name: "Made By Admin",
      role: "instructor",
      password: "given by the admin",
    });
    expect(made).toMatchObject({ email: "made.by.admin@example.test", role: "instructor" });
    const signIn = await servers.off?.signIn(
      "made.by.admin@example.test",
      "given by the admin",
      "192.0.2.61",
    );
    expect(signIn?.response.status).toBe(200);
    await expect(
      world.as(world.users.admin).admin.createUser({
        email: "made.by.admin@example.test",
        name: "Again",
        role: "student",
        password: "given by the admin",
      }),
    ).rejects.toThrow(/exists already/);
    await expect(
      world.as(world.users.instructor).admin.createUser({
        email: "sneaky@example.test",
        name: "Sneaky",
        role: "admin",
        password: "given by the admin",
      }),
    ).rejects.toThrow();
  });
});

describe.each(testProviders())("per-account back-off on %s", (provider) => {
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

  it("lets no more than the free guesses through a burst of parallel ones, each from its own address", async () => {
    const statuses = await Promise.all(
      Array.from(
        { length: 20 },
        async (_, i) =>
          (await http.signIn(world.users.author.email, `parallel guess ${i}`, `198.51.100.${i + 1}`)).response
            .status,
      ),
    );
    expect(statuses.filter((s) => s === 401).length).toBe(5);
    expect(statuses.filter((s) => s === 429).length).toBe(15);
    const rows = await world.database.db.read.signInThrottle.findMany({
      select: { key: true, failures: true },
    });
    expect(rows).toEqual([{ key: `account:${world.users.author.email}`, failures: 5 }]);
  });
});
