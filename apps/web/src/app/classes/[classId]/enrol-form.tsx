"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { messageOf } from "../../../lib/errors";
import { useTRPC } from "../../../lib/trpc/client";

export function EnrolForm({ classId }: { classId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const [text, setText] = useState("");
  const enrol = useMutation(trpc.class.enrol.mutationOptions({ onSuccess: () => router.refresh() }));
  function submit(event: FormEvent) {
    event.preventDefault();
    const emails = text
      .split(/[\s,;]+/)
      .map((e) => e.trim())
      .filter(Boolean);
    if (emails.length > 0) enrol.mutate({ classId, emails });
  }
  const result = enrol.data;
  return (
    <form className="card stack" onSubmit={submit}>
      <div className="field">
        <label htmlFor="enrol-emails">Enrol students by email</label>
        <p className="hint" id="enrol-hint">
          One or more addresses, separated by commas, spaces or new lines. Students need an account first.
        </p>
        <textarea
          id="enrol-emails"
          aria-describedby="enrol-hint"
          rows={3}
          value={text}
          onChange={(e) => setText(e.target.value)}
        />
      </div>
      <button type="submit" className="button" disabled={enrol.isPending}>
        Enrol
      </button>
      <div aria-live="polite">
        {enrol.error ? <p className="error-text">{messageOf(enrol.error)}</p> : null}
        {result ? (
          <p className="small">
            {result.enrolled.length > 0 ? `Enrolled: ${result.enrolled.join(", ")}. ` : ""}
            {result.already.length > 0 ? `Already in the class: ${result.already.join(", ")}. ` : ""}
            {result.unknown.length > 0 ? `No account for: ${result.unknown.join(", ")}.` : ""}
          </p>
        ) : null}
      </div>
    </form>
  );
}

export function RemoveStudentButton({
  classId,
  userId,
  name,
}: {
  classId: string;
  userId: string;
  name: string;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const remove = useMutation(trpc.class.removeStudent.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <button
      type="button"
      className="button danger small"
      disabled={remove.isPending}
      onClick={() => {
        if (window.confirm(`Remove ${name} from this class?`)) remove.mutate({ classId, userId });
      }}
    >
      Remove<span className="visually-hidden"> {name}</span>
    </button>
  );
}
