/**
 * Posts a sign-in or sign-up form to better-auth's JSON endpoint and says what went wrong in words a
 * student can act on: the server's own message, a rate-limit hint, or an unreachable server.
 */
export async function postAuthForm(
  path: "/api/auth/sign-in/email" | "/api/auth/sign-up/email",
  body: Record<string, FormDataEntryValue | null>,
  fallbackMessage: string,
): Promise<{ ok: true } | { ok: false; message: string }> {
  try {
    const response = await fetch(path, {
      method: "POST",
      headers: { "content-type": "application/json" },
      body: JSON.stringify(body),
    });
    if (response.ok) return { ok: true };
    if (response.status === 429)
      return { ok: false, message: "Too many attempts; wait a minute and try again." };
    const answer = (await response.json().catch(() => null)) as { message?: string } | null;
    return { ok: false, message: answer?.message ?? fallbackMessage };
  } catch {
    return { ok: false, message: "The server could not be reached; check your connection and try again." };
  }
}
