"use client";

import { useQuery } from "@tanstack/react-query";
import { useEffect, useId, useRef, useState } from "react";
import { messageOf } from "../../../lib/errors";
import { useTRPC } from "../../../lib/trpc/client";

/** "View source": the raw article as it was scraped, with this passage's exact span highlighted. */
export function ViewSource({
  courseId,
  passageKey,
  passageNumber,
}: {
  courseId: string;
  passageKey: string;
  passageNumber: number;
}) {
  const trpc = useTRPC();
  const [isOpen, setOpen] = useState(false);
  const regionId = useId();
  const container = useRef<HTMLPreElement>(null);
  const source = useQuery({
    ...trpc.lesson.source.queryOptions({ courseId, passageId: passageKey }),
    enabled: isOpen,
    staleTime: Number.POSITIVE_INFINITY,
  });

  useEffect(() => {
    if (!isOpen || !source.data) return;
    const box = container.current;
    const mark = box?.querySelector("mark");
    if (box && mark) box.scrollTop = mark.offsetTop - box.offsetTop - 24;
  }, [isOpen, source.data]);

  return (
    <div>
      <button
        type="button"
        className="button ghost small"
        aria-expanded={isOpen}
        aria-controls={regionId}
        onClick={() => setOpen((open) => !open)}
      >
        {isOpen ? "Hide source" : "View source"}
        <span className="visually-hidden"> of passage {passageNumber}</span>
      </button>
      <div id={regionId} hidden={!isOpen}>
        {source.isLoading ? <p className="muted small">Loading the original text…</p> : null}
        {source.error ? (
          <p role="alert" className="error-text small">
            {messageOf(source.error)}
          </p>
        ) : null}
        {source.data ? (
          <>
            <p className="small muted">
              Original text of “{source.data.articleTitle}” ({source.data.file}), characters{" "}
              {source.data.rawStart}–{source.data.rawEnd} highlighted.
            </p>
            <pre
              ref={container}
              className="raw-source"
              // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
              tabIndex={0}
              title={`Original text of passage ${passageNumber}`}
            >
              {source.data.rawText.slice(0, source.data.rawStart)}
              <mark data-testid="cited-span">
                {source.data.rawText.slice(source.data.rawStart, source.data.rawEnd)}
              </mark>
              {source.data.rawText.slice(source.data.rawEnd)}
            </pre>
          </>
        ) : null}
      </div>
    </div>
  );
}
