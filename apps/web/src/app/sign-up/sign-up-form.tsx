"use client";

import Link from "next/link";
import { useState } from "react";
import { ErrorText, NewPasswordField } from "../../components/form-parts";
import { useAuthForm } from "../../lib/use-auth-form";

export function SignUpForm({ inviteCode }: { inviteCode: string }) {
  const [isDone, setDone] = useState(false);
  const { error, isBusy, submit } = useAuthForm({
    path: "/api/auth/sign-up/email",
    read: (form) => ({
      name: form.get("name"),
      email: form.get("email"),
      password: form.get("password"),
      inviteCode: form.get("inviteCode"),
    }),
    fallbackMessage: "The account could not be created.",
    onDone: () => setDone(true),
  });

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
      <NewPasswordField id="password" label="Password" />
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
      <ErrorText error={error} />
      <button type="submit" className="button" disabled={isBusy}>
        {isBusy ? "Creating…" : "Create account"}
      </button>
    </form>
  );
}
