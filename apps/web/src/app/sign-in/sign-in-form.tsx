"use client";

import { ErrorText } from "../../components/form-parts";
import { useAuthForm } from "../../lib/use-auth-form";

export function SignInForm({ next, initialError }: { next: string; initialError: string | null }) {
  const { error, isBusy, submit } = useAuthForm({
    path: "/api/auth/sign-in/email",
    read: (form) => ({ email: form.get("email"), password: form.get("password") }),
    fallbackMessage: "That email and password do not match an account.",
    // A full load so the header and every server component see the new session.
    onDone: () => window.location.assign(next),
    initialError,
  });

  return (
    <form className="card stack" method="post" action="/sign-in/submit" onSubmit={submit}>
      <input type="hidden" name="next" value={next} />
      <div className="field">
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" autoComplete="username" required />
      </div>
      <div className="field">
        <label htmlFor="password">Password</label>
        <input id="password" name="password" type="password" autoComplete="current-password" required />
      </div>
      <ErrorText error={error} />
      <button type="submit" className="button" disabled={isBusy}>
        {isBusy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
