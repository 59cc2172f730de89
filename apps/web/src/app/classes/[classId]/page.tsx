import type { Metadata } from "next";
import Link from "next/link";
import { Forbidden } from "../../../components/forbidden";
import { formatDate } from "../../../lib/format";
import { hasRole, load, requireViewer } from "../../../lib/session";
import { createServerApi } from "../../../lib/trpc/server";
import { AssignForm } from "./assign-form";
import { EnrolForm, RemoveStudentButton } from "./enrol-form";

export const metadata: Metadata = { title: "Class" };

export default async function ClassPage({ params }: { params: Promise<{ classId: string }> }) {
  const { classId } = await params;
  const here = `/classes/${classId}`;
  const viewer = await requireViewer(here);
  if (!hasRole(viewer, "instructor")) return <Forbidden needs="instructor" />;
  const api = await createServerApi();
  const [klass, assignments, courses] = await Promise.all([
    load(() => api.class.byId.query({ classId }), here),
    load(() => api.assignment.listByClass.query({ classId }), here),
    load(() => api.course.list.query(), here),
  ]);
  const details = await Promise.all(
    courses.map((c) => load(() => api.course.byId.query({ courseId: c.id }), here)),
  );
  const lessonGroups = details.map((course) => ({
    course: course.title,
    lessons: course.lessons.map((l) => ({ id: l.id, title: l.title })),
  }));

  return (
    <>
      <p className="eyebrow">
        <Link href="/classes">Classes</Link>
      </p>
      <h1>{klass.name}</h1>
      <div className="card spread">
        <p>
          Invite code:{" "}
          <code className="invite-code" data-testid="invite-code">
            {klass.inviteCode}
          </code>
          <span className="muted small"> Students join with it from their home page.</span>
        </p>
        <Link href={`/classes/${classId}/gradebook`} className="button">
          Gradebook
        </Link>
      </div>

      <section aria-labelledby="assignments-heading">
        <h2 id="assignments-heading">Assignments</h2>
        {assignments.length === 0 ? (
          <p className="muted">Nothing assigned yet.</p>
        ) : (
          <div className="table-wrap">
            <table>
              <caption className="visually-hidden">Assignments of {klass.name}</caption>
              <thead>
                <tr>
                  <th scope="col">Assignment</th>
                  <th scope="col">Opens</th>
                  <th scope="col">Due</th>
                  <th scope="col">Policy</th>
                  <th scope="col">Manage</th>
                </tr>
              </thead>
              <tbody>
                {assignments.map((a) => (
                  <tr key={a.id}>
                    <td>
                      <Link href={`/lessons/${a.lesson.id}`}>{a.title}</Link>
                    </td>
                    <td>{formatDate(a.opensAt)}</td>
                    <td>{formatDate(a.dueAt)}</td>
                    <td className="small">
                      {a.questionCount} questions · {a.attemptsAllowed} attempt
                      {a.attemptsAllowed === 1 ? "" : "s"}
                      {a.timeLimitSeconds ? ` · ${Math.round(a.timeLimitSeconds / 60)} min` : ""} · feedback{" "}
                      {a.feedbackPolicy.replace("_", " ")}
                    </td>
                    <td className="small">
                      <Link href={`/assignments/${a.id}/edit`}>
                        Edit<span className="visually-hidden"> {a.title}</span>
                      </Link>
                      {" · "}
                      <Link href={`/assignments/${a.id}/statistics`}>
                        Item statistics<span className="visually-hidden"> of {a.title}</span>
                      </Link>
                    </td>
                  </tr>
                ))}
              </tbody>
            </table>
          </div>
        )}
        <h3 className="section-gap">Assign a lesson</h3>
        <AssignForm classId={classId} lessonGroups={lessonGroups} />
      </section>

      <section aria-labelledby="students-heading">
        <h2 id="students-heading">Students ({klass.students.length})</h2>
        {klass.students.length === 0 ? (
          <p className="muted">No students yet.</p>
        ) : (
          <ul className="card stack plain-list">
            {klass.students.map((s) => (
              <li key={s.id} className="spread">
                <span>
                  {s.name} <span className="muted small">{s.email}</span>
                </span>
                <RemoveStudentButton classId={classId} userId={s.id} name={s.name} />
              </li>
            ))}
          </ul>
        )}
        <EnrolForm classId={classId} />
      </section>
    </>
  );
}
