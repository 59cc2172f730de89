import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";
import { betterAuth } from "better-auth";
import { prismaAdapter } from "better-auth/adapters/prisma";
import { APIError, createAuthMiddleware, isAPIError } from "better-auth/api";
import { hashPassword, verifyPassword } from "better-auth/crypto";
import { clientAddressHeader } from "./client-address.ts";
import type { Db } from "./db/client.ts";
import { joinClass } from "./domain/classes.ts";
import { createSignInThrottle } from "./domain/sign-in-throttle.ts";
import type { Env } from "./env.ts";

export const roles = ["student", "instructor", "author", "admin"] as const;
export type Role = (typeof roles)[number];

/** Sessions last a week and are extended when a day has passed since they were made or extended. */
export const sessionExpiresInSeconds = 60 * 60 * 24 * 7;
export const sessionUpdateAgeSeconds = 60 * 60 * 24;

/** The session cookie: `__Host-` pins it to this origin and path (browsers allow Secure on localhost). */
export const sessionCookieName = "__Host-groundwork.session";

/** A browser that has signed in to an account before carries this cookie for it (see `createAuth`). */
export const deviceCookieName = "__Host-groundwork.device";
const deviceCookieMaxAgeSeconds = 400 * 24 * 60 * 60;

/** Scrypt hashes at once (Node's thread pool) and waiting at most: guesses cannot pile up work. */
export const passwordHashConcurrency = 2;
export const passwordHashQueue = 1000;

/**
 * Runs at most `concurrency` tasks at a time and refuses with 503 when `maxWaiting` already wait, so
 * a flood of sign-ins costs a bounded share of the machine and a bounded queue.
 */
function createGate(concurrency: number, maxWaiting: number) {
  let running = 0;
  const waiting: Array<() => void> = [];
  return async <T>(task: () => Promise<T>): Promise<T> => {
    if (running >= concurrency) {
      if (waiting.length >= maxWaiting) {
        throw new APIError("SERVICE_UNAVAILABLE", {
          message: "Too many sign-ins at once; try again in a moment.",
        });
      }
      await new Promise<void>((resolve) => waiting.push(resolve));
    }
    running++;
    try {
      return await task();
    } finally {
      running--;
      waiting.shift()?.();
    }
  };
}

const normalizeEmail = (value: unknown) => (typeof value === "string" ? value.trim().toLowerCase() : "");

/**
 * Accounts with better-auth: email and password hashed with scrypt, sessions stored in the database
 * (so any API instance can read them and sign-out or disabling ends them at once).
 *
 * Sign-in is limited twice, both in the database so every instance counts the same:
 * - per client address (better-auth's limiter, keyed by the one address server.ts writes), sized for a
 *   school behind one NAT address;
 * - per account, with back-off after a few failures (domain/sign-in-throttle.ts). A browser that has
 *   signed in to the account before (a signed device cookie) has a back-off of its own, so a botnet
 *   guessing at someone's account does not lock that person out of their usual browser.
 * Accounts are made by an admin; over HTTP only as `SIGN_UP` allows, and no answer tells whether an
 * email has an account.
 */
