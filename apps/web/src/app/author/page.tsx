import type { Metadata } from "next";
import Link from "next/link";
import { Forbidden } from "../../components/forbidden";
import { formatDate } from "../../lib/format";
import { hasRole, load, requireViewer } from "../../lib/session";
import { createServerApi } from "../../lib/trpc/server";
import { UploadForm } from "./upload-form";

export const metadata: Metadata = { title: "Packages" };

export default async function AuthorPage() {
  const viewer = await requireViewer("/author");
  if (!hasRole(viewer, "author")) return <Forbidden needs="author" />;
  const api = await createServerApi();
  const packages = await load(() => api.authoring.packages.query(), "/author");
  return (
    <>
      <h1>Content packages</h1>
      <p className="muted">
        A package is a folder with a <code>course.yaml</code> and its articles. Upload it to build lessons and
        questions, review them, then publish.
      </p>
      <h2>Upload a package</h2>
      <UploadForm />
      <h2>Your packages</h2>
      {packages.length === 0 ? <p className="muted">No packages yet.</p> : null}
      {packages.map((pkg) => (
        <section key={pkg.id} className="card" aria-labelledby={`pkg-${pkg.id}`}>
          <h3 id={`pkg-${pkg.id}`}>
            {pkg.versions[0]?.course?.title ?? pkg.slug} <span className="muted small">({pkg.slug})</span>
          </h3>
          <ul>
            {pkg.versions.map((version) => (
              <li key={version.id}>
                <Link href={`/author/versions/${version.id}`}>Version {version.number}</Link>{" "}
                <span className={version.status === "published" ? "pill good" : "pill"}>
                  {version.status}
                </span>{" "}
                <span className="muted small">
                  created {formatDate(version.createdAt)}
                  {version.publishedAt ? `, published ${formatDate(version.publishedAt)}` : ""}
                </span>
              </li>
            ))}
          </ul>
        </section>
      ))}
    </>
  );
}
