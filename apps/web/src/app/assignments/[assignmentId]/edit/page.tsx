import type { Metadata } from "next";
import Link from "next/link";
import { Forbidden } from "../../../../components/forbidden";
import { hasRole, load, requireViewer } from "../../../../lib/session";
import { createServerApi } from "../../../../lib/trpc/server";
import { DeleteAssignmentButton, EditAssignmentForm } from "./edit-form";

export const metadata: Metadata = { title: "Edit assignment" };

export default async function EditAssignmentPage({ params }: { params: Promise<{ assignmentId: string }> }) {
  const { assignmentId } = await params;
  const here = `/assignments/${assignmentId}/edit`;
  const viewer = await requireViewer(here);
  if (!hasRole(viewer, "instructor")) return <Forbidden needs="instructor" />;
  const api = await createServerApi();
  const assignment = await load(() => api.assignment.byId.query({ assignmentId }), here);
  const classPage = `/classes/${assignment.class.id}`;

  return (
    <>
      <p className="eyebrow">
        <Link href={classPage}>{assignment.class.name}</Link>
      </p>
      <h1>Edit “{assignment.title}”</h1>
      <p className="muted">
        Lesson: <Link href={`/lessons/${assignment.lesson.id}`}>{assignment.lesson.title}</Link>.{" "}
        {assignment.attemptCount === 0
          ? "Nobody has started it yet."
          : `${assignment.attemptCount} attempt(s) so far: a new due date or time limit applies to attempts in progress at once, and grades already given stay as they are.`}
      </p>
      <EditAssignmentForm
        assignment={{
          id: assignment.id,
          title: assignment.title,
          opensAt: String(assignment.opensAt),
          dueAt: String(assignment.dueAt),
          attemptsAllowed: assignment.attemptsAllowed,
          timeLimitSeconds: assignment.timeLimitSeconds,
          feedbackPolicy: assignment.feedbackPolicy,
          questionCount: assignment.questionCount,
          attemptCount: assignment.attemptCount,
        }}
        classPage={classPage}
      />
      <section className="card stack section-gap" aria-labelledby="delete-heading">
        <h2 id="delete-heading">Delete</h2>
        {assignment.attemptCount === 0 ? (
          <>
            <p className="small">
              Students will no longer see it. Nothing else is lost: nobody has started it.
            </p>
            <DeleteAssignmentButton
              assignmentId={assignment.id}
              title={assignment.title}
              classPage={classPage}
            />
          </>
        ) : (
          <p className="small">
            Students have started this assignment, so it cannot be deleted without losing their answers and
            grades. To close it, set its due date to now: attempts in progress are then graded.
          </p>
        )}
      </section>
    </>
  );
}
