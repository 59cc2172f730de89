export type FeedbackPolicy = "immediate" | "after_submit" | "after_due";

/**
 * Whether the student may see correctness and feedback now. Everything derived from a grade follows
 * this: the attempt's results and score, and its learning data (learning/release.ts).
 */
export function isFeedbackVisible(policy: string, state: string, dueAt: Date, now: Date): boolean {
  if (policy === "immediate") return true;
  if (policy === "after_submit") return state === "finished";
  return state === "finished" && now >= dueAt;
}
