/**
 * The web origin: Next.js for pages, and `/api/*` streamed to the API processes in API_ORIGINS.
 *
 *   node server/main.mjs [--dev] [--port 3000] [--hostname 127.0.0.1]
 *
 * TRUST_PROXY=<n>: n reverse proxies in front of this server append to X-Forwarded-For (default 0).
 */
import { createServer } from "node:http";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { parseArgs } from "node:util";
import next from "next";
import { createApiProxy, parseTrustedHops } from "./api-proxy.mjs";
import { parseApiOrigins } from "./api-routing.mjs";
import { createWebHandler } from "./web-handler.mjs";

const { values } = parseArgs({
  options: {
    dev: { type: "boolean", default: false },
    port: { type: "string", default: process.env.PORT ?? "3000" },
    hostname: { type: "string", default: process.env.HOSTNAME ?? "127.0.0.1" },
  },
});
const port = Number(values.port);
if (!Number.isInteger(port) || port <= 0 || port > 65535) {
  console.error(`--port: "${values.port}" is not a port number`);
  process.exit(1);
}

let origins;
let trustedHops;
try {
  origins = parseApiOrigins(process.env.API_ORIGINS);
  trustedHops = parseTrustedHops(process.env.TRUST_PROXY);
} catch (error) {
  console.error(error.message);
  process.exit(1);
}
const proxy = createApiProxy({ origins, trustedHops });

const dir = join(dirname(fileURLToPath(import.meta.url)), "..");
const app = next({ dev: values.dev, dir, hostname: values.hostname, port });
const handle = app.getRequestHandler();
await app.prepare();

const server = createServer(
  createWebHandler({ proxy, handle, trustedHops, publicUrl: process.env.PUBLIC_URL }),
);
server.listen(port, values.hostname, () => {
  console.log(`web: http://${values.hostname}:${port} (API ${origins.map((o) => o.host).join(", ")})`);
});
const close = () => server.close(() => process.exit(0));
process.on("SIGTERM", close);
process.on("SIGINT", close);
