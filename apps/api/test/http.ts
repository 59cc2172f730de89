import type { AddressInfo } from "node:net";
import { createAuth } from "../src/auth.ts";
import { readEnv } from "../src/env.ts";
import { createApiServer } from "../src/server.ts";
import type { World } from "./world.ts";

/** The real HTTP server over a world's database, on a free port of 127.0.0.1. */
export async function startHttp(world: World, env: Record<string, string> = {}) {
  const config = readEnv({ NODE_ENV: "test", PUBLIC_URL: "http://localhost:3000", ...env });
  const auth = createAuth(world.database.db, config);
  const server = createApiServer({
    db: world.database.db,
    auth,
    authSecret: config.AUTH_SECRET,
    trustedOrigins: ["http://localhost:3000"],
    now: world.clock.now,
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  return {
    base,
    close: () => new Promise<void>((resolve) => server.close(() => resolve())),
    /** Signs in through better-auth and returns the session cookie (name=value). */
    signIn: async (email: string, password: string, ip = "203.0.113.1") => {
      const response = await fetch(`${base}/api/auth/sign-in/email`, {
        method: "POST",
        headers: { "content-type": "application/json", "x-forwarded-for": ip },
        body: JSON.stringify({ email, password }),
      });
      const cookie = response.headers.getSetCookie().find((c) => c.startsWith("__Host-groundwork.session="));
      return { response, cookie: cookie?.split(";")[0], setCookie: cookie };
    },
  };
}
