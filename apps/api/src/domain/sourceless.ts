import type { CourseBundle } from "@groundwork/content";
import {
  citePassage,
  NEEDS_SOURCE,
  type Question,
  QuestionSchema,
  type SourceProposal,
} from "@groundwork/quiz-engine";

/** A question imported without a source: stored for review, never drawn, until its author cites one. */
export const NEEDS_SOURCE_STATUS = "needs_source";
/** Statuses whose questions are never drawn into an attempt, nor exported or published as usable. */
export const UNUSABLE_STATUSES = ["rejected", NEEDS_SOURCE_STATUS];

/** The gate record of a sourceless question: failed on its source, with the passages proposed. */
export interface SourceGate {
  passed: false;
  failures: Array<{ gate: "source"; reason: string }>;
  proposals: SourceProposal[];
}

/**
 * A sourceless draft (from GIFT or QTI) made storable: the best proposed passage, or the course's
 * first, as a provisional citation so the payload stays a well-formed question; the gate record
 * keeps the proposals for the review page. Stored as `needs_source` by every import path.
 */
export function provisionallyCited(
  bundle: CourseBundle,
  draft: { question: unknown; proposals: SourceProposal[] },
): { question: Question; gate: SourceGate } | { error: string } {
  const passageId = draft.proposals[0]?.passageId ?? bundle.passages[0]?.id;
  if (!passageId) return { error: "the course has no passage to cite" };
  const parsed = QuestionSchema.safeParse({
    ...(draft.question as object),
    sourceRefs: [citePassage(bundle, passageId)],
  });
  if (!parsed.success) return { error: parsed.error.issues[0]?.message ?? "invalid question" };
  return {
    question: parsed.data,
    gate: { passed: false, failures: [{ gate: "source", reason: NEEDS_SOURCE }], proposals: draft.proposals },
  };
}
