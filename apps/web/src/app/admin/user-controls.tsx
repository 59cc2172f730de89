"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId } from "react";
import { messageOf } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc/client";
import { roleOf, roles } from "../../lib/types";

export function UserControls({
  userId,
  name,
  role,
  isDisabled,
  isSelf,
}: {
  userId: string;
  name: string;
  role: string;
  isDisabled: boolean;
  isSelf: boolean;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const id = useId();
  const setRole = useMutation(trpc.admin.setRole.mutationOptions({ onSuccess: () => router.refresh() }));
  const setDisabled = useMutation(
    trpc.admin.setDisabled.mutationOptions({ onSuccess: () => router.refresh() }),
  );
  const error = setRole.error ?? setDisabled.error;
  return (
    <div className="row">
      <label htmlFor={id} className="visually-hidden">
        Role of {name}
      </label>
      <select
        id={id}
        value={role}
        disabled={isSelf || setRole.isPending}
        onChange={(e) => {
          const next = roleOf(e.target.value);
          if (next) setRole.mutate({ userId, role: next });
        }}
      >
        {roles.map((r) => (
          <option key={r} value={r}>
            {r}
          </option>
        ))}
      </select>
      <button
        type="button"
        className={isDisabled ? "button secondary small" : "button danger small"}
        disabled={isSelf || setDisabled.isPending}
        onClick={() => setDisabled.mutate({ userId, disabled: !isDisabled })}
      >
        {isDisabled ? "Enable" : "Disable"}
        <span className="visually-hidden"> {name}</span>
      </button>
      {isDisabled ? <span className="pill bad">disabled</span> : null}
      {error ? (
        <p role="alert" className="error-text small">
          {messageOf(error)}
        </p>
      ) : null}
    </div>
  );
}
