import type { StudentQuestion } from "./types";

/** A response in words, for results pages: option texts rather than ids. */
export function describeResponse(question: StudentQuestion, value: unknown): string {
  if (value === undefined || value === null || value === "") return "No answer";
  const textOf = (id: string, options: Array<{ id: string; text: string }>) =>
    options.find((o) => o.id === id)?.text ?? id;
  switch (question.type) {
    case "single_choice":
      return textOf(String(value), question.options);
    case "multiple_choice":
    case "ordering":
      return Array.isArray(value)
        ? value
            .map((v) => textOf(String(v), question.options))
            .join(question.type === "ordering" ? " → " : "; ")
        : String(value);
    case "true_false":
      return value === true ? "True" : value === false ? "False" : String(value);
    case "matching":
      return Object.entries(value as Record<string, string>)
        .map(([l, r]) => `${textOf(l, question.left)} → ${textOf(r, question.right)}`)
        .join("; ");
    default:
      return `${String(value)}${question.type === "numeric" && question.unit ? ` ${question.unit}` : ""}`;
  }
}
