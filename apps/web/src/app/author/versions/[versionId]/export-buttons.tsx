"use client";

import { useQueryClient } from "@tanstack/react-query";
import { useState } from "react";
import { messageOf } from "../../../../lib/errors";
import { useTRPC } from "../../../../lib/trpc/client";

const formats = [
  { format: "gift", label: "GIFT (Moodle)" },
  { format: "qti12", label: "QTI 1.2 (Canvas, Moodle)" },
  { format: "qti", label: "QTI 3.0" },
  { format: "anki", label: "Anki" },
] as const;

const packages = [
  { format: "scorm12", label: "SCORM 1.2" },
  { format: "scorm2004", label: "SCORM 2004" },
] as const;

type Format = (typeof formats)[number]["format"] | (typeof packages)[number]["format"];

function FormatButtons({
  choices,
  onChoose,
}: {
  choices: ReadonlyArray<{ format: Format; label: string }>;
  onChoose: (format: Format) => Promise<void>;
}) {
  return choices.map(({ format, label }) => (
    <button key={format} type="button" className="button ghost small" onClick={() => void onChoose(format)}>
      {label}
    </button>
  ));
}

/** Downloads the version's question bank in another system's format. */
export function ExportButtons({ versionId }: { versionId: string }) {
  const trpc = useTRPC();
  const queryClient = useQueryClient();
  const [message, setMessage] = useState<{ text: string; isError: boolean } | null>(null);

  async function download(format: Format) {
    setMessage(null);
    try {
      const file = await queryClient.fetchQuery({
        ...trpc.authoring.export.queryOptions({ versionId, format }),
        staleTime: 0,
      });
      const bytes = Uint8Array.from(atob(file.base64), (c) => c.charCodeAt(0));
      const url = URL.createObjectURL(new Blob([bytes], { type: file.mimeType }));
      const link = document.createElement("a");
      link.href = url;
      link.download = file.filename;
      document.body.append(link);
      link.click();
      link.remove();
      setTimeout(() => URL.revokeObjectURL(url), 1000);
      setMessage({
        text: `Saved ${file.filename}${file.skipped.length ? `; ${file.skipped.length} questions have no equivalent in this format and were left out` : ""}.`,
        isError: false,
      });
    } catch (error) {
      setMessage({ text: messageOf(error), isError: true });
    }
  }

  return (
    <div className="row">
      <span className="muted small">Export the questions:</span>
      <FormatButtons choices={formats} onChoose={download} />
      <div className="stack">
        <span className="muted small">Lessons with their quizzes, for any LMS:</span>
        <p className="notice small">
          A SCORM package grades its quiz in the learner&apos;s browser, so its answer keys are inside the
          package: a determined student can read them. Use it for practice. For exams, keep the Groundwork
          quiz, which is graded on the server and never sends the keys.
        </p>
        <div className="row">
          <FormatButtons choices={packages} onChoose={download} />
        </div>
      </div>
      <p aria-live="polite" className={message?.isError ? "error-text small" : "small"}>
        {message?.text ?? ""}
      </p>
    </div>
  );
}
