import { Agent, request } from "node:http";
import { isIP } from "node:net";
import proxyaddr from "proxy-addr";
import { createOriginPicker } from "./api-routing.mjs";

/**
 * The browser's only way to the API: `/api/*` on the web origin is streamed to an API process, so
 * the browser needs no CORS and cookies stay first-party. It runs in front of Next rather than as a
 * route handler: a route handler turns every request into a Fetch Request and Response, which cost
 * more CPU than the API call itself on exam day.
 */

/** Headers that describe one connection, never forwarded (RFC 9110, section 7.6.1). */
const hopByHop = new Set([
  "connection",
  "keep-alive",
  "proxy-connection",
  "proxy-authenticate",
  "proxy-authorization",
  "te",
  "trailer",
  "transfer-encoding",
  "upgrade",
  "host",
]);

/** What every /api response carries: not a page, so nothing active is allowed in it. */
export const apiResponseHeaders = {
  "x-content-type-options": "nosniff",
  "referrer-policy": "strict-origin-when-cross-origin",
  "x-frame-options": "DENY",
  "permissions-policy": "camera=(), microphone=(), geolocation=()",
  "content-security-policy": "default-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
};

/**
 * TRUST_PROXY: how many reverse proxies (load balancers) in front of the web origin append to
 * X-Forwarded-For. Unset or 0: none, the socket is the client. `1` keeps its earlier meaning, one load
 * balancer. Express's `trust proxy` counts hops the same way.
 */
export function parseTrustedHops(value) {
  if (value === undefined || value.trim() === "") return 0;
  if (!/^\d{1,2}$/.test(value.trim())) {
    throw new Error(
      `TRUST_PROXY: "${value}" is not a number of proxies; use 0 (none, the default), 1, 2, ...`,
    );
  }
  return Number(value.trim());
}

/**
 * The client's address: the socket's, or with `trustedHops` proxies in front, the address the
 * outermost trusted proxy saw (proxy-addr, as Express uses it, walks X-Forwarded-For from the right, so entries a client
 * wrote itself are never reached). Always one valid address: a trusted proxy that wrote something
 * else counts as the client.
 */
export function clientAddress(req, trustedHops) {
  const socket = req.socket.remoteAddress ?? "0.0.0.0";
  if (trustedHops === 0) return socket;
  const address = proxyaddr(req, (_peer, hop) => hop < trustedHops);
  return isIP(address) ? address : socket;
}

/**
 * Connections kept to each API process; more requests than that wait here for one. An API process is
 * one thread, whose requests wait on the database a few at a time (its pool holds 10): more in flight
 * only adds connections it must accept and requests it must hold. With 512, exam day's start burst
 * (every student pressing "start" within 5 s) opened hundreds per process, and the APIs spent a
 * quarter more CPU per start than with 16 or 64 (exam-day --start-only, BENCHMARKS.md). 64 leaves
 * room for the few slow requests (an upload's build) beside the quick ones.
 */
export const apiConnectionsPerProcess = 64;

/** Bodies up to this size are kept so a request can be sent again after a stale connection. */
const maxReplayBytes = 1024 * 1024;
const retryableCodes = new Set(["ECONNRESET", "EPIPE"]);

/**
 * A request handler for `/api/*`. A request goes to the API process its cookies pick
 * (api-routing.mjs); one the process refuses to connect (it is down or restarting) goes to the next,
 * as it never reached the first. X-Forwarded-For carries exactly one
 * address, `clientAddress` with `trustedHops`, so a client cannot pick the address the API rate-limits
 * sign-ins by, and the API never sees a list it would have to interpret.
 */
export function createApiProxy({ origins, trustedHops = 0 }) {
  const agent = new Agent({ keepAlive: true, maxSockets: apiConnectionsPerProcess });
  // A retry never reuses a pooled connection: the pool may hold more that the API has closed.
  const fresh = new Agent({ keepAlive: false });
  const pick = createOriginPicker(origins);
  return function proxy(req, res) {
    const first = pick(req.headers.cookie);
    const headers = {};
    for (const [name, value] of Object.entries(req.headers)) {
      if (!hopByHop.has(name) && value !== undefined) headers[name] = value;
    }
    headers["x-forwarded-for"] = clientAddress(req, trustedHops);
    headers["x-forwarded-host"] = req.headers.host ?? "";
    headers["x-forwarded-proto"] = req.socket.encrypted ? "https" : "http";

    // A kept-alive connection the API has just closed fails the request before any answer; like a
    // browser, the proxy then sends it once more on a fresh connection. That needs the body in
    // hand, so bodies up to 1 MiB are buffered; larger uploads stream through and are not retried.
    const length = Number(req.headers["content-length"] ?? 0);
    const replayable = req.headers["transfer-encoding"] === undefined && length <= maxReplayBytes;

    const send = (body, attempt, tried = 0) => {
      const origin = origins[(first + tried) % origins.length];
      const upstream = request(
        {
          agent: attempt === 0 ? agent : fresh,
          hostname: origin.hostname,
          port: origin.port,
          method: req.method,
          path: req.url,
          headers,
        },
        (answer) => {
          const out = {};
          for (const [name, value] of Object.entries(answer.headers)) {
            if (!hopByHop.has(name) && value !== undefined) out[name] = value;
          }
          res.writeHead(answer.statusCode ?? 502, { ...out, ...apiResponseHeaders });
          answer.pipe(res);
        },
      );
      upstream.on("error", (error) => {
        if (body && attempt === 0 && upstream.reusedSocket && retryableCodes.has(error.code)) {
          send(body, 1, tried);
          return;
        }
        if (body && error.code === "ECONNREFUSED" && tried + 1 < origins.length) {
          send(body, attempt, tried + 1);
          return;
        }
        console.error(
          `web: /api proxy to ${origin.host} failed: ${error.code ?? error.message} (${upstream.reusedSocket ? "kept-alive" : "new"} connection, try ${attempt + 1})`,
        );
        if (res.headersSent) {
          res.destroy();
          return;
        }
        const text = JSON.stringify({
          error: { message: "The API is not reachable; try again in a moment." },
        });
        res.writeHead(502, {
          "content-type": "application/json; charset=utf-8",
          "content-length": Buffer.byteLength(text),
          "cache-control": "no-store",
          ...apiResponseHeaders,
        });
        res.end(text);
      });
      res.on("close", () => {
        if (!res.writableFinished) upstream.destroy();
      });
      if (!body) req.pipe(upstream);
      else if (body.length > 0) upstream.end(body);
      else upstream.end();
    };

    if (!replayable) {
      send(undefined, 0);
      return;
    }
    const chunks = [];
    req.on("data", (chunk) => chunks.push(chunk));
    req.on("end", () => send(Buffer.concat(chunks), 0));
  };
}
