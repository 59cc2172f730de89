import { createHmac, timingSafeEqual } from "node:crypto";
import { roles, sessionCookieName, sessionExpiresInSeconds, sessionUpdateAgeSeconds } from "../auth.ts";
import type { Db } from "../db/client.ts";
import type { SessionUser } from "../trpc.ts";

function readCookie(header: string | undefined, name: string): string | undefined {
  if (!header) return undefined;
  for (const part of header.split(";")) {
    const eq = part.indexOf("=");
    if (eq > 0 && part.slice(0, eq).trim() === name) {
      try {
        return decodeURIComponent(part.slice(eq + 1).trim());
      } catch {
        return undefined;
      }
    }
  }
  return undefined;
}

/**
 * Reads the signed-in user of a request on every API call: the session cookie better-auth set
 * (`<token>.<HMAC-SHA256 of the token, base64>`) is checked with Node's HMAC and the session and its
 * user are read in one query. better-auth's own getSession does the same with WebCrypto and two queries
 * (a tenth of the API's CPU on exam day). Sessions stay in the database, so signing out or disabling an
 * account ends them at once on every instance; a session is extended as better-auth would, once a day.
 */
export function createSessionReader(db: Db, secret: string, now: () => Date) {
  return async (cookieHeader: string | undefined): Promise<SessionUser | null> => {
    const value = readCookie(cookieHeader, sessionCookieName);
    const dot = value?.lastIndexOf(".") ?? -1;
    if (!value || dot <= 0) return null;
    const token = value.slice(0, dot);
    const signature = Buffer.from(value.slice(dot + 1), "base64");
    const expected = createHmac("sha256", secret).update(token).digest();
    if (signature.length !== expected.length || !timingSafeEqual(signature, expected)) return null;

    const session = await db.hot.sessionByToken(token);
    const at = now().getTime();
    if (!session || session.expiresAt.getTime() <= at || session.user.disabled) return null;
    if (session.expiresAt.getTime() - at < (sessionExpiresInSeconds - sessionUpdateAgeSeconds) * 1000) {
      await db.write((client) =>
        client.session.updateMany({
          where: { id: session.id },
          data: { expiresAt: new Date(at + sessionExpiresInSeconds * 1000) },
        }),
      );
    }
    const { disabled: _disabled, ...user } = session.user;
    // A role this build does not know (a newer release wrote it) signs no one in.
    const role = roles.find((r) => r === user.role);
    return role ? { ...user, role } : null;
  };
}
