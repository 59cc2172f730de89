import type { Metadata } from "next";
import { redirect } from "next/navigation";
import { getViewer } from "../../lib/session";
import { SignInForm } from "./sign-in-form";

export const metadata: Metadata = { title: "Sign in" };

/** Only same-site paths: a `next` of another origin would make this an open redirect. */
function safeNext(next: string | string[] | undefined): string {
  const value = Array.isArray(next) ? next[0] : next;
  return value?.startsWith("/") && !value.startsWith("//") ? value : "/";
}

export default async function SignInPage({
  searchParams,
}: {
  searchParams: Promise<Record<string, string | string[] | undefined>>;
}) {
  const next = safeNext((await searchParams).next);
  if (await getViewer().catch(() => null)) redirect(next);
  return (
    <div className="narrow">
      <h1>Sign in</h1>
      <p className="muted">Use the account your school or team gave you.</p>
      <SignInForm next={next} />
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
