import { AsyncLocalStorage } from "node:async_hooks";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import type { Db } from "./db/client.ts";
import type { Env } from "./env.ts";

export const roles = ["student", "instructor", "author", "admin"] as const;
export type Role = (typeof roles)[number];

/** Sessions last a week and are extended when a day has passed since they were made or extended. */
export const sessionExpiresInSeconds = 60 * 60 * 24 * 7;
export const sessionUpdateAgeSeconds = 60 * 60 * 24;

/** The session cookie: `__Host-` pins it to this origin and path (browsers allow Secure on localhost). */
export const sessionCookieName = "__Host-groundwork.session";

/**
 * Accounts with better-auth: email and password hashed with scrypt, sessions stored in the database
 * (so any API instance can read them and sign-out or disabling ends them at once), and login rate
 * limits in the database too, keyed by client address so an attacker elsewhere cannot lock the real
 * user out.
 */
export function createAuth(db: Db, env: Env) {
  const cookieAttributes = { secure: true, httpOnly: true, sameSite: "lax" as const, path: "/" };
  return betterAuth({
    appName: "Groundwork",
    secret: env.AUTH_SECRET,
    baseURL: env.PUBLIC_URL,
    basePath: "/api/auth",
    trustedOrigins: trustedOriginsFor(env.PUBLIC_URL),
    database: prismaAdapter(db.queued, { provider: db.provider }),
    telemetry: { enabled: false },
    emailAndPassword: { enabled: true, minPasswordLength: 10, maxPasswordLength: 256, autoSignIn: true },
    user: {
      additionalFields: {
        role: { type: "string", input: false, defaultValue: "student", required: false },
        disabled: { type: "boolean", input: false, defaultValue: false, required: false },
      },
    },
    session: { expiresIn: sessionExpiresInSeconds, updateAge: sessionUpdateAgeSeconds },
    rateLimit: {
      enabled: true,
      storage: "database",
      window: 60,
      max: 300,
      customRules: {
        "/sign-in/email": { window: 60, max: env.LOGIN_RATE_LIMIT },
        "/sign-up/email": { window: 60, max: env.LOGIN_RATE_LIMIT },
      },
    },
    advanced: {
      useSecureCookies: false,
      cookies: {
        session_token: { name: sessionCookieName, attributes: cookieAttributes },
        session_data: { name: "__Host-groundwork.session-data", attributes: cookieAttributes },
        dont_remember: { name: "__Host-groundwork.dont-remember", attributes: cookieAttributes },
      },
      ipAddress: { ipAddressHeaders: ["x-forwarded-for"] },
    },
    databaseHooks: {
      session: {
        create: {
          // A disabled account cannot sign in.
          before: async (session) => {
            const user = await db.read.user.findUnique({
              where: { id: session.userId },
              select: { disabled: true },
            });
            return user?.disabled ? false : undefined;
          },
        },
      },
    },
  });
}

export type Auth = ReturnType<typeof createAuth>;

/**
 * The public origin, and for a local one its loopback aliases too: a user who opens
 * http://127.0.0.1:3000 while PUBLIC_URL says localhost can still sign in.
 */
export function trustedOriginsFor(publicUrl: string): string[] {
  const url = new URL(publicUrl);
  if (!["localhost", "127.0.0.1", "[::1]"].includes(url.hostname)) return [url.origin];
  const port = url.port ? `:${url.port}` : "";
  return ["localhost", "127.0.0.1", "[::1]"].map((host) => `${url.protocol}//${host}${port}`);
}

/**
 * better-auth keeps each request's state in AsyncLocalStorage. On Node 20 the first `run()` of one
 * turns on promise hooks for the whole process, for good: from the first sign-in on, every promise of
 * every request pays for them (a fifth of a trivial API call). Between auth requests those stores hold
 * nothing, so the API server disables them once none is in flight (`disable()` is Node's own switch;
 * the next `run()` enables them again). better-auth keeps them on its global context object, shared by
 * every copy of the library in the process. Returns how many it disabled.
 */
export function quietAuthContext(): number {
  const shared = (globalThis as Record<symbol, { context?: Record<string, unknown> } | undefined>)[
    Symbol.for("better-auth:global")
  ];
  let disabled = 0;
  for (const value of Object.values(shared?.context ?? {})) {
    if (value instanceof AsyncLocalStorage) {
      value.disable();
      disabled++;
    }
  }
  return disabled;
}