export function createAuth(db: Db, env: Env) {
  const cookieAttributes = { secure: true, httpOnly: true, sameSite: "lax" as const, path: "/" };
  const throttle = createSignInThrottle(db);
  const hashGate = createGate(passwordHashConcurrency, passwordHashQueue);
  const deviceMac = (deviceId: string, email: string) =>
    createHmac("sha256", env.AUTH_SECRET).update(`device\n${deviceId}\n${email}`).digest("base64url");
  /** The device id, if the cookie proves this browser signed in to `email` before. */
  const knownDevice = (cookie: string | null, email: string): string | undefined => {
    const [deviceId, mac] = (cookie ?? "").split(".");
    if (!deviceId || !mac) return undefined;
    const expected = Buffer.from(deviceMac(deviceId, email));
    const given = Buffer.from(mac);
    return given.length === expected.length && timingSafeEqual(given, expected) ? deviceId : undefined;
  };
  const throttleKey = (email: string, cookie: string | null) => {
    const device = knownDevice(cookie, email);
    return device ? `device:${device}:${email}` : `account:${email}`;
  };
  const signInLimit = { window: 60, max: env.LOGIN_RATE_LIMIT };

  return betterAuth({
    appName: "Groundwork",
    secret: env.AUTH_SECRET,
    baseURL: env.PUBLIC_URL,
    basePath: "/api/auth",
    trustedOrigins: trustedOriginsFor(env.PUBLIC_URL),
    database: prismaAdapter(db.queued, { provider: db.provider }),
    telemetry: { enabled: false },
    // Its warnings, and its log of every refusal, are one line per wrong password or throttled guess:
    // a guessing run would flood the log. Only what went wrong on our side is logged.
    logger: { level: "error" },
    onAPIError: {
      onError: (error) => {
        if (!isAPIError(error) || error.status === "INTERNAL_SERVER_ERROR") console.error("auth:", error);
      },
    },
    emailAndPassword: {
      enabled: true,
      minPasswordLength: 10,
      maxPasswordLength: 256,
      // No session at sign-up: with autoSignIn off better-auth answers a taken email exactly as a new one.
      autoSignIn: false,
      password: {
        hash: (password) => hashGate(() => hashPassword(password)),
        verify: (data) => hashGate(() => verifyPassword(data)),
      },
    },
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
      max: Math.max(300, env.LOGIN_RATE_LIMIT),
      customRules: { "/sign-in/email": signInLimit, "/sign-up/email": signInLimit },
    },
    advanced: {
      useSecureCookies: false,
      cookies: {
        session_token: { name: sessionCookieName, attributes: cookieAttributes },
        session_data: { name: "__Host-groundwork.session-data", attributes: cookieAttributes },
        dont_remember: { name: "__Host-groundwork.dont-remember", attributes: cookieAttributes },
      },
      // server.ts always writes exactly one valid address here (client-address.ts).
      ipAddress: { ipAddressHeaders: [clientAddressHeader] },
    },
    hooks: {
      before: createAuthMiddleware(async (ctx) => {
        if (ctx.path === "/sign-in/email") {
          const email = normalizeEmail(ctx.body?.email);
          const decision = await throttle.claim(
            throttleKey(email, ctx.getCookie(deviceCookieName)),
            new Date(),
          );
          if (!decision.allowed) {
            throw new APIError(
              "TOO_MANY_REQUESTS",
              { message: "Too many attempts; wait a minute and try again." },
              { "retry-after": String(decision.retryAfterSeconds) },
            );
          }
        }
        // Server-side calls (the seed, tests) have no request; HTTP sign-up only as SIGN_UP allows.
        if (ctx.path === "/sign-up/email" && ctx.request) {
          if (env.SIGN_UP === "off") {
            throw new APIError("FORBIDDEN", {
              message: "Accounts are given by your school or team; ask an administrator.",
            });
          }
          const inviteCode =
            typeof ctx.body?.inviteCode === "string" ? ctx.body.inviteCode.trim().toUpperCase() : "";
          if (env.SIGN_UP === "invite") {
            const found = inviteCode
              ? await db.read.class.findUnique({ where: { inviteCode }, select: { id: true } })
              : null;
            if (!found) {
              throw new APIError("FORBIDDEN", {
                message:
                  "Creating an account needs a valid class invite code; check it with your instructor.",
              });
            }
          }
        }
      }),
      after: createAuthMiddleware(async (ctx) => {
        if (ctx.path === "/sign-in/email" && ctx.context.newSession) {
          const email = normalizeEmail(ctx.body?.email);
          await throttle.succeed(throttleKey(email, ctx.getCookie(deviceCookieName)));
          const deviceId =
            knownDevice(ctx.getCookie(deviceCookieName), email) ?? randomBytes(16).toString("base64url");
          ctx.setCookie(deviceCookieName, `${deviceId}.${deviceMac(deviceId, email)}`, {
            ...cookieAttributes,
            maxAge: deviceCookieMaxAgeSeconds,
          });
        }
        if (ctx.path === "/sign-up/email" && ctx.request && typeof ctx.body?.inviteCode === "string") {
          // A taken email gets a made-up user in the answer: only a real new account joins the class.
          const returned = ctx.context.returned as { user?: { id?: string } } | undefined;
          const userId = returned?.user?.id;
          const created = userId
            ? await db.read.user.findUnique({ where: { id: userId }, select: { id: true } })
            : null;
          if (created)
            await joinClass(db, { userId: created.id, inviteCode: ctx.body.inviteCode, now: new Date() });
        }
      }),
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
