import { type Question, QuestionSchema } from "@groundwork/quiz-engine";
import type { Db } from "../../db/client.ts";
import { UNUSABLE_STATUSES } from "../authoring.ts";
import { factOf } from "../facts.ts";

/** One usable question of a lesson's bank, as the draw sees it. */
export interface BankItem {
  id: string;
  key: string;
  variant: number;
  /** The fact the question asks about: variants of one fact share it (facts.ts). */
  fact: string;
  /** The author view, with its key: what an attempt freezes as its snapshot. */
  payload: unknown;
  /** In its lesson's default quiz set (the generator's or the author's choice). */
  isInQuizSet: boolean;
  /** The generator's quality score, when it gave one. */
  quality: number | null;
  /** What a right answer is, in words: two variants with the same answer ask the same thing again. */
  answer: string;
}
/** A lesson's bank grouped by fact, in a stable order: each fact's variants, first variant first. */
export type Bank = ReadonlyArray<readonly BankItem[]>;

const bankCache = new Map<string, Bank>();
const bankCacheLimit = 200;

/**
 * A lesson's usable questions grouped by fact. Published and superseded versions never change, so
 * their banks are kept in memory (each API instance its own copy: nothing another instance needs);
 * drafts are read every time. This is the one place a bank is loaded and cached: `forgetBanks` is
 * its invalidation.
 */
export async function loadBank(
  db: Db,
  input: { versionId: string; lessonKey: string; isImmutable: boolean },
): Promise<Bank> {
  const cacheKey = `${input.versionId}:${input.lessonKey}`;
  const cached = input.isImmutable ? bankCache.get(cacheKey) : undefined;
  if (cached) return cached;
  const rows = await db.read.question.findMany({
    where: { versionId: input.versionId, lessonKey: input.lessonKey, status: { notIn: UNUSABLE_STATUSES } },
    select: { id: true, key: true, variant: true, payload: true },
  });
  const byFact = new Map<string, BankItem[]>();
  for (const row of rows) {
    const fact = factOf(row.payload);
    const question = QuestionSchema.parse(row.payload);
    byFact.set(fact, [
      ...(byFact.get(fact) ?? []),
      {
        ...row,
        fact,
        isInQuizSet: question.inQuizSet === true,
        quality: question.quality?.score ?? null,
        answer: answerOf(question),
      },
    ]);
  }
  const bank = [...byFact.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, variants]) => variants.sort((a, b) => a.variant - b.variant || a.key.localeCompare(b.key)));
  if (input.isImmutable) {
    if (bankCache.size >= bankCacheLimit) bankCache.delete(bankCache.keys().next().value as string);
    bankCache.set(cacheKey, bank);
  }
  return bank;
}

/** Drops this instance's cached banks of a version (or all of them), so the next start reads afresh. */
export function forgetBanks(versionId?: string): void {
  if (versionId === undefined) {
    bankCache.clear();
    return;
  }
  for (const key of bankCache.keys()) if (key.startsWith(`${versionId}:`)) bankCache.delete(key);
}

/** The right answer in the words a student sees (option texts, not ids, which differ per variant). */
function answerOf(question: Question): string {
  const textOf = (options: ReadonlyArray<{ id: string; text: string }>, id: string) =>
    options.find((o) => o.id === id)?.text ?? id;
  const normal = (text: string) => text.trim().toLowerCase();
  switch (question.type) {
    case "single_choice":
      return normal(textOf(question.options, question.key));
    case "multiple_choice":
      return question.key
        .map((id) => normal(textOf(question.options, id)))
        .sort()
        .join("\u0000");
    case "true_false":
      return String(question.key);
    case "cloze":
    case "short_answer":
      return normal(question.key.accepted[0] ?? "");
    case "numeric":
      return `${question.key.value} ${question.key.unit ?? ""}`;
    case "ordering":
      return question.key.map((id) => normal(textOf(question.options, id))).join("\u0000");
    case "matching":
      return Object.entries(question.key)
        .map(([l, r]) => `${normal(textOf(question.left, l))}=${normal(textOf(question.right, r))}`)
        .sort()
        .join("\u0000");
  }
}
