import type { Metadata } from "next";
import Link from "next/link";
import { load, requireViewer } from "../../../lib/session";
import { createServerApi } from "../../../lib/trpc/server";

export const metadata: Metadata = { title: "Course" };

export default async function CoursePage({ params }: { params: Promise<{ courseId: string }> }) {
  const { courseId } = await params;
  const here = `/courses/${courseId}`;
  await requireViewer(here);
  const api = await createServerApi();
  const course = await load(() => api.course.byId.query({ courseId }), here);
  return (
    <>
      <p className="eyebrow">Course · version {course.version}</p>
      <h1>{course.title}</h1>
      <p>{course.description}</p>
      <h2>Lessons</h2>
      <ol className="stack">
        {course.lessons.map((lesson) => (
          <li key={lesson.id} className="card">
            <h3>
              <Link href={`/lessons/${lesson.id}`}>{lesson.title}</Link>
            </h3>
            <p className="small muted">
              {lesson.readingMinutes} min · {lesson.article.source ?? "source unknown"}
            </p>
          </li>
        ))}
      </ol>
      {course.concepts.length > 0 ? (
        <>
          <h2>Concepts</h2>
          <dl className="term-list card">
            {course.concepts.map((concept) => (
              <div key={concept.id}>
                <dt>{concept.name}</dt>
                <dd>{concept.definition}</dd>
              </div>
            ))}
          </dl>
        </>
      ) : null}
    </>
  );
}
