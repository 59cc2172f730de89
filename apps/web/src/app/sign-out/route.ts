import { forwardAuth, seeOther } from "../../lib/auth-forward";

/** Sign-out is a plain form post, so it works before (or without) JavaScript. */
export async function POST(request: Request) {
  const result = await forwardAuth(request, "/api/auth/sign-out", {});
  return seeOther("/sign-in", result.cookies);
}
