"use client";

import Link from "next/link";
import { type FormEvent, useState } from "react";
import { postAuthForm } from "../../lib/auth-request";

export function SignUpForm({ inviteCode }: { inviteCode: string }) {
  const [error, setError] = useState<string | null>(null);
  const [isDone, setDone] = useState(false);
  const [isBusy, setBusy] = useState(false);

  async function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setBusy(true);
    setError(null);
    const outcome = await postAuthForm(
      "/api/auth/sign-up/email",
      {
        name: form.get("name"),
        email: form.get("email"),
        password: form.get("password"),
        inviteCode: form.get("inviteCode"),
      },
      "The account could not be created.",
    );
    if (outcome.ok) setDone(true);
    else setError(outcome.message);
    setBusy(false);
  }

  if (isDone) {
    // The same words whether or not the email had an account: the answer must not tell.
    return (
      <p role="status" className="card">
        Done. If that email was new, its account is ready and in the class:{" "}
        <Link href="/sign-in">sign in</Link>.
      </p>
    );
  }
  return (
    <form className="card stack" onSubmit={submit}>
      <div className="field">
        <label htmlFor="name">Name</label>
        <input id="name" name="name" required maxLength={100} autoComplete="name" />
      </div>
      <div className="field">
        <label htmlFor="email">Email</label>
        <input id="email" name="email" type="email" required autoComplete="username" />
      </div>
      <div className="field">
        <label htmlFor="password">Password (at least 10 characters)</label>
        <input
          id="password"
          name="password"
          type="password"
          required
          minLength={10}
          autoComplete="new-password"
        />
      </div>
      <div className="field">
        <label htmlFor="inviteCode">Class invite code</label>
        <input
          id="inviteCode"
          name="inviteCode"
          defaultValue={inviteCode}
          maxLength={20}
          autoComplete="off"
        />
      </div>
      {error ? (
        <p role="alert" className="error-text">
          {error}
        </p>
      ) : null}
      <button type="submit" className="button" disabled={isBusy}>
        {isBusy ? "Creating…" : "Create account"}
      </button>
    </form>
  );
}
