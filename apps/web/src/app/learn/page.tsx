import type { Metadata } from "next";
import Link from "next/link";
import { type Bar, BarChart } from "../../components/bar-chart";
import { Forbidden } from "../../components/forbidden";
import { describeDue, formatDate, formatPercent, toDate } from "../../lib/format";
import { hasRole, load, requireViewer } from "../../lib/session";
import { createServerApi } from "../../lib/trpc/server";
import { JoinClassForm } from "./join-class-form";
import { StartQuizButton } from "./start-quiz-button";

export const metadata: Metadata = { title: "My work" };

export default async function LearnPage() {
  const viewer = await requireViewer("/learn");
  if (!hasRole(viewer, "student", "instructor")) return <Forbidden needs="student" />;
  const api = await createServerApi();
  const [assignments, mastery, due] = await Promise.all([
    load(() => api.progress.assignments.query(), "/learn"),
    load(() => api.progress.mastery.query(), "/learn"),
    load(() => api.review.due.query({ limit: 1 }), "/learn"),
  ]);
  const now = new Date();
  const open = assignments.filter((a) => toDate(a.opensAt) <= now);
  const bars: Bar[] = mastery
    .toSorted((a, b) => b.mastery - a.mastery)
    .slice(0, 12)
    .map((m) => ({
      label: m.name,
      value: m.mastery,
      isHighlighted: m.isMastered,
      display: `${formatPercent(m.mastery)}${m.isMastered ? " ✓" : ""}`,
    }));

  return (
    <>
      <p className="eyebrow">Welcome back, {viewer.name}</p>
      <h1>My work</h1>

      <section aria-labelledby="assigned-heading">
        <h2 id="assigned-heading">Assigned to you</h2>
        {open.length === 0 ? (
          <p className="muted">Nothing is assigned right now. Join a class below to get started.</p>
        ) : (
          <div className="grid">
            {open.map((assignment) => {
              const finished = assignment.attempts.filter((a) => a.state !== "in_progress");
              const unfinished = assignment.attempts.find((a) => a.state === "in_progress");
              const best = finished.reduce<number | null>(
                (max, a) => (a.score === null ? max : Math.max(max ?? 0, a.score)),
                null,
              );
              const isPastDue = toDate(assignment.dueAt) < now;
              const attemptsLeft = assignment.attemptsAllowed - assignment.attempts.length;
              return (
                <article key={assignment.id} className="card" aria-labelledby={`a-${assignment.id}`}>
                  <p className="eyebrow">{assignment.class.name}</p>
                  <h3 id={`a-${assignment.id}`}>{assignment.lesson.title}</h3>
                  <p className="small">
                    <span className={isPastDue ? "pill bad" : "pill"}>
                      {describeDue(assignment.dueAt, now)}
                    </span>{" "}
                    <span className="muted">{formatDate(assignment.dueAt)}</span>
                  </p>
                  <p className="small muted">
                    {assignment.attemptsAllowed} attempt{assignment.attemptsAllowed === 1 ? "" : "s"}
                    {assignment.timeLimitSeconds
                      ? ` · ${Math.round(assignment.timeLimitSeconds / 60)} min time limit`
                      : ""}
                    {best !== null ? ` · best score ${formatPercent(best)}` : ""}
                  </p>
                  <div className="row">
                    <Link href={`/lessons/${assignment.lesson.id}`} className="button secondary">
                      Read the lesson
                    </Link>
                    {unfinished ? (
                      <Link href={`/attempts/${unfinished.id}`} className="button">
                        Continue quiz
                      </Link>
                    ) : !isPastDue && attemptsLeft > 0 ? (
                      <StartQuizButton assignmentId={assignment.id} isRetake={finished.length > 0} />
                    ) : null}
                  </div>
                  {finished.length > 0 ? (
                    <ul className="small">
                      {finished.map((attempt) => (
                        <li key={attempt.id}>
                          <Link href={`/attempts/${attempt.id}`}>
                            Attempt {attempt.number}:{" "}
                            {attempt.score === null ? "submitted" : formatPercent(attempt.score)}
                          </Link>
                        </li>
                      ))}
                    </ul>
                  ) : null}
                </article>
              );
            })}
          </div>
        )}
      </section>

      <section aria-labelledby="review-heading" className="card">
        <div className="spread">
          <div>
            <h2 id="review-heading">Review</h2>
            <p className="muted">
              {due.total === 0
                ? "No review items are due. Finished quizzes add their questions here."
                : `${due.total} item${due.total === 1 ? "" : "s"} due for spaced review.`}
            </p>
          </div>
          {due.total > 0 ? (
            <Link href="/review" className="button">
              Start review
            </Link>
          ) : null}
        </div>
      </section>

      <section aria-labelledby="mastery-heading">
        <h2 id="mastery-heading">Mastery by concept</h2>
        {bars.length === 0 ? (
          <p className="muted">Answer a quiz and your mastery of each concept appears here.</p>
        ) : (
          <div className="card">
            <BarChart
              title="Mastery by concept"
              bars={bars}
              caption="Estimated from your graded answers; a tick marks a mastered concept."
            />
          </div>
        )}
      </section>

      <section aria-labelledby="join-heading">
        <h2 id="join-heading">Join a class</h2>
        <JoinClassForm />
      </section>
    </>
  );
}
