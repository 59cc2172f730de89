import { z } from "zod";
import { defaultDatabaseUrl } from "./db/database-url.ts";

/** The API's environment, read and checked once, here and nowhere else. */
const EnvSchema = z.object({
  NODE_ENV: z.enum(["development", "test", "production"]).default("development"),
  DATABASE_URL: z.string().min(1).optional(),
  API_HOST: z.string().default("127.0.0.1"),
  API_PORT: z.coerce.number().int().min(0).max(65535).default(3001),
  /** Connections per API process on PostgreSQL. */
  DATABASE_POOL_SIZE: z.coerce.number().int().min(1).max(100).default(10),
});
export type Env = z.infer<typeof EnvSchema> & { DATABASE_URL: string };

export function readEnv(source: NodeJS.ProcessEnv = process.env): Env {
  const parsed = EnvSchema.safeParse(source);
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    throw new Error(`${issue?.path.join(".") ?? "environment"}: ${issue?.message ?? "invalid"}`);
  }
  return { ...parsed.data, DATABASE_URL: parsed.data.DATABASE_URL || defaultDatabaseUrl() };
}
