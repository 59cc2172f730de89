"use client";

import { useState } from "react";
import { localInput, toDate } from "../lib/format";

export type FeedbackPolicy = "immediate" | "after_submit" | "after_due";

export interface AssignmentSettings {
  opensAt: Date;
  dueAt: Date;
  attemptsAllowed: number;
  timeLimitMinutes: number | null;
  feedbackPolicy: FeedbackPolicy;
  questionCount: number;
}

/** The settings of a submitted form built from `AssignmentSettingsFields`. */
export function readAssignmentSettings(form: FormData): AssignmentSettings {
  const minutes = String(form.get("timeLimit") ?? "").trim();
  return {
    opensAt: new Date(String(form.get("opensAt"))),
    dueAt: new Date(String(form.get("dueAt"))),
    attemptsAllowed: Number(form.get("attempts")),
    timeLimitMinutes: minutes ? Number(minutes) : null,
    feedbackPolicy: String(form.get("feedbackPolicy")) as FeedbackPolicy,
    questionCount: Number(form.get("questionCount")),
  };
}

/**
 * The fields an instructor sets when assigning a lesson and when editing the assignment. Dates are
 * shown in the browser's time zone (`datetime-local`); ids start with `idPrefix`.
 */
export function AssignmentSettingsFields({
  idPrefix,
  initial,
  questionCountLocked = false,
}: {
  idPrefix: string;
  initial: {
    opensAt: Date | string;
    dueAt: Date | string;
    attemptsAllowed: number;
    timeLimitSeconds: number | null;
    feedbackPolicy: string;
    questionCount: number;
  };
  /** Once students have started, everyone answers as many questions. */
  questionCountLocked?: boolean;
}) {
  const [opensAt] = useState(() => localInput(toDate(initial.opensAt)));
  const [dueAt] = useState(() => localInput(toDate(initial.dueAt)));
  const id = (name: string) => `${idPrefix}-${name}`;
  return (
    <div className="form-grid">
      <div className="field">
        <label htmlFor={id("opens")}>Opens</label>
        <input id={id("opens")} name="opensAt" type="datetime-local" defaultValue={opensAt} required />
      </div>
      <div className="field">
        <label htmlFor={id("due")}>Due</label>
        <input id={id("due")} name="dueAt" type="datetime-local" defaultValue={dueAt} required />
      </div>
      <div className="field">
        <label htmlFor={id("attempts")}>Attempts allowed</label>
        <input
          id={id("attempts")}
          name="attempts"
          type="number"
          min={1}
          max={20}
          defaultValue={initial.attemptsAllowed}
          required
        />
      </div>
      <div className="field">
        <label htmlFor={id("limit")}>Time limit in minutes</label>
        <input
          id={id("limit")}
          name="timeLimit"
          type="number"
          min={1}
          max={600}
          placeholder="none"
          defaultValue={initial.timeLimitSeconds ? Math.round(initial.timeLimitSeconds / 60) : ""}
        />
      </div>
      <div className="field">
        <label htmlFor={id("count")}>Questions</label>
        <input
          id={id("count")}
          name="questionCount"
          type="number"
          min={1}
          max={100}
          defaultValue={initial.questionCount}
          readOnly={questionCountLocked}
          aria-describedby={questionCountLocked ? id("count-hint") : undefined}
          required
        />
        {questionCountLocked ? (
          <p className="hint" id={id("count-hint")}>
            Fixed once students have started, so everyone answers as many.
          </p>
        ) : null}
      </div>
      <div className="field">
        <label htmlFor={id("feedback")}>Feedback</label>
        <select id={id("feedback")} name="feedbackPolicy" defaultValue={initial.feedbackPolicy}>
          <option value="immediate">Immediately, per answer</option>
          <option value="after_submit">After submitting</option>
          <option value="after_due">After the due date</option>
        </select>
      </div>
    </div>
  );
}
