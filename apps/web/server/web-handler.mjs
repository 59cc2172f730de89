import { clientAddress } from "./api-proxy.mjs";

/**
 * What every response of the web origin carries, pages, /api and error answers alike: set here, on
 * the Node response, before Next or the /api proxy write anything, so no path (a 500 included) goes
 * out without them. HSTS only when the public origin is https: on plain http it would mean nothing,
 * and on a local http setup it would break the next visit.
 */
export function securityHeaders(publicUrl) {
  const headers = {
    "x-content-type-options": "nosniff",
    "referrer-policy": "strict-origin-when-cross-origin",
    "x-frame-options": "DENY",
    "permissions-policy": "camera=(), microphone=(), geolocation=()",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
  };
  if (new URL(publicUrl ?? "http://localhost:3000").protocol === "https:") {
    headers["strict-transport-security"] = "max-age=31536000";
  }
  return headers;
}

/** The answer when a page fails before Next can render its error page: text, nothing active. */
const failureHeaders = {
  "content-type": "text/plain; charset=utf-8",
  "cache-control": "no-store",
  "content-security-policy": "default-src 'none'; object-src 'none'; base-uri 'none'; frame-ancestors 'none'",
};

const isApi = (url) => url === "/api" || url.startsWith("/api/") || url.startsWith("/api?");

/** The web origin's request handler: `/api/*` to the API proxy, the rest to Next's `handle`. */
export function createWebHandler({ proxy, handle, trustedHops, publicUrl }) {
  const headers = securityHeaders(publicUrl);
  return (req, res) => {
    for (const [name, value] of Object.entries(headers)) res.setHeader(name, value);
    if (isApi(req.url ?? "/")) {
      proxy(req, res);
      return;
    }
    // Next's route handlers (the no-JavaScript sign-in) pass X-Forwarded-For on to the API: they get
    // the one address the /api proxy would send, never what the client wrote.
    req.headers["x-forwarded-for"] = clientAddress(req, trustedHops);
    Promise.resolve()
      .then(() => handle(req, res))
      .catch((error) => {
        console.error("web:", error);
        if (!res.headersSent) res.writeHead(500, failureHeaders);
        res.end("Something went wrong on our side.");
      });
  };
}
