"use client";

import { useMutation, useQuery } from "@tanstack/react-query";
import Link from "next/link";
import { useRef, useState } from "react";
import { ErrorText } from "../../components/form-parts";
import { QuestionWidget } from "../../components/question-widget";
import { formatDate } from "../../lib/format";
import { useTRPC } from "../../lib/trpc/client";
import type { ResponseValue } from "../../lib/types";
import { QuestionTimer } from "../attempts/[attemptId]/question-timer";

/** One due item at a time: answer, check, see the feedback and its source, move on. */
export function ReviewSession() {
  const trpc = useTRPC();
  const due = useQuery({
    ...trpc.review.due.queryOptions({ limit: 20 }),
    staleTime: Number.POSITIVE_INFINITY,
  });
  const [index, setIndex] = useState(0);
  const [value, setValue] = useState<ResponseValue | undefined>(undefined);
  const [correctCount, setCorrectCount] = useState(0);
  const timer = useRef<QuestionTimer | null>(null);
  timer.current ??= new QuestionTimer(Date.now());
  const heading = useRef<HTMLHeadingElement>(null);
  const answer = useMutation(
    trpc.review.answer.mutationOptions({
      onSuccess: (data) => {
        if (data.result.correct) setCorrectCount((c) => c + 1);
      },
    }),
  );

  if (due.isLoading) return <p className="muted">Loading your review items…</p>;
  if (due.error) return <ErrorText error={due.error} />;
  const items = due.data?.items ?? [];
  const item = items[index];
  if (!item)
    return (
      <div className="card">
        <h2>{items.length === 0 ? "Nothing is due" : "Session complete"}</h2>
        <p>
          {items.length === 0
            ? "You are up to date. Items return here as they fall due."
            : `You answered ${items.length} item${items.length === 1 ? "" : "s"}, ${correctCount} correctly.`}
        </p>
        <Link href="/learn" className="button">
          Back to my work
        </Link>
      </div>
    );

  const result = answer.data?.result;
  function next() {
    answer.reset();
    setValue(undefined);
    setIndex((i) => i + 1);
    timer.current?.pause(Date.now());
    heading.current?.focus();
  }

  return (
    <div>
      <h2 ref={heading} tabIndex={-1} className="eyebrow">
        Item {index + 1} of {items.length}
      </h2>
      <form
        className="question"
        data-question-type={item.question.type}
        onSubmit={(event) => {
          event.preventDefault();
          if (result) return next();
          if (value === undefined) return;
          // Only this item's time: the time until "Check answer", not since the session began.
          const timeOnQuestionMs = timer.current?.touch(item.cardId, Date.now()) ?? 0;
          answer.mutate({
            cardId: item.cardId,
            response: value,
            timeOnQuestionMs: Math.min(86_400_000, Math.round(timeOnQuestionMs)),
          });
        }}
      >
        <QuestionWidget
          key={item.cardId}
          question={item.question}
          value={value}
          onChange={setValue}
          isDisabled={Boolean(result) || answer.isPending}
          idPrefix={`r-${item.cardId}`}
          number={index + 1}
        />
        {result ? (
          <div className={`result ${result.correct ? "is-correct" : "is-wrong"}`} role="status">
            <p>
              <strong>{result.correct ? "Correct." : "Not quite."}</strong> {result.feedback}
            </p>
            {result.sourceRefs.map((ref) => (
              <blockquote key={`${ref.passageId}-${ref.rawStart}`} className="source-quote">
                “{ref.quote}”
              </blockquote>
            ))}
            {answer.data ? (
              <p className="small muted">Next review: {formatDate(answer.data.nextDue)}</p>
            ) : null}
          </div>
        ) : null}
        <ErrorText error={answer.error} />
        <div className="row">
          <button
            type="submit"
            className="button"
            disabled={answer.isPending || (!result && value === undefined)}
          >
            {result ? "Next item" : "Check answer"}
          </button>
        </div>
      </form>
    </div>
  );
}
