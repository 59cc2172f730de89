"use client";

import { useMutation, useQueryClient } from "@tanstack/react-query";
import Link from "next/link";
import { useRouter } from "next/navigation";
import { useCallback, useEffect, useRef, useState } from "react";
import { ErrorText } from "../../../components/form-parts";
import { QuestionWidget } from "../../../components/question-widget";
import { codeOf, messageOf } from "../../../lib/errors";
import { toDate } from "../../../lib/format";
import { useTRPC } from "../../../lib/trpc/client";
import type { AttemptResult, AttemptView, ResponseValue } from "../../../lib/types";
import { QuestionTimer } from "./question-timer";

type SaveState = "saving" | "saved" | "failed";
const saveDelayMs = 700;

function answersOf(attempt: AttemptView) {
  const answers: Record<string, ResponseValue> = {};
  const revisions: Record<string, number> = {};
  const results: Record<string, AttemptResult> = {};
  const locked: Record<string, boolean> = {};
  for (const q of attempt.questions) {
    if (q.response) {
      answers[q.attemptQuestionId] = q.response.value as ResponseValue;
      revisions[q.attemptQuestionId] = q.response.revision;
    }
    if (q.result) results[q.attemptQuestionId] = q.result;
    if (q.isLocked) locked[q.attemptQuestionId] = true;
  }
  return { answers, revisions, results, locked };
}

/**
 * The quiz: every answer is saved shortly after the student stops changing it, against the revision
 * they last saw, so a stale tab cannot overwrite newer work (the server answers CONFLICT and we reload).
 * Under instant feedback nothing saves by itself: "Check answer" saves, shows the result, and locks
 * the question, since the first checked answer is final (the server holds to that too). Each save
 * carries the time spent on that question (QuestionTimer).
 */
