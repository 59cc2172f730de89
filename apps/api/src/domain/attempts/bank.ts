import type { Question } from "@groundwork/quiz-engine";
import type { Db } from "../../db/client.ts";
import { UNUSABLE_STATUSES } from "../sourceless.ts";
import { forgetVersion, loadVersion, type VersionSnapshot } from "../versions/index.ts";

/** One usable question of a lesson's bank, as the draw sees it. */
export interface DrawItem {
  id: string;
  key: string;
  variant: number;
  /** The fact the question asks about (the row's factKey): variants of one fact share it. */
  fact: string;
  /** The author view, with its key: what an attempt freezes as its snapshot. */
  payload: Question;
  /** The payload as JSON text, as a start stores it (serialised once per cached bank, not per start). */
  snapshot: string;
  /** In its lesson's default quiz set (the generator's or the author's choice). */
  isInQuizSet: boolean;
  /** The generator's quality score, when it gave one. */
  quality: number | null;
  /** What a right answer is, in words: two variants with the same answer ask the same thing again. */
  answer: string;
}
/** A lesson's bank grouped by fact, in a stable order: each fact's variants, first variant first. */
export type Bank = ReadonlyArray<readonly DrawItem[]>;

/**
 * Banks by lesson, derived from a version snapshot. Keyed on the snapshot itself: a published
 * version's snapshot is cached by versions/load.ts, so its banks live exactly as long as it does; a
 * draft's snapshot is read afresh each time, so its banks are never reused.
 */
const banksOf = new WeakMap<VersionSnapshot, Map<string, Bank>>();

/**
 * A lesson's usable questions grouped by fact, read from the version's snapshot (`loadVersion`).
 * Published and superseded versions are parsed once per process; drafts every time. `forgetBanks`
 * is the one invalidation.
 */
export async function loadBank(db: Db, input: { versionId: string; lessonKey: string }): Promise<Bank> {
  const snapshot = await loadVersion(db, input.versionId);
  let byLesson = banksOf.get(snapshot);
  if (!byLesson) {
    byLesson = new Map();
    banksOf.set(snapshot, byLesson);
  }
  const cached = byLesson.get(input.lessonKey);
  if (cached) return cached;
  const byFact = new Map<string, DrawItem[]>();
  for (const item of snapshot.bank) {
    if (item.lessonKey !== input.lessonKey || UNUSABLE_STATUSES.includes(item.status)) continue;
    const { question } = item;
    byFact.set(item.factKey, [
      ...(byFact.get(item.factKey) ?? []),
      {
        id: item.id,
        key: item.key,
        variant: item.variant,
        fact: item.factKey,
        payload: question,
        snapshot: JSON.stringify(question),
        isInQuizSet: question.inQuizSet === true,
        quality: question.quality?.score ?? null,
        answer: answerOf(question),
      },
    ]);
  }
  const bank = [...byFact.entries()]
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0))
    .map(([, variants]) => variants.sort((a, b) => a.variant - b.variant || a.key.localeCompare(b.key)));
  byLesson.set(input.lessonKey, bank);
  return bank;
}

/** Drops this instance's cached snapshot of a version (or all of them), and so its banks. */
export function forgetBanks(versionId?: string): void {
  forgetVersion(versionId);
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
