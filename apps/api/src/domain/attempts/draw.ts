import { createHash } from "node:crypto";
import { createRng, shuffleWith } from "@groundwork/quiz-engine";
import type { Db } from "../../db/client.ts";
import { factOf } from "../facts.ts";
import { isFeedbackVisible } from "../feedback.ts";
import type { Bank, BankItem } from "./bank.ts";

const hashString = (text: string): number => createHash("sha256").update(text).digest().readUInt32BE(0) >>> 1;

/** A deterministic seed for an attempt's draw: the same student, assignment and try give the same quiz. */
export const drawSeed = (userId: string, assignmentId: string, number: number) =>
  hashString(`${userId}:${assignmentId}:${number}`);

/**
 * Picks `count` facts from the lesson's bank in a seeded order, rotating their variants on retries.
 * Facts whose key an earlier attempt showed come last, so a retake asks them again only when the bank
 * has too few others.
 */
export function drawQuestions(
  bank: Bank,
  count: number,
  seed: number,
  tryNumber: number,
  revealedFacts: ReadonlySet<string>,
): BankItem[] {
  const shuffled = shuffleWith(bank, createRng(seed));
  const isRevealed = (variants: readonly BankItem[]) => variants.some((item) => revealedFacts.has(item.fact));
  return [...shuffled.filter((v) => !isRevealed(v)), ...shuffled.filter(isRevealed)]
    .slice(0, count)
    .flatMap((variants) => {
      const item = variants[(tryNumber - 1) % variants.length];
      return item ? [item] : [];
    });
}

/** The facts of the student's earlier attempts whose results (and so keys) they have been shown. */
export async function loadRevealedFacts(
  db: Db,
  attempts: ReadonlyArray<{ id: string; state: string }>,
  policy: string,
  dueAt: Date,
  now: Date,
): Promise<Set<string>> {
  const shown = attempts.filter((a) => isFeedbackVisible(policy, a.state, dueAt, now)).map((a) => a.id);
  if (shown.length === 0) return new Set();
  const rows = await db.read.attemptQuestion.findMany({
    where: { attemptId: { in: shown } },
    select: { snapshot: true },
  });
  return new Set(rows.map((row) => factOf(row.snapshot)));
}
