import { connection } from "next/server";
import { createServerApi } from "../lib/trpc/server";
import { InterestButton } from "./interest-button";

export default async function HomePage() {
  await connection();
  const api = await createServerApi();
  const courses = await api.course.list.query();
  return (
    <>
      <h1>Courses</h1>
      {courses.length === 0 ? <p className="muted">No course has been published yet.</p> : null}
      {courses.map((course) => (
        <section key={course.id} className="card" aria-labelledby={`course-${course.id}`}>
          <h2 id={`course-${course.id}`}>{course.title}</h2>
          <p className="muted">{course.description}</p>
          <InterestButton courseId={course.id} initialCount={course.interestCount} />
        </section>
      ))}
    </>
  );
}
