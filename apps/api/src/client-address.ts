import type { IncomingMessage } from "node:http";
import { isIP } from "node:net";
import proxyaddr from "proxy-addr";

/**
 * The header the API server writes with the client's address before better-auth reads the request,
 * replacing whatever a client sent under that name. better-auth rate-limits by it.
 */
export const clientAddressHeader = "x-groundwork-client-address";

/** Where the web origin runs: this machine or a private network. */
const isWebOrigin = proxyaddr.compile(["loopback", "linklocal", "uniquelocal"]);

/**
 * The client's address, as the API sees it: the web origin in front of it (a peer on a loopback or
 * private address) sends exactly one X-Forwarded-For address, its own `clientAddress` (see
 * apps/web/server/api-proxy.mjs, which counts TRUST_PROXY hops), and that is taken; from any other
 * peer, or when the header holds no single valid address, the socket's own address is. One hop is the
 * most the API trusts, so a list a client wrote itself never decides.
 */
export function clientAddress(req: IncomingMessage): string {
  const socket = req.socket.remoteAddress ?? "0.0.0.0";
  const address = proxyaddr(req, (peer, hop) => hop === 0 && isWebOrigin(peer, hop));
  return isIP(address) ? address : socket;
}
