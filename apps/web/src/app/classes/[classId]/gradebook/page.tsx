import type { Metadata } from "next";
import Link from "next/link";
import { Forbidden } from "../../../../components/forbidden";
import { formatDate, formatPercent } from "../../../../lib/format";
import { hasRole, load, requireViewer } from "../../../../lib/session";
import { createServerApi } from "../../../../lib/trpc/server";
import { CsvDownload } from "./csv-download";

export const metadata: Metadata = { title: "Gradebook" };

export default async function GradebookPage({ params }: { params: Promise<{ classId: string }> }) {
  const { classId } = await params;
  const here = `/classes/${classId}/gradebook`;
  const viewer = await requireViewer(here);
  if (!hasRole(viewer, "instructor")) return <Forbidden needs="instructor" />;
  const api = await createServerApi();
  const book = await load(() => api.assignment.gradebook.query({ classId }), here);
  return (
    <>
      <p className="eyebrow">
        <Link href={`/classes/${classId}`}>{book.class.name}</Link>
      </p>
      <div className="spread">
        <h1>Gradebook</h1>
        <CsvDownload classId={classId} />
      </div>
      {book.rows.length === 0 ? <p className="muted">No students are enrolled yet.</p> : null}
      <div className="table-wrap">
        <table>
          <caption className="visually-hidden">Best score of each student per assignment</caption>
          <thead>
            <tr>
              <th scope="col">Student</th>
              {book.assignments.map((a) => (
                <th scope="col" key={a.id} className="num">
                  <Link href={`/assignments/${a.id}/statistics`}>{a.title}</Link>
                  <br />
                  <span className="muted small">due {formatDate(a.dueAt)}</span>
                </th>
              ))}
            </tr>
          </thead>
          <tbody>
            {book.rows.map((row) => (
              <tr key={row.student.id}>
                <th scope="row">
                  {row.student.name}
                  <br />
                  <span className="muted small">{row.student.email}</span>
                </th>
                {book.assignments.map((a) => {
                  const cell = row.cells.find((c) => c.assignmentId === a.id);
                  return (
                    <td key={a.id} className="num">
                      {cell && cell.attempts > 0 ? (
                        <>
                          {cell.score === null ? "in progress" : formatPercent(cell.score)}
                          <br />
                          <span className="muted small">
                            {cell.attempts} attempt{cell.attempts === 1 ? "" : "s"}
                          </span>
                        </>
                      ) : (
                        <span className="muted">–</span>
                      )}
                    </td>
                  );
                })}
              </tr>
            ))}
          </tbody>
        </table>
      </div>
    </>
  );
}