export function QuizPlayer({ initial, hasTimeLimit }: { initial: AttemptView; hasTimeLimit: boolean }) {
  const trpc = useTRPC();
  const router = useRouter();
  const queryClient = useQueryClient();
  const [attempt, setAttempt] = useState(initial);
  const [answers, setAnswers] = useState(() => answersOf(initial).answers);
  const [results, setResults] = useState(() => answersOf(initial).results);
  const [locked, setLocked] = useState(() => answersOf(initial).locked);
  const isInstant = initial.assignment.feedbackPolicy === "immediate";
  const revisions = useRef(answersOf(initial).revisions);
  const [saveStates, setSaveStates] = useState<Record<string, SaveState>>({});
  const [notice, setNotice] = useState<string | null>(null);
  const [isClosed, setClosed] = useState(false);
  const timers = useRef(new Map<string, ReturnType<typeof setTimeout>>());
  const inFlight = useRef(new Map<string, Promise<void>>());
  const latest = useRef(answers);
  latest.current = answers;
  const timer = useRef<QuestionTimer | null>(null);
  timer.current ??= new QuestionTimer(Date.now());
  const touch = (attemptQuestionId: string) => timer.current?.touch(attemptQuestionId, Date.now());

  const save = useMutation(trpc.attempt.save.mutationOptions());
  const submit = useMutation(
    trpc.attempt.submit.mutationOptions({
      onSuccess: () => router.refresh(),
    }),
  );

  const reload = useCallback(async () => {
    const fresh = await queryClient.fetchQuery({
      ...trpc.attempt.byId.queryOptions({ attemptId: initial.id }),
      staleTime: 0,
    });
    const next = answersOf(fresh);
    setAttempt(fresh);
    setAnswers(next.answers);
    setResults(next.results);
    setLocked(next.locked);
    revisions.current = next.revisions;
    if (fresh.state !== "in_progress") router.refresh();
  }, [initial.id, queryClient, router, trpc]);

  const saveNow = useCallback(
    async (attemptQuestionId: string) => {
      const response = latest.current[attemptQuestionId];
      if (response === undefined) return;
      setSaveStates((s) => ({ ...s, [attemptQuestionId]: "saving" }));
      try {
        const saved = await save.mutateAsync({
          attemptId: initial.id,
          attemptQuestionId,
          response,
          expectedRevision: revisions.current[attemptQuestionId] ?? 0,
          timeOnQuestionMs: Math.min(86_400_000, Math.round(timer.current?.timeOn(attemptQuestionId) ?? 0)),
        });
        revisions.current[attemptQuestionId] = saved.revision;
        if (saved.result) {
          const result = saved.result;
          setResults((r) => ({ ...r, [attemptQuestionId]: { ...result, passageText: null } }));
          setLocked((l) => ({ ...l, [attemptQuestionId]: true }));
        }
        setSaveStates((s) => ({ ...s, [attemptQuestionId]: "saved" }));
      } catch (error) {
        setSaveStates((s) => ({ ...s, [attemptQuestionId]: "failed" }));
        const code = codeOf(error);
        if (code === "CONFLICT") {
          setNotice(`${messageOf(error)} The latest saved answers are shown.`);
          await reload();
          setSaveStates((s) => ({ ...s, [attemptQuestionId]: "saved" }));
        } else if (code === "PRECONDITION_FAILED") {
          setNotice(messageOf(error));
          setClosed(true);
        } else {
          setNotice(`Your answer to one question was not saved: ${messageOf(error)}`);
        }
      }
    },
    [initial.id, reload, save],
  );

  const queueSave = useCallback(
    (attemptQuestionId: string) => {
      const pending = timers.current.get(attemptQuestionId);
      if (pending) clearTimeout(pending);
      timers.current.set(
        attemptQuestionId,
        setTimeout(() => {
          timers.current.delete(attemptQuestionId);
          // Saves of one question run one after another, each against the revision the last returned.
          const before = inFlight.current.get(attemptQuestionId) ?? Promise.resolve();
          const run = before.then(() => saveNow(attemptQuestionId));
          inFlight.current.set(attemptQuestionId, run);
        }, saveDelayMs),
      );
    },
    [saveNow],
  );

  function change(attemptQuestionId: string, value: ResponseValue) {
    touch(attemptQuestionId);
    setAnswers((a) => ({ ...a, [attemptQuestionId]: value }));
    latest.current = { ...latest.current, [attemptQuestionId]: value };
    if (isInstant) return;
    setSaveStates((s) => ({ ...s, [attemptQuestionId]: "saving" }));
    queueSave(attemptQuestionId);
  }

  /** Under instant feedback: saves the answer once, which grades it and makes it final. */
  function check(attemptQuestionId: string) {
    touch(attemptQuestionId);
    const before = inFlight.current.get(attemptQuestionId) ?? Promise.resolve();
    inFlight.current.set(
      attemptQuestionId,
      before.then(() => saveNow(attemptQuestionId)),
    );
  }

  const flush = useCallback(async () => {
    const pending = [...timers.current.keys()];
    // Under instant feedback an answer given but not checked is saved (and so graded) at submit.
    if (isInstant) {
      for (const id of Object.keys(latest.current))
        if (revisions.current[id] === undefined && !inFlight.current.has(id)) pending.push(id);
    }
    for (const id of pending) {
      clearTimeout(timers.current.get(id));
      timers.current.delete(id);
      const before = inFlight.current.get(id) ?? Promise.resolve();
      inFlight.current.set(
        id,
        before.then(() => saveNow(id)),
      );
    }
    await Promise.all(inFlight.current.values());
  }, [isInstant, saveNow]);

  const finish = useCallback(async () => {
    await flush();
    submit.mutate({ attemptId: initial.id });
  }, [flush, initial.id, submit]);

  const states = Object.values(saveStates);
  const hasUnsaved = states.includes("saving") || states.includes("failed");
  useEffect(() => {
    if (!hasUnsaved) return;
    // Leaving while an answer is unsaved asks first.
    const warn = (event: BeforeUnloadEvent) => event.preventDefault();
    window.addEventListener("beforeunload", warn);
    return () => window.removeEventListener("beforeunload", warn);
  }, [hasUnsaved]);
  const overall = states.includes("failed")
    ? "Some answers were not saved"
    : states.includes("saving")
      ? "Saving…"
      : states.length > 0
        ? "All answers saved"
        : isInstant
          ? "Each answer saves when you check it"
          : "Answers save as you go";
  const answered = attempt.questions.filter((q) => answers[q.attemptQuestionId] !== undefined).length;

  return (
    <div>
      <p className="eyebrow">
        <Link href={`/lessons/${attempt.assignment.lessonId}`}>{attempt.assignment.lessonTitle}</Link>
      </p>
      <h1>{attempt.assignment.title}</h1>
      <div className="quiz-bar spread">
        <span>
          {answered} of {attempt.questions.length} answered ·{" "}
          <span className="save-status" role="status">
            {overall}
          </span>
        </span>
        {hasTimeLimit ? (
          <Countdown
            deadlineAt={toDate(attempt.deadlineAt)}
            serverNow={toDate(attempt.serverNow)}
            onExpire={() => void finish()}
          />
        ) : null}
      </div>
      <nav aria-label="Questions" className="question-nav">
        <ol>
          {attempt.questions.map((q, index) => {
            const isAnswered = answers[q.attemptQuestionId] !== undefined;
            return (
              <li key={q.attemptQuestionId}>
                <a href={`#question-${index + 1}`} className={isAnswered ? "is-answered" : undefined}>
                  {index + 1}
                  <span className="visually-hidden">{isAnswered ? ", answered" : ", not answered"}</span>
                </a>
              </li>
            );
          })}
        </ol>
      </nav>
      {notice ? (
        <p role="alert" className="notice bad">
          {notice}
        </p>
      ) : null}
      <form
        onSubmit={(event) => {
          event.preventDefault();
          void finish();
        }}
      >
        {attempt.questions.map((q, index) => {
          const state = saveStates[q.attemptQuestionId];
          const result = results[q.attemptQuestionId];
          const isLocked = locked[q.attemptQuestionId] === true;
          return (
            <section
              key={q.attemptQuestionId}
              id={`question-${index + 1}`}
              className="question"
              aria-label={`Question ${index + 1}`}
              data-question-type={q.question.type}
              data-locked={isLocked || undefined}
              onFocus={() => touch(q.attemptQuestionId)}
            >
              <QuestionWidget
                question={q.question}
                value={answers[q.attemptQuestionId]}
                onChange={(value) => change(q.attemptQuestionId, value)}
                isDisabled={isClosed || submit.isPending || isLocked}
                idPrefix={`q-${q.attemptQuestionId}`}
                number={index + 1}
              />
              {isInstant && !isLocked ? (
                <button
                  type="button"
                  className="button secondary"
                  disabled={answers[q.attemptQuestionId] === undefined || state === "saving" || isClosed}
                  onClick={() => check(q.attemptQuestionId)}
                >
                  Check answer
                </button>
              ) : null}
              {isInstant && isLocked ? <p className="small muted">Checked: this answer is final.</p> : null}
              <p className="save-status muted" aria-live="polite">
                {state === "saving"
                  ? "Saving…"
                  : state === "saved"
                    ? "Saved"
                    : state === "failed"
                      ? "Not saved"
                      : ""}
              </p>
              {result ? (
                <div className={`result ${result.correct ? "is-correct" : "is-wrong"}`}>
                  <p>
                    <strong>{result.correct ? "Correct." : "Not quite."}</strong> {result.feedback}
                  </p>
                </div>
              ) : null}
            </section>
          );
        })}
        <ErrorText error={submit.error} />
        <div className="row">
          <button type="submit" className="button" disabled={submit.isPending || submit.isSuccess}>
            {submit.isPending || submit.isSuccess ? "Submitting…" : "Submit answers"}
          </button>
          <span className="muted small">
            {isInstant
              ? "Check each answer to see if it is right; a checked answer is final."
              : "You can change answers until you submit."}
          </span>
        </div>
      </form>
    </div>
  );
}

