"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { messageOf } from "../../../lib/errors";
import { localInput } from "../../../lib/format";
import { useTRPC } from "../../../lib/trpc/client";

export function AssignForm({
  classId,
  lessonGroups,
}: {
  classId: string;
  lessonGroups: Array<{ course: string; lessons: Array<{ id: string; title: string }> }>;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const [opensAt] = useState(() => localInput(new Date()));
  const [dueAt] = useState(() => localInput(new Date(Date.now() + 7 * 86_400_000)));
  const create = useMutation(trpc.assignment.create.mutationOptions({ onSuccess: () => router.refresh() }));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    const minutes = String(form.get("timeLimit") ?? "").trim();
    create.mutate({
      classId,
      lessonId: String(form.get("lessonId")),
      title: String(form.get("title") ?? "").trim() || undefined,
      opensAt: new Date(String(form.get("opensAt"))),
      dueAt: new Date(String(form.get("dueAt"))),
      attemptsAllowed: Number(form.get("attempts")),
      timeLimitMinutes: minutes ? Number(minutes) : null,
      feedbackPolicy: String(form.get("feedbackPolicy")) as "immediate" | "after_submit" | "after_due",
      questionCount: Number(form.get("questionCount")),
    });
  }

  return (
    <form className="card stack" onSubmit={submit}>
      <div className="field">
        <label htmlFor="assign-lesson">Lesson</label>
        <select id="assign-lesson" name="lessonId" required>
          {lessonGroups.map((group) => (
            <optgroup key={group.course} label={group.course}>
              {group.lessons.map((lesson) => (
                <option key={lesson.id} value={lesson.id}>
                  {lesson.title}
                </option>
              ))}
            </optgroup>
          ))}
        </select>
      </div>
      <div className="field">
        <label htmlFor="assign-title">Title (optional)</label>
        <input id="assign-title" name="title" maxLength={200} />
      </div>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="assign-opens">Opens</label>
          <input id="assign-opens" name="opensAt" type="datetime-local" defaultValue={opensAt} required />
        </div>
        <div className="field">
          <label htmlFor="assign-due">Due</label>
          <input id="assign-due" name="dueAt" type="datetime-local" defaultValue={dueAt} required />
        </div>
        <div className="field">
          <label htmlFor="assign-attempts">Attempts allowed</label>
          <input
            id="assign-attempts"
            name="attempts"
            type="number"
            min={1}
            max={20}
            defaultValue={1}
            required
          />
        </div>
        <div className="field">
          <label htmlFor="assign-limit">Time limit in minutes</label>
          <input id="assign-limit" name="timeLimit" type="number" min={1} max={600} placeholder="none" />
        </div>
        <div className="field">
          <label htmlFor="assign-count">Questions</label>
          <input
            id="assign-count"
            name="questionCount"
            type="number"
            min={1}
            max={100}
            defaultValue={10}
            required
          />
        </div>
        <div className="field">
          <label htmlFor="assign-feedback">Feedback</label>
          <select id="assign-feedback" name="feedbackPolicy" defaultValue="after_submit">
            <option value="immediate">Immediately, per answer</option>
            <option value="after_submit">After submitting</option>
            <option value="after_due">After the due date</option>
          </select>
        </div>
      </div>
      <button type="submit" className="button" disabled={create.isPending}>
        Assign
      </button>
      <div aria-live="polite">
        {create.error ? <p className="error-text">{messageOf(create.error)}</p> : null}
        {create.data && !create.isPending ? <p className="ok-text">Assigned “{create.data.title}”.</p> : null}
      </div>
    </form>
  );
}
