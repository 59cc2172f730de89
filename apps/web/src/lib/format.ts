/** tRPC sends dates as ISO strings (no transformer), though the inferred types say Date. */
export function toDate(value: Date | string): Date {
  return value instanceof Date ? value : new Date(value);
}

const dateFormat = new Intl.DateTimeFormat("en-GB", {
  day: "numeric",
  month: "short",
  year: "numeric",
  hour: "2-digit",
  minute: "2-digit",
  timeZone: "UTC",
});

export function formatDate(value: Date | string): string {
  return `${dateFormat.format(toDate(value))} UTC`;
}

/** A date as a `datetime-local` input wants it: local time, no zone. */
export function localInput(date: Date): string {
  const pad = (n: number) => String(n).padStart(2, "0");
  return `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}T${pad(date.getHours())}:${pad(date.getMinutes())}`;
}

export function formatPercent(share: number | null | undefined): string {
  return share === null || share === undefined ? "–" : `${Math.round(share * 100)}%`;
}

/** A relative due label: "due in 3 days", "overdue by 2 hours". */
export function describeDue(due: Date | string, now: Date): string {
  const ms = toDate(due).getTime() - now.getTime();
  const abs = Math.abs(ms);
  const units: Array<[string, number]> = [
    ["day", 86_400_000],
    ["hour", 3_600_000],
    ["minute", 60_000],
  ];
  const [unit, size] = units.find(([, size]) => abs >= size) ?? ["minute", 60_000];
  const count = Math.max(1, Math.round(abs / size));
  const span = `${count} ${unit}${count === 1 ? "" : "s"}`;
  return ms >= 0 ? `due in ${span}` : `overdue by ${span}`;
}

export const typeLabels: Record<string, string> = {
  single_choice: "Single choice",
  multiple_choice: "Multiple choice",
  true_false: "True or false",
  cloze: "Fill in the blank",
  short_answer: "Short answer",
  numeric: "Numeric",
  ordering: "Ordering",
  matching: "Matching",
};
