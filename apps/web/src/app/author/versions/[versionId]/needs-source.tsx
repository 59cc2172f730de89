"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { messageOf } from "../../../../lib/errors";
import { useTRPC } from "../../../../lib/trpc/client";
import type { Outputs } from "../../../../lib/types";

type Waiting = Outputs["interop"]["needsSource"][number];

async function toBase64(file: File): Promise<string> {
  const bytes = new Uint8Array(await file.arrayBuffer());
  let binary = "";
  for (let i = 0; i < bytes.length; i += 0x8000)
    binary += String.fromCharCode(...bytes.subarray(i, i + 0x8000));
  return btoa(binary);
}

/** Imports a GIFT file or a QTI package into this draft; the report lists every change and problem. */
export function GiftImport({ versionId }: { versionId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const inputId = useId();
  const [report, setReport] = useState<{ text: string; lines: string[]; isError: boolean } | null>(null);
  const importGift = useMutation(trpc.interop.importGift.mutationOptions());
  const importQti = useMutation(trpc.interop.importQti.mutationOptions());
  const isPending = importGift.isPending || importQti.isPending;

  async function onFile(file: File | undefined) {
    if (!file) return;
    setReport(null);
    try {
      // QTI comes as a zip or an XML file; anything else is read as GIFT text.
      const isQti = /\.(zip|xml|qti)$/i.test(file.name);
      const result = isQti
        ? await importQti.mutateAsync({ versionId, fileName: file.name, base64: await toBase64(file) })
        : await importGift.mutateAsync({ versionId, fileName: file.name, text: await file.text() });
      setReport({
        text: `${file.name}: ${result.accepted} questions joined the bank; ${result.needsSource} wait for a source below; ${result.problems.length ? `${result.problems.length} things to check` : "nothing was changed or lost"}.`,
        lines: result.problems,
        isError: false,
      });
      router.refresh();
    } catch (error) {
      setReport({ text: messageOf(error), lines: [], isError: true });
    }
  }

  return (
    <div className="stack">
      <label htmlFor={inputId} className="small">
        Import questions: GIFT (Moodle), or a QTI 1.2/2.1 zip or XML file (Canvas, Moodle)
      </label>
      <input
        id={inputId}
        type="file"
        accept=".gift,.txt,.zip,.xml,.qti,text/plain,application/zip"
        disabled={isPending}
        onChange={(event) => void onFile(event.target.files?.[0])}
      />
      <div aria-live="polite">
        {report ? (
          <>
            <p className={report.isError ? "error-text small" : "small"}>{report.text}</p>
            {report.lines.length > 0 ? (
              <ul className="small">
                {report.lines.map((line) => (
                  <li key={line}>{line}</li>
                ))}
              </ul>
            ) : null}
          </>
        ) : null}
      </div>
    </div>
  );
}

/** One question waiting for a source: the proposed passages, best first, and a confirm button. */
export function ConfirmSource({ item }: { item: Waiting }) {
  const trpc = useTRPC();
  const router = useRouter();
  const groupId = useId();
  const [choice, setChoice] = useState(item.proposals[0]?.passageId ?? "");
  const confirm = useMutation(
    trpc.interop.confirmSource.mutationOptions({ onSuccess: () => router.refresh() }),
  );

  return (
    <fieldset className="card stack">
      <legend>
        <strong>{item.title ?? item.key}</strong>
      </legend>
      <p>{item.stem}</p>
      {item.proposals.length === 0 ? (
        <p className="muted small">
          No passage of the course shares its words: edit the question or reject it.
        </p>
      ) : (
        <div role="radiogroup" aria-labelledby={`${groupId}-label`} className="stack">
          <span id={`${groupId}-label`} className="small">
            Passages that match its words, best first:
          </span>
          {item.proposals.map((p) => (
            <label key={p.passageId} className="small">
              <input
                type="radio"
                name={groupId}
                value={p.passageId}
                checked={choice === p.passageId}
                onChange={() => setChoice(p.passageId)}
              />{" "}
              <strong>{p.articleTitle}</strong> ({Math.round(p.score * 100)}% match): “{p.excerpt}”
            </label>
          ))}
          <div className="row">
            <button
              type="button"
              className="button small"
              disabled={confirm.isPending || choice === ""}
              onClick={() => confirm.mutate({ questionId: item.questionId, passageId: choice })}
            >
              Confirm this source
            </button>
          </div>
        </div>
      )}
      <p aria-live="polite" className="error-text small">
        {confirm.error ? messageOf(confirm.error) : ""}
      </p>
    </fieldset>
  );
}
