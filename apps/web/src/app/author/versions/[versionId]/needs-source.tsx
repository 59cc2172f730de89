"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { messageOf } from "../../../../lib/errors";
import { useTRPC } from "../../../../lib/trpc/client";
import type { Outputs } from "../../../../lib/types";

type Waiting = Outputs["interop"]["needsSource"][number];

/** Imports a GIFT file (a Moodle bank) into this draft; the report lists every change and problem. */
export function GiftImport({ versionId }: { versionId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const inputId = useId();
  const [report, setReport] = useState<{ text: string; lines: string[]; isError: boolean } | null>(null);
  const importGift = useMutation(trpc.interop.importGift.mutationOptions());

  async function onFile(file: File | undefined) {
    if (!file) return;
    setReport(null);
    try {
      const result = await importGift.mutateAsync({
        versionId,
        fileName: file.name,
        text: await file.text(),
      });
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
        Import questions from a GIFT file (Moodle)
      </label>
      <input
        id={inputId}
        type="file"
        accept=".gift,.txt,text/plain"
        disabled={importGift.isPending}
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
