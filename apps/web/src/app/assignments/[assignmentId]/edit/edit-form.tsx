"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { messageOf } from "../../../../lib/errors";
import { localInput, toDate } from "../../../../lib/format";
import { useTRPC } from "../../../../lib/trpc/client";

type FeedbackPolicy = "immediate" | "after_submit" | "after_due";

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
  const [opensAt] = useState(() => localInput(toDate(assignment.opensAt)));
  const [dueAt] = useState(() => localInput(toDate(assignment.dueAt)));
  const update = useMutation(trpc.assignment.update.mutationOptions({ onSuccess: () => router.refresh() }));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const minutes = String(form.get("timeLimit") ?? "").trim();
    update.mutate({
      assignmentId: assignment.id,
      title: String(form.get("title") ?? ""),
      opensAt: new Date(String(form.get("opensAt"))),
      dueAt: new Date(String(form.get("dueAt"))),
      attemptsAllowed: Number(form.get("attempts")),
      timeLimitMinutes: minutes ? Number(minutes) : null,
      feedbackPolicy: String(form.get("feedbackPolicy")) as FeedbackPolicy,
      questionCount: Number(form.get("questionCount")),
    });
  }

  const locked = assignment.attemptCount > 0;
  return (
    <form className="card stack" onSubmit={submit}>
      <div className="field">
        <label htmlFor="edit-title">Title</label>
        <input id="edit-title" name="title" maxLength={200} defaultValue={assignment.title} />
      </div>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="edit-opens">Opens</label>
          <input id="edit-opens" name="opensAt" type="datetime-local" defaultValue={opensAt} required />
        </div>
        <div className="field">
          <label htmlFor="edit-due">Due</label>
          <input id="edit-due" name="dueAt" type="datetime-local" defaultValue={dueAt} required />
        </div>
        <div className="field">
          <label htmlFor="edit-attempts">Attempts allowed</label>
          <input
            id="edit-attempts"
            name="attempts"
            type="number"
            min={1}
            max={20}
            defaultValue={assignment.attemptsAllowed}
            required
          />
        </div>
        <div className="field">
          <label htmlFor="edit-limit">Time limit in minutes</label>
          <input
            id="edit-limit"
            name="timeLimit"
            type="number"
            min={1}
            max={600}
            placeholder="none"
            defaultValue={assignment.timeLimitSeconds ? Math.round(assignment.timeLimitSeconds / 60) : ""}
          />
        </div>
        <div className="field">
          <label htmlFor="edit-count">Questions</label>
          <input
            id="edit-count"
            name="questionCount"
            type="number"
            min={1}
            max={100}
            defaultValue={assignment.questionCount}
            readOnly={locked}
            aria-describedby={locked ? "edit-count-hint" : undefined}
            required
          />
          {locked ? (
            <p className="hint" id="edit-count-hint">
              Fixed once students have started, so everyone answers as many.
            </p>
          ) : null}
        </div>
        <div className="field">
          <label htmlFor="edit-feedback">Feedback</label>
          <select id="edit-feedback" name="feedbackPolicy" defaultValue={assignment.feedbackPolicy}>
            <option value="immediate">Immediately, per answer</option>
            <option value="after_submit">After submitting</option>
            <option value="after_due">After the due date</option>
          </select>
        </div>
      </div>
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
