import { z } from "zod";
import { defaultDatabaseUrl } from "./db/database-url.ts";
import { XapiEnvSchema } from "./xapi/index.ts";

/** Used only outside production, where it is refused. */
export const developmentAuthSecret = "groundwork-development-secret-not-for-production";

/** The API's environment, read and checked once, here and nowhere else. */
const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z.string().min(1).optional(),
  API_HOST: z.string().default("127.0.0.1"),
  API_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  /** Connections per API process on PostgreSQL. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
  /** The origin users open in their browser: trusted for mutations and used in auth links. */
  PUBLIC_URL: z.url().default("http://localhost:3000"),
  /** Signs sessions; at least 32 characters. */
  AUTH_SECRET: z.string().min(32).default(developmentAuthSecret),
  /** How often each API process closes attempts past their deadline. */
  OVERDUE_SWEEP_SECONDS: z.coerce.number().min(1).max(3600).default(15),
  /**
   * Sign-in attempts allowed per client address and minute. A whole school can sit behind one NAT
   * address: 600 lets a class of 200 sign in at once with two retries each. Passwords are protected by
   * the per-account back-off (domain/sign-in-throttle.ts), not by this.
   */
  LOGIN_RATE_LIMIT: z.coerce.number().int().min(1).max(100_000).default(600),
  /**
   * Who may create an account over HTTP: `off` (only an admin), `invite` (also a student with a
   * class's invite code, who joins that class) or `open` (anyone).
   */
  SIGN_UP: z.enum(["off", "invite", "open"]).default("off"),
  /** CPU seconds one uploaded package's build may use before it is stopped and refused. */
  PACKAGE_BUILD_CPU_SECONDS: z.coerce.number().min(1).max(3600).default(120),
  /** xAPI: statements go to this learning record store when LRS_ENDPOINT is set (off by default). */
  ...XapiEnvSchema.shape,
});
export type Env = z.infer<typeof EnvSchema> & { DATABASE_URL: string };

export class EnvError extends Error {
  override name = "EnvError";
}

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new EnvError(`${issue?.path.join(".") ?? "environment"}: ${issue?.message ?? "invalid"}`);
  }
  const env = { ...parsed.data, DATABASE_URL: parsed.data.DATABASE_URL || defaultDatabaseUrl() };
  if (env.NODE_ENV === "production" && env.AUTH_SECRET === developmentAuthSecret) {
    throw new EnvError("AUTH_SECRET: production needs a secret of its own (at least 32 random characters)");
  }
  return env;
}
