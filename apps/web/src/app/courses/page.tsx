import type { Metadata } from "next";
import Link from "next/link";
import { load, requireViewer } from "../../lib/session";
import { createServerApi } from "../../lib/trpc/server";

export const metadata: Metadata = { title: "Courses" };

export default async function CoursesPage() {
  await requireViewer("/courses");
  const api = await createServerApi();
  const courses = await load(() => api.course.list.query(), "/courses");
  return (
    <>
      <h1>Courses</h1>
      {courses.length === 0 ? <p className="muted">No course has been published yet.</p> : null}
      <div className="grid">
        {courses.map((course) => (
          <article key={course.id} className="card" aria-labelledby={`c-${course.id}`}>
            <h2 id={`c-${course.id}`}>
              <Link href={`/courses/${course.id}`}>{course.title}</Link>
            </h2>
            <p className="muted small">
              Version {course.version} · {course.lessonCount} lesson{course.lessonCount === 1 ? "" : "s"}
            </p>
            <p>{course.description}</p>
          </article>
        ))}
      </div>
    </>
  );
}
