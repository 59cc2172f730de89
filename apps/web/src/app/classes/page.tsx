import type { Metadata } from "next";
import Link from "next/link";
import { Forbidden } from "../../components/forbidden";
import { hasRole, load, requireViewer } from "../../lib/session";
import { createServerApi } from "../../lib/trpc/server";
import { CreateClassForm } from "./create-class-form";

export const metadata: Metadata = { title: "Classes" };

export default async function ClassesPage() {
  const viewer = await requireViewer("/classes");
  if (!hasRole(viewer, "instructor")) return <Forbidden needs="instructor" />;
  const api = await createServerApi();
  const classes = await load(() => api.class.list.query(), "/classes");
  return (
    <>
      <h1>Classes</h1>
      {classes.length === 0 ? <p className="muted">You have no classes yet; create one below.</p> : null}
      <div className="grid">
        {classes.map((c) => (
          <article key={c.id} className="card" aria-labelledby={`class-${c.id}`}>
            <h2 id={`class-${c.id}`}>
              <Link href={`/classes/${c.id}`}>{c.name}</Link>
            </h2>
            <p className="small muted">
              {c.students} student{c.students === 1 ? "" : "s"} · {c.assignments} assignment
              {c.assignments === 1 ? "" : "s"} · invite code <code>{c.inviteCode}</code>
            </p>
            <div className="row">
              <Link href={`/classes/${c.id}/gradebook`} className="button secondary small">
                Gradebook
              </Link>
            </div>
          </article>
        ))}
      </div>
      <h2>Create a class</h2>
      <CreateClassForm />
    </>
  );
}
