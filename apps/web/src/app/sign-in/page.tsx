import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { safeNext } from "../../lib/safe-next";
import { getViewer } from "../../lib/session";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const query = await searchParams;
  const next = safeNext(Array.isArray(query.next) ? query.next[0] : query.next);
  const error =
    query.error === "rate"
      ? "Too many attempts; wait a minute and try again."
      : query.error
        ? "That email and password do not match an account."
        : null;
  if (await getViewer().catch(() => null)) redirect(next);
  return (
    <div className="narrow">
      <h1>Sign in</h1>
      <p className="muted">Use the account your school or team gave you.</p>
      <SignInForm next={next} initialError={error} />
      <details className="card demo-accounts">
        <summary>Demo accounts</summary>
        <p>
          <code>student@groundwork.test</code>, <code>instructor@groundwork.test</code>,{" "}
          <code>author@groundwork.test</code> or <code>admin@groundwork.test</code>, password{" "}
          <code>groundwork-demo</code>.
        </p>
      </details>
    </div>
  );
}
