import { createServer, type IncomingMessage, type Server, type ServerResponse } from "node:http";
import { toNodeHandler } from "better-auth/node";
import type { Auth } from "./auth.ts";
import { clientAddress, clientAddressHeader } from "./client-address.ts";
import type { Db } from "./db/client.ts";
import { quietAuthContext } from "./pinned/auth-context.ts";
import { createSessionReader } from "./pinned/session.ts";
import { createTrpcNodeHandler } from "./pinned/trpc-http.ts";
import { appRouter } from "./router.ts";
import { type Context, mapDomainError } from "./trpc.ts";

export interface ApiServerOptions {
  db: Db;
  auth: Auth;
  /** The secret better-auth signs session cookies with. */
  authSecret: string;
  /** Origins allowed to send mutations (the public web origin). */
  trustedOrigins: string[];
  onAttemptGraded?: (attemptId: string) => void;
  now?: () => Date;
}

/**
 * Largest request bodies, by who is calling. Only an author's upload is large (a content package,
 * base64-encoded, fits); the caller is known from the session cookie before any body is read.
 */
export const bodyLimits = {
  /** Not signed in: the only public procedure is a query, so nothing needs a body. */
  anonymous: 16 * 1024,
  /** Signed in: answers, settings, an edited question. */
  signedIn: 1024 * 1024,
  /** `authoring.upload` called on its own by an author or an admin. */
  upload: 40 * 1024 * 1024,
  /** `/api/auth/*`: an email and a password, a name. */
  auth: 16 * 1024,
};

/** The tRPC body limit for a caller and the procedures a request calls. */
export function trpcBodyLimit(user: Context["user"], paths: string[]): number {
  if (!user) return bodyLimits.anonymous;
  const isAuthor = user.role === "author" || user.role === "admin";
  return isAuthor && paths.length === 1 && paths[0] === "authoring.upload"
    ? bodyLimits.upload
    : bodyLimits.signedIn;
}

/**
 * Refuses an auth request whose body could be over the limit: better-auth reads bodies whole, so its
 * length must be declared (a browser always declares it) and small. Node's parser reads no more body
 * than the declared length.
 */
function refuseAuthBody(req: IncomingMessage, res: ServerResponse): boolean {
  const length = req.headers["content-length"];
  const hasBody = length !== undefined || req.headers["transfer-encoding"] !== undefined;
  if (!hasBody) return false;
  if (length === undefined) {
    res.setHeader("connection", "close");
    sendJson(res, 411, { error: { message: "Send the request body with a Content-Length." } });
    return true;
  }
  if (Number(length) <= bodyLimits.auth) return false;
  res.setHeader("connection", "close");
  sendJson(res, 413, {
    error: {
      message: `The request body is larger than the ${bodyLimits.auth / 1024} KiB limit for sign-in.`,
    },
  });
  return true;
}

/** Most procedures one batched request may call (the web app batches a page's queries). */
export const maxBatchSize = 20;

function sendJson(res: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  res.writeHead(status, {
    "content-type": "application/json; charset=utf-8",
    "content-length": Buffer.byteLength(text),
    "cache-control": "no-store",
    ...apiSecurityHeaders,
  });
  res.end(text);
}

/** On every answer the API writes itself: JSON, never to be framed, embedded or sniffed. */
export const apiSecurityHeaders = {
  "x-content-type-options": "nosniff",
  "cross-origin-opener-policy": "same-origin",
  "cross-origin-resource-policy": "same-origin",
} as const;

/**
 * Refuses cross-site requests that could change state: a browser marks them with Sec-Fetch-Site or an
 * Origin of another site. Requests without either (curl, server-to-server) carry no ambient cookies
 * from a victim's browser, so they are no CSRF risk.
 */
export function isCrossSite(req: IncomingMessage, trustedOrigins: string[]): boolean {
  const site = req.headers["sec-fetch-site"];
  if (site === "cross-site" || site === "same-site") return true;
  const origin = req.headers.origin;
  if (origin && origin !== "null") {
    const host = req.headers["x-forwarded-host"] ?? req.headers.host;
    const sameHost = (() => {
      try {
        return new URL(origin).host === host;
      } catch {
        return false;
      }
    })();
    return !sameHost && !trustedOrigins.includes(origin);
  }
  return origin === "null";
}

/**
 * The API's HTTP server: `/api/health`, accounts under `/api/auth/`, tRPC under `/api/trpc/`. The web
 * origin proxies `/api` here, so browsers see one origin.
 */
export function createApiServer({
  db,
  auth,
  authSecret,
  trustedOrigins,
  onAttemptGraded,
  now = () => new Date(),
}: ApiServerOptions): Server {
  const readSession = createSessionReader(db, authSecret, now);
  const trpc = createTrpcNodeHandler({
    router: appRouter,
    basePath: "/api/trpc/",
    maxBodyBytes: (ctx: Context, paths) => trpcBodyLimit(ctx.user, paths),
    maxBatchSize,
    mapError: mapDomainError,
    // Called as soon as the request's headers are parsed, before its session read and its body.
    createContext: (req): Context | Promise<Context> => {
      const receivedAt = now();
      const cookie = req.headers.cookie;
      if (!cookie) return { db, now, receivedAt, user: null, onAttemptGraded };
      return readSession(cookie).then((user) => ({ db, now, receivedAt, user, onAttemptGraded }));
    },
    onError(error, path) {
      if (error.code === "INTERNAL_SERVER_ERROR") console.error(`tRPC ${path ?? "?"}:`, error.cause ?? error);
    },
  });
  const authHandler = toNodeHandler(auth);
  let authInFlight = 0;

  const server = createServer((req: IncomingMessage, res: ServerResponse) => {
    const url = req.url ?? "/";
    const queryAt = url.indexOf("?");
    const path = queryAt < 0 ? url : url.slice(0, queryAt);
    const isMutation = req.method !== "GET" && req.method !== "HEAD" && req.method !== "OPTIONS";
    if (isMutation && isCrossSite(req, trustedOrigins)) {
      sendJson(res, 403, { error: { message: "Cross-site requests cannot change anything here." } });
      return;
    }
    if (path === "/api/health") {
      db.ping().then(
        () => sendJson(res, 200, { status: "ok", database: db.provider }),
        () => sendJson(res, 503, { status: "error", database: db.provider }),
      );
      return;
    }
    if (path.startsWith("/api/auth/") && refuseAuthBody(req, res)) return;
    if (path.startsWith("/api/auth/")) {
      // better-auth rate-limits by this header: one address, never a client's own list.
      req.headers[clientAddressHeader] = clientAddress(req);
      for (const [name, value] of Object.entries(apiSecurityHeaders)) res.setHeader(name, value);
      authInFlight++;
      authHandler(req, res)
        .catch((error: unknown) => {
          console.error("auth:", error);
          if (!res.headersSent)
            sendJson(res, 500, { error: { message: "Something went wrong on our side." } });
        })
        .finally(() => {
          if (--authInFlight === 0) quietAuthContext();
        });
      return;
    }
    if (path.startsWith("/api/trpc/")) {
      trpc(req, res).catch((error: unknown) => {
        console.error("tRPC:", error);
        if (!res.headersSent) sendJson(res, 500, { error: { message: "Something went wrong on our side." } });
      });
      return;
    }
    sendJson(res, 404, { error: { message: `No route for ${req.method} ${path}` } });
  });
  // The web origin keeps connections to the API open between requests. The API holds an idle one
  // longer than the 5 s default, so a connection is rarely closed just as the proxy reuses it.
  server.keepAliveTimeout = 65_000;
  server.headersTimeout = 66_000;
  return server;
}
