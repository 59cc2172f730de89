"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { ErrorText, NewPasswordField } from "../../components/form-parts";
import { useTRPC } from "../../lib/trpc/client";
import { roleOf, roles } from "../../lib/types";

/** Accounts are made here: sign-up over HTTP is off unless the server's SIGN_UP allows it. */
export function CreateUserForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [made, setMade] = useState<string | null>(null);
  const create = useMutation(
    trpc.admin.createUser.mutationOptions({
      onSuccess: (user) => {
        setMade(user.email);
        router.refresh();
      },
    }),
  );

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    setMade(null);
    create.mutate({
      email: String(form.get("email") ?? ""),
      name: String(form.get("name") ?? ""),
      role: roleOf(form.get("role")) ?? "student",
      password: String(form.get("password") ?? ""),
    });
  }

  return (
    <form className="card stack" onSubmit={submit} aria-labelledby="create-user-heading">
      <h2 id="create-user-heading">Add an account</h2>
      <div className="field">
        <label htmlFor="new-user-name">Name</label>
        <input id="new-user-name" name="name" required maxLength={100} />
      </div>
      <div className="field">
        <label htmlFor="new-user-email">Email</label>
        <input id="new-user-email" name="email" type="email" required autoComplete="off" />
      </div>
      <div className="field">
        <label htmlFor="new-user-role">Role</label>
        <select id="new-user-role" name="role" defaultValue="student">
          {roles.map((role) => (
            <option key={role} value={role}>
              {role}
            </option>
          ))}
        </select>
      </div>
      <NewPasswordField id="new-user-password" label="First password" />
      <ErrorText error={create.error} />
      {made ? <p role="status">Account {made} is ready.</p> : null}
      <button type="submit" className="button" disabled={create.isPending}>
        {create.isPending ? "Adding…" : "Add account"}
      </button>
    </form>
  );
}
