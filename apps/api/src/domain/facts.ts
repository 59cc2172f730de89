/**
 * The fact a question asks about: its generator and the span it cites. Variants of one fact (the
 * generator's fresh draws for a retry) carry different ids but the same fact, so a quiz asks about
 * each fact once and a retry rotates through its variants; an author's decision covers them all.
 */
export function factOf(payload: unknown): string {
  const question = payload as {
    id?: string;
    generator?: string;
    sourceRefs?: Array<{ passageId: string; rawStart: number; rawEnd: number }>;
  };
  const ref = question.sourceRefs?.[0];
  if (!ref || !question.generator) return `id:${question.id ?? ""}`;
  return `${question.generator}|${ref.passageId}|${ref.rawStart}-${ref.rawEnd}`;
}
