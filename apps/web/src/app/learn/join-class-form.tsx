"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { messageOf } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc/client";

export function JoinClassForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [code, setCode] = useState("");
  const join = useMutation(
    trpc.class.join.mutationOptions({
      onSuccess: () => {
        setCode("");
        router.refresh();
      },
    }),
  );
  function submit(event: FormEvent) {
    event.preventDefault();
    join.mutate({ inviteCode: code });
  }
  return (
    <form className="card row" onSubmit={submit}>
      <div className="field">
        <label htmlFor="invite-code">Invite code</label>
        <input
          id="invite-code"
          value={code}
          onChange={(e) => setCode(e.target.value)}
          autoComplete="off"
          required
          minLength={4}
          maxLength={20}
        />
      </div>
      <button type="submit" className="button" disabled={join.isPending}>
        Join
      </button>
      <p aria-live="polite" className={join.error ? "error-text" : "ok-text"}>
        {join.error ? messageOf(join.error) : join.data ? `You joined ${join.data.name}.` : ""}
      </p>
    </form>
  );
}
