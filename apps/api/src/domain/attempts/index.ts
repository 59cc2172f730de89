/** Attempts by concern: start, view, save, finish (grade and submit) and the overdue sweep. */
export { type Bank, type DrawItem, forgetBanks, loadBank } from "./bank.ts";
export { type FinishOutcome, finishAttempt, submitAttempt } from "./finish.ts";
export { releaseHeldAttempts } from "./held-questions.ts";
export { saveResponse } from "./save.ts";
export { assignmentSettingsTtlMs, forgetAssignmentSettings } from "./settings.ts";
export { type AttemptSummary, deadlineGraceMs } from "./shared.ts";
export { startAttempt } from "./start.ts";
export { sweepOverdueAttempts } from "./sweep.ts";
export { type AttemptView, getAttempt } from "./view.ts";
export { warmAheadMs, warmUpcomingBanks } from "./warm.ts";
