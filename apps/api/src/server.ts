import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { createHTTPHandler } from "@trpc/server/adapters/standalone";
import type { Db } from "./db/client.ts";
import { appRouter } from "./router.ts";
import type { Context } from "./trpc.ts";

export interface ApiServerOptions {
  db: Db;
  now?: () => Date;
}

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
  });
  res.end(text);
}

/**
 * The API's HTTP server: `/api/health` and tRPC under `/api/trpc/`. The web origin proxies `/api`
 * here, so browsers see one origin.
 */
export function createApiServer({ db, now = () => new Date() }: ApiServerOptions): Server {
  const trpc = createHTTPHandler({
    router: appRouter,
    basePath: "/api/trpc/",
    createContext: (): Context => ({ db, now }),
    onError({ error, path }) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"}:`, error.cause ?? error);
    },
  });

  return createServer((req: IncomingMessage, res: ServerResponse) => {
    const path = (req.url ?? "/").split("?")[0];
    if (path === "/api/health") {
      db.ping().then(
        () => sendJson(res, 200, { status: "ok", database: db.provider }),
        () => sendJson(res, 503, { status: "error", database: db.provider }),
      );
      return;
    }
    if (path?.startsWith("/api/trpc/")) {
      trpc(req, res);
      return;
    }
    sendJson(res, 404, { error: { message: `No route for ${req.method} ${path}` } });
  });
}
