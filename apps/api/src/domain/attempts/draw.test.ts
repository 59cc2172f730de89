import { createRng, shuffleWith } from "@groundwork/quiz-engine";
import { describe, expect, it } from "vitest";
import type { Bank, DrawItem } from "./bank.ts";
import { drawQuestions, retryOrder } from "./draw.ts";

/** The draw as it was before its per-bank facts were cached: every rank worked out in the comparison. */
function referenceDraw(
  bank: Bank,
  count: number,
  seed: number,
  tryNumber: number,
  revealedFacts: ReadonlySet<string>,
): DrawItem[] {
  const bestQuality = (variants: readonly DrawItem[]) =>
    Math.max(-1, ...variants.map((v) => v.quality ?? -1));
  const shuffled = shuffleWith(bank, createRng(seed));
  const isRevealed = (variants: readonly DrawItem[]) => variants.some((item) => revealedFacts.has(item.fact));
  const isInSet = (variants: readonly DrawItem[]) => variants.some((item) => item.isInQuizSet);
  return shuffled
    .map((variants, i) => ({ variants, i }))
    .sort(
      (a, b) =>
        Number(isRevealed(a.variants)) - Number(isRevealed(b.variants)) ||
        Number(isInSet(b.variants)) - Number(isInSet(a.variants)) ||
        (isInSet(a.variants) ? 0 : bestQuality(b.variants) - bestQuality(a.variants)) ||
        a.i - b.i,
    )
    .slice(0, count)
    .flatMap(({ variants }) => {
      const order = retryOrder(variants);
      const item = order[(tryNumber - 1) % order.length];
      return item ? [item] : [];
    });
}

/** A random bank: facts of 1 to 4 variants, some in the quiz set, some scored, answers repeating. */
function randomBank(seed: number): Bank {
  const rng = createRng(seed);
  const facts = 1 + Math.floor(rng() * 40);
  return Array.from({ length: facts }, (_, f) =>
    Array.from({ length: 1 + Math.floor(rng() * 4) }, (_, v): DrawItem => {
      const key = `f${f}v${v}`;
      return {
        id: `id-${key}`,
        key,
        variant: v,
        fact: `fact-${f}`,
        payload: {} as DrawItem["payload"],
        snapshot: "{}",
        isInQuizSet: rng() < 0.3,
        quality: rng() < 0.5 ? Math.round(rng() * 100) / 100 : null,
        answer: `answer-${Math.floor(rng() * 3)}`,
      };
    }),
  );
}

describe("drawQuestions", () => {
  it("draws exactly what ranking every fact afresh drew, for any bank, seed, try and revealed facts", () => {
    for (let case_ = 1; case_ <= 300; case_++) {
      const bank = randomBank(case_);
      const rng = createRng(case_ * 7919);
      const revealed = new Set(bank.filter(() => rng() < 0.2).map((variants) => variants[0]?.fact ?? ""));
      for (const tryNumber of [1, 2, 3]) {
        const count = 1 + Math.floor(rng() * 25);
        const seed = Math.floor(rng() * 2 ** 31);
        // Twice per bank: the second draw reads the cached facts.
        for (let pass = 0; pass < 2; pass++)
          expect(drawQuestions(bank, count, seed, tryNumber, revealed)).toEqual(
            referenceDraw(bank, count, seed, tryNumber, revealed),
          );
      }
    }
  });
});
