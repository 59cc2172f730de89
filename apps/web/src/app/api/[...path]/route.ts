import { pickApiOrigin } from "../../../lib/api-origin";

/**
 * The browser's only way to the API: `/api/*` on this origin is passed to an API process, so the
 * browser needs no CORS and cookies stay first-party.
 */
const hopByHop = new Set([
  "connection",
  "keep-alive",
  "transfer-encoding",
  "upgrade",
  "host",
  "content-length",
  "content-encoding",
]);

async function forward(request: Request): Promise<Response> {
  const url = new URL(request.url);
  const headers = new Headers();
  for (const [name, value] of request.headers) if (!hopByHop.has(name)) headers.set(name, value);
  headers.set("x-forwarded-host", request.headers.get("host") ?? url.host);
  headers.set("x-forwarded-proto", url.protocol.replace(":", ""));
  const hasBody = request.method !== "GET" && request.method !== "HEAD";
  let upstream: Response;
  try {
    upstream = await fetch(`${pickApiOrigin()}${url.pathname}${url.search}`, {
      method: request.method,
      headers,
      body: hasBody ? await request.arrayBuffer() : undefined,
      redirect: "manual",
      cache: "no-store",
    });
  } catch {
    return Response.json(
      { error: { message: "The API is not reachable; try again in a moment." } },
      { status: 502 },
    );
  }
  const responseHeaders = new Headers();
  for (const [name, value] of upstream.headers) {
    if (!hopByHop.has(name) && name !== "set-cookie") responseHeaders.set(name, value);
  }
  for (const cookie of upstream.headers.getSetCookie()) responseHeaders.append("set-cookie", cookie);
  return new Response(upstream.body, { status: upstream.status, headers: responseHeaders });
}

export { forward as GET, forward as POST, forward as PUT, forward as PATCH, forward as DELETE };
