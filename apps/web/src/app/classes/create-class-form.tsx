"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { ErrorText } from "../../components/form-parts";
import { useTRPC } from "../../lib/trpc/client";

export function CreateClassForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const [name, setName] = useState("");
  const create = useMutation(
    trpc.class.create.mutationOptions({ onSuccess: (created) => router.push(`/classes/${created.id}`) }),
  );
  function submit(event: FormEvent) {
    event.preventDefault();
    create.mutate({ name });
  }
  return (
    <form className="card row" onSubmit={submit}>
      <div className="field">
        <label htmlFor="class-name">Class name</label>
        <input
          id="class-name"
          value={name}
          onChange={(e) => setName(e.target.value)}
          required
          maxLength={120}
        />
      </div>
      <button type="submit" className="button" disabled={create.isPending || create.isSuccess}>
        Create class
      </button>
      <ErrorText error={create.error} />
    </form>
  );
}
