"use client";

import { useMutation } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { type FormEvent, useRef, useState } from "react";
import { messageOf } from "../../lib/errors";
import { useTRPC } from "../../lib/trpc/client";

async function toBase64(file: Blob): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000) {
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  }
  return btoa(binary);
}

/** A chosen folder's files carry the folder's own name first ("pkg/course.yaml"): drop it. */
function packagePath(file: File): string {
  const path = file.webkitRelativePath || file.name;
  const slash = path.indexOf("/");
  return slash >= 0 ? path.slice(slash + 1) : path;
}

export function UploadForm() {
  const trpc = useTRPC();
  const router = useRouter();
  const zipInput = useRef<HTMLInputElement>(null);
  const folderInput = useRef<HTMLInputElement>(null);
  const [localError, setLocalError] = useState<string | null>(null);
  const upload = useMutation(
    trpc.authoring.upload.mutationOptions({
      onSuccess: (result) => {
        // Problems in the author's own question files are worth reading before moving on.
        if (result.ok && result.questionFileProblems.length === 0 && result.needsSource === 0)
          router.push(`/author/versions/${result.versionId}`);
      },
    }),
  );

  async function submit(event: FormEvent) {
    event.preventDefault();
    setLocalError(null);
    const zip = zipInput.current?.files?.[0];
    const folder = [...(folderInput.current?.files ?? [])].filter(
      (f) =>
        !packagePath(f)
          .split("/")
          .some((part) => part.startsWith(".")),
    );
    if (zip) {
      upload.mutate({ zipBase64: await toBase64(zip) });
    } else if (folder.length > 0) {
      const files = await Promise.all(
        folder.map(async (f) => ({ path: packagePath(f), base64: await toBase64(f) })),
      );
      upload.mutate({ files });
    } else {
      setLocalError("Choose a .zip file or a folder first.");
    }
  }

  const result = upload.data;
  return (
    <form className="card stack" onSubmit={(e) => void submit(e)}>
      <div className="form-grid">
        <div className="field">
          <label htmlFor="package-zip">A zip file</label>
          <input id="package-zip" ref={zipInput} type="file" accept=".zip,application/zip" />
        </div>
        <div className="field">
          <label htmlFor="package-folder">Or a folder</label>
          <input id="package-folder" ref={folderInput} type="file" multiple {...{ webkitdirectory: "" }} />
        </div>
      </div>
      <button type="submit" className="button" disabled={upload.isPending}>
        {upload.isPending ? "Uploading and building…" : "Upload package"}
      </button>
      <div aria-live="polite">
        {localError ? <p className="error-text">{localError}</p> : null}
        {upload.error ? <p className="error-text">{messageOf(upload.error)}</p> : null}
        {result && !result.ok ? (
          <div className="notice bad" role="alert">
            <p>
              <strong>
                The package has {result.problems.length} problem{result.problems.length === 1 ? "" : "s"}
              </strong>
              ; nothing was saved. Fix them and upload again:
            </p>
            <ul className="problems" aria-label="Validation problems">
              {result.problems.map((p, i) => (
                // biome-ignore lint/suspicious/noArrayIndexKey: the problem list is fixed once shown
                <li key={i}>
                  {p.path}
                  {p.line !== undefined ? `:${p.line}` : ""}: {p.message}
                </li>
              ))}
            </ul>
          </div>
        ) : null}
        {result?.ok ? (
          <>
            <p className="ok-text">
              Built version {result.versionNumber}: {result.lessons} lessons, {result.questions} questions
              {result.authored ? `, ${result.authored} written by you` : ""}
              {result.needsSource ? `, ${result.needsSource} of yours waiting for a source` : ""}
              {result.dropped ? ` (${result.dropped} dropped by the gates)` : ""}.
            </p>
            {result.questionFileProblems.length > 0 ? (
              <ul className="problems" aria-label="Problems in question files">
                {result.questionFileProblems.map((problem) => (
                  <li key={problem}>{problem}</li>
                ))}
              </ul>
            ) : null}
            <Link href={`/author/versions/${result.versionId}`}>Open version {result.versionNumber}</Link>
          </>
        ) : null}
      </div>
    </form>
  );
}
