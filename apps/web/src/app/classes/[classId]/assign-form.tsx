"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { type FormEvent, useState } from "react";
import { AssignmentSettingsFields, readAssignmentSettings } from "../../../components/assignment-settings";
import { messageOf } from "../../../lib/errors";
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
  const [defaults] = useState(() => ({
    opensAt: new Date(),
    dueAt: new Date(Date.now() + 7 * 86_400_000),
    attemptsAllowed: 1,
    timeLimitSeconds: null,
    feedbackPolicy: "after_submit",
    questionCount: 10,
  }));
  const create = useMutation(trpc.assignment.create.mutationOptions({ onSuccess: () => router.refresh() }));

  function submit(event: FormEvent<HTMLFormElement>) {
    event.preventDefault();
    const form = new FormData(event.currentTarget);
    create.mutate({
      classId,
      lessonId: String(form.get("lessonId")),
      title: String(form.get("title") ?? "").trim() || undefined,
      ...readAssignmentSettings(form),
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
      <AssignmentSettingsFields idPrefix="assign" initial={defaults} />
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
