import "server-only";
import { pickApiOrigin } from "./api-origin";

/**
 * Calls one of better-auth's endpoints for a plain form post (sign-in before the page has hydrated,
 * sign-out), passing the browser's cookie and origin on so the API's cross-site check still applies.
 */
export async function forwardAuth(
  request: Request,
  path: "/api/auth/sign-in/email" | "/api/auth/sign-out",
  body: unknown,
): Promise<{ ok: boolean; status: number; cookies: string[] }> {
  const url = new URL(request.url);
  const headers = new Headers({ "content-type": "application/json" });
  // X-Forwarded-For is the one client address the web server (server/main.mjs) wrote over whatever
  // the client sent: the API limits sign-ins by it.
  for (const name of ["cookie", "origin", "user-agent", "sec-fetch-site", "x-forwarded-for"]) {
    const value = request.headers.get(name);
    if (value) headers.set(name, value);
  }
  headers.set("x-forwarded-host", request.headers.get("host") ?? url.host);
  headers.set("x-forwarded-proto", url.protocol.replace(":", ""));
  try {
    const response = await fetch(`${pickApiOrigin(request.headers.get("cookie"))}${path}`, {
      method: "POST",
      headers,
      body: JSON.stringify(body),
      cache: "no-store",
    });
    return { ok: response.ok, status: response.status, cookies: response.headers.getSetCookie() };
  } catch {
    return { ok: false, status: 502, cookies: [] };
  }
}

export function seeOther(location: string, cookies: string[] = []): Response {
  const response = new Response(null, { status: 303, headers: { location } });
  for (const cookie of cookies) response.headers.append("set-cookie", cookie);
  return response;
}
