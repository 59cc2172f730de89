"use client";

import { type FormEvent, useState } from "react";
import { postAuthForm } from "../../lib/auth-request";

export function SignInForm({ next, initialError }: { next: string; initialError: string | null }) {
  const [error, setError] = useState<string | null>(initialError);
  const [isBusy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const outcome = await postAuthForm(
      "/api/auth/sign-in/email",
      { email: form.get("email"), password: form.get("password") },
      "That email and password do not match an account.",
    );
    if (outcome.ok) {
      // A full load so the header and every server component see the new session.
      window.location.assign(next);
      return;
    }
    setError(outcome.message);
    setBusy(false);
  }

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
      {error ? (
        <p role="alert" className="error-text">
          {error}
        </p>
      ) : null}
      <button type="submit" className="button" disabled={isBusy}>
        {isBusy ? "Signing in…" : "Sign in"}
      </button>
    </form>
  );
}
