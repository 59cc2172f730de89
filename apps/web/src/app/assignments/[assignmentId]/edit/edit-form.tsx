"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import type { FormEvent } from "react";
import { AssignmentSettingsFields, readAssignmentSettings } from "../../../../components/assignment-settings";
import { messageOf } from "../../../../lib/errors";
import { useTRPC } from "../../../../lib/trpc/client";

export function EditAssignmentForm({
  assignment,
  classPage,
}: {
  assignment: {
    id: string;
    title: string;
    opensAt: string;
    dueAt: string;
    attemptsAllowed: number;
    timeLimitSeconds: number | null;
    feedbackPolicy: string;
    questionCount: number;
    attemptCount: number;
  };
  classPage: string;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const update = useMutation(trpc.assignment.update.mutationOptions({ onSuccess: () => router.refresh() }));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    update.mutate({
      assignmentId: assignment.id,
      title: String(form.get("title") ?? ""),
      ...readAssignmentSettings(form),
    });
  }

  return (
    <form className="card stack" onSubmit={submit}>
      <div className="field">
        <label htmlFor="edit-title">Title</label>
        <input id="edit-title" name="title" maxLength={200} defaultValue={assignment.title} />
      </div>
      <AssignmentSettingsFields
        idPrefix="edit"
        initial={assignment}
        questionCountLocked={assignment.attemptCount > 0}
      />
      <div className="spread">
        <button type="submit" className="button" disabled={update.isPending}>
          Save changes
        </button>
        <a href={classPage}>Back to the class</a>
      </div>
      <div aria-live="polite">
        {update.error ? <p className="error-text">{messageOf(update.error)}</p> : null}
        {update.data && !update.isPending ? <p className="ok-text">Saved “{update.data.title}”.</p> : null}
      </div>
    </form>
  );
}

export function DeleteAssignmentButton({
  assignmentId,
  title,
  classPage,
}: {
  assignmentId: string;
  title: string;
  classPage: string;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const remove = useMutation(
    trpc.assignment.delete.mutationOptions({ onSuccess: () => router.push(classPage) }),
  );
  return (
    <div className="stack">
      <button
        type="button"
        className="button danger"
        disabled={remove.isPending}
        onClick={() => {
          if (window.confirm(`Delete “${title}”? Students will no longer see it.`))
            remove.mutate({ assignmentId });
        }}
      >
        Delete assignment
      </button>
      <div aria-live="polite">
        {remove.error ? <p className="error-text">{messageOf(remove.error)}</p> : null}
      </div>
    </div>
  );
}
