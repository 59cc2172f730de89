"use client";

import { useMutation } from "@tanstack/react-query";
import { useRouter } from "next/navigation";
import { useId, useState } from "react";
import { ErrorText } from "../../../../components/form-parts";
import { messageOf } from "../../../../lib/errors";
import { useTRPC } from "../../../../lib/trpc/client";

/** Accept, reject, or edit a question as JSON; the server runs the gates on every edit. */
export function DecideControls({
  questionId,
  status,
  question,
}: {
  questionId: string;
  status: string;
  question: unknown;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const editorId = useId();
  const [isEditing, setEditing] = useState(false);
  const [draft, setDraft] = useState(() => JSON.stringify(question, null, 2));
  const [parseError, setParseError] = useState<string | null>(null);
  const decide = useMutation(
    trpc.authoring.decide.mutationOptions({
      onSuccess: () => {
        setEditing(false);
        router.refresh();
      },
    }),
  );

  function saveEdit() {
    let edited: unknown;
    try {
      edited = JSON.parse(draft);
    } catch (error) {
      setParseError(`Not valid JSON: ${(error as Error).message}`);
      return;
    }
    setParseError(null);
    decide.mutate({ questionId, action: "edit", edited });
  }

  return (
    <div className="stack">
      <div className="row">
        <button
          type="button"
          className="button small"
          disabled={decide.isPending || status === "accepted"}
          onClick={() => decide.mutate({ questionId, action: "accept" })}
        >
          Accept
        </button>
        <button
          type="button"
          className="button danger small"
          disabled={decide.isPending || status === "rejected"}
          onClick={() => decide.mutate({ questionId, action: "reject" })}
        >
          Reject
        </button>
        <button
          type="button"
          className="button ghost small"
          aria-expanded={isEditing}
          aria-controls={editorId}
          onClick={() => setEditing((e) => !e)}
        >
          {isEditing ? "Close editor" : "Edit"}
        </button>
      </div>
      <div id={editorId} hidden={!isEditing} className="stack">
        <label htmlFor={`${editorId}-json`} className="small">
          Question JSON (the id must stay the same; the gates check the edit)
        </label>
        <textarea
          id={`${editorId}-json`}
          rows={14}
          value={draft}
          spellCheck={false}
          onChange={(e) => setDraft(e.target.value)}
        />
        <button type="button" className="button small" onClick={saveEdit} disabled={decide.isPending}>
          Save edit
        </button>
      </div>
      <div aria-live="polite">
        {parseError ? <p className="error-text small">{parseError}</p> : null}
        {decide.error ? <p className="error-text small">{messageOf(decide.error)}</p> : null}
      </div>
    </div>
  );
}

export function PublishButton({ versionId }: { versionId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const publish = useMutation(trpc.authoring.publish.mutationOptions({ onSuccess: () => router.refresh() }));
  return (
    <div className="row">
      <button
        type="button"
        className="button"
        disabled={publish.isPending}
        onClick={() => publish.mutate({ versionId })}
      >
        Publish this version
      </button>
      <ErrorText error={publish.error} />
    </div>
  );
}

export function NewDraftButton({ versionId }: { versionId: string }) {
  const trpc = useTRPC();
  const router = useRouter();
  const draft = useMutation(
    trpc.authoring.newDraft.mutationOptions({
      onSuccess: (created) => router.push(`/author/versions/${created.id}`),
    }),
  );
  return (
    <div className="row">
      <button
        type="button"
        className="button secondary"
        disabled={draft.isPending}
        onClick={() => draft.mutate({ versionId })}
      >
        Make a new draft
      </button>
      <ErrorText error={draft.error} />
    </div>
  );
}

/** Accepts the generator's suggested quiz set of one lesson (its `inQuizSet` questions) in one action. */
export function AcceptQuizSetButton({
  versionId,
  lessonKey,
  lessonTitle,
  pending,
}: {
  versionId: string;
  lessonKey: string;
  lessonTitle: string;
  /** Set questions not yet accepted nor rejected. */
  pending: number;
}) {
  const trpc = useTRPC();
  const router = useRouter();
  const accept = useMutation(
    trpc.authoring.acceptQuizSet.mutationOptions({ onSuccess: () => router.refresh() }),
  );
  return (
    <div className="row">
      <button
        type="button"
        className="button small"
        disabled={accept.isPending || pending === 0}
        aria-label={`Accept the suggested quiz set of ${lessonTitle} (${pending} questions)`}
        onClick={() => accept.mutate({ versionId, lessonKey })}
      >
        Accept the suggested quiz set ({pending})
      </button>
      <div aria-live="polite">
        {accept.data ? (
          <p className="ok-text small">
            Accepted {accept.data.accepted} question{accept.data.accepted === 1 ? "" : "s"}.
          </p>
        ) : null}
        {accept.error ? <p className="error-text small">{messageOf(accept.error)}</p> : null}
      </div>
    </div>
  );
}
