import { forwardAuth, seeOther } from "../../../lib/auth-forward";
import { safeNext } from "../../../lib/safe-next";

/**
 * The sign-in form's target when the page has not hydrated yet: the password travels in a POST body,
 * never in a URL, and the answer is a redirect either way.
 */
export async function POST(request: Request) {
  const form = await request.formData();
  const next = safeNext(form.get("next"));
  const result = await forwardAuth(request, "/api/auth/sign-in/email", {
    email: String(form.get("email") ?? ""),
    password: String(form.get("password") ?? ""),
  });
  if (result.ok) return seeOther(next, result.cookies);
  const reason = result.status === 429 ? "rate" : "invalid";
  return seeOther(`/sign-in?error=${reason}&next=${encodeURIComponent(next)}`);
}
