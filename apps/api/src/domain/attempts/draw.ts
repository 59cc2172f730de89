import { createHash } from "node:crypto";
import { createRng, shuffleWith } from "@groundwork/quiz-engine";
import type { Db } from "../../db/client.ts";
import { isFeedbackVisible } from "../feedback.ts";
import type { Bank, DrawItem } from "./bank.ts";

/**
 * A deterministic seed for an attempt's draw: the same student, assignment and try give the same quiz.
 * The first 31 bits of a SHA-256 (the seed is an Int column), not the engine's FNV `hashString`.
 */
export const drawSeed = (userId: string, assignmentId: string, number: number): number =>
  createHash("sha256").update(`${userId}:${assignmentId}:${number}`).digest().readUInt32BE(0) >>> 1;

/**
 * The order a fact's variants are shown in over retries: the quiz-set variant first, then round the
 * distinct answers, so a retry asks the fact with a different answer wherever the bank has one, and
 * repeats an answer only when every answer has been used.
 */
export function retryOrder(variants: readonly DrawItem[]): DrawItem[] {
  const first = variants.find((v) => v.isInQuizSet) ?? variants[0];
  const groups = new Map<string, DrawItem[]>();
  for (const v of first ? [first, ...variants.filter((v) => v !== first)] : variants) {
    groups.set(v.answer, [...(groups.get(v.answer) ?? []), v]);
  }
  const lists = [...groups.values()];
  const order: DrawItem[] = [];
  for (let round = 0; order.length < variants.length; round++) {
    for (const list of lists) {
      const v = list[round];
      if (v) order.push(v);
    }
  }
  return order;
}

/** A fact's best quality score among its variants (-1 unscored, after every scored one). */
const bestQuality = (variants: readonly DrawItem[]) => Math.max(-1, ...variants.map((v) => v.quality ?? -1));

/** What the draw needs of one fact, worked out once per bank rather than once per start. */
interface DrawFact {
  variants: readonly DrawItem[];
  isInSet: boolean;
  quality: number;
  /** `retryOrder(variants)`. */
  order: readonly DrawItem[];
}

/**
 * Each bank's facts as the draw ranks them. Keyed on the bank, which bank.ts caches per published
 * snapshot, so a class's 2,000 starts rank the same facts without re-deriving their quiz-set flag,
 * quality and retry order inside every comparison (a tenth of a start's draw time in a profile).
 */
const drawFactsOf = new WeakMap<Bank, readonly DrawFact[]>();

function drawFacts(bank: Bank): readonly DrawFact[] {
  let facts = drawFactsOf.get(bank);
  if (!facts) {
    facts = bank.map((variants) => ({
      variants,
      isInSet: variants.some((item) => item.isInQuizSet),
      quality: bestQuality(variants),
      order: retryOrder(variants),
    }));
    drawFactsOf.set(bank, facts);
  }
  return facts;
}

/**
 * Picks `count` facts from the lesson's bank. Facts whose key an earlier attempt showed come last, so
 * a retake asks them again only when the bank has too few others. Before them: the lesson's default
 * quiz set in a seeded order, then the reserve by quality score (best first; unscored facts in the
 * seeded order after). Each fact is asked in the variant for this try (retryOrder), so a retry sees a
 * fresh item with, where the bank has one, a different answer.
 */
export function drawQuestions(
  bank: Bank,
  count: number,
  seed: number,
  tryNumber: number,
  revealedFacts: ReadonlySet<string>,
): DrawItem[] {
  // The shuffle's permutation depends only on the length and the rng, so shuffling the derived facts
  // orders them exactly as shuffling the bank would.
  const shuffled = shuffleWith(drawFacts(bank), createRng(seed));
  const ranked = shuffled.map((fact, i) => ({
    fact,
    i,
    revealed: revealedFacts.size > 0 && fact.variants.some((item) => revealedFacts.has(item.fact)),
  }));
  // Stable sort: equal ranks keep the seeded order.
  ranked.sort(
    (a, b) =>
      Number(a.revealed) - Number(b.revealed) ||
      Number(b.fact.isInSet) - Number(a.fact.isInSet) ||
      (a.fact.isInSet ? 0 : b.fact.quality - a.fact.quality) ||
      a.i - b.i,
  );
  return ranked.slice(0, count).flatMap(({ fact: { order } }) => {
    const item = order[(tryNumber - 1) % order.length];
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
    select: { questionId: true },
  });
  const questions = await db.read.question.findMany({
    where: { id: { in: [...new Set(rows.map((row) => row.questionId))] } },
    select: { factKey: true },
  });
  return new Set(questions.map((q) => q.factKey));
}
