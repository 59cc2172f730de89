import type { ReactNode } from "react";

export interface Span {
  start: number;
  end: number;
  className?: string;
  label?: string;
}

/** What a mark shows: the text itself, with a visible sign where the span is empty or only whitespace. */
function markedText(slice: string): ReactNode {
  if (slice === "") return "\u2038";
  if (slice.trim() !== "") return slice;
  return (
    <>
      <span aria-hidden="true">{slice.includes("\n") ? "¶" : "·"}</span>
      {slice}
    </>
  );
}

/** Raw article text with spans marked; overlapping or out-of-range spans are skipped, never garbled. */
export function RawText({
  text,
  spans,
  firstMarkId,
  className = "raw-source",
  label,
}: {
  text: string;
  spans: Span[];
  firstMarkId?: string;
  className?: string;
  label: string;
}) {
  const sorted = spans
    .filter((s) => s.start >= 0 && s.end <= text.length && s.end >= s.start)
    .toSorted((a, b) => a.start - b.start);
  const parts: ReactNode[] = [];
  let cursor = 0;
  let marked = 0;
  for (const span of sorted) {
    if (span.start < cursor) continue;
    if (span.start > cursor) parts.push(text.slice(cursor, span.start));
    parts.push(
      <mark
        key={`${span.start}-${span.end}`}
        id={marked === 0 ? firstMarkId : undefined}
        className={span.className}
        title={span.label}
      >
        {markedText(text.slice(span.start, span.end))}
      </mark>,
    );
    marked += 1;
    cursor = span.end;
  }
  parts.push(text.slice(cursor));
  return (
    <pre
      className={className}
      // biome-ignore lint/a11y/noNoninteractiveTabindex: a scrollable region must be reachable by keyboard
      tabIndex={0}
      title={label}
    >
      {parts}
    </pre>
  );
}