/** Time left from the server's clock: the offset between server and browser is measured once. */
function Countdown({
  deadlineAt,
  serverNow,
  onExpire,
}: {
  deadlineAt: Date;
  serverNow: Date;
  onExpire: () => void;
}) {
  const [offset] = useState(() => serverNow.getTime() - Date.now());
  const [now, setNow] = useState(() => Date.now() + offset);
  const expired = useRef(false);
  useEffect(() => {
    const timer = setInterval(() => setNow(Date.now() + offset), 1000);
    return () => clearInterval(timer);
  }, [offset]);
  const left = Math.max(0, deadlineAt.getTime() - now);
  useEffect(() => {
    if (left === 0 && !expired.current) {
      expired.current = true;
      onExpire();
    }
  }, [left, onExpire]);
  const minutes = Math.floor(left / 60_000);
  const seconds = Math.floor((left % 60_000) / 1000);
  const isLow = left < 60_000;
  const warning =
    left === 0
      ? "Time is up; submitting."
      : minutes < 1
        ? "Less than a minute left."
        : minutes < 5
          ? "Less than five minutes left."
          : "";
  return (
    <span>
      <span className="muted">Time left </span>
      <span className={`timer${isLow ? " is-low" : ""}`} role="timer" aria-label="Time left">
        {minutes}:{String(seconds).padStart(2, "0")}
      </span>
      <span className="visually-hidden" aria-live="assertive">
        {warning}
      </span>
    </span>
  );
}
