/**
 * The fact a question asks about: its generator and the span it first cites. Variants of one fact
 * (the generator's fresh draws for a retry) carry different ids but the same fact, so a quiz asks
 * about each fact once, a retry rotates through its variants, and an author's decision covers them
 * all. Written to `Question.factKey` at import; the migration `version_snapshot` computes the same
 * text in SQL for questions stored before it.
 */
export function factKeyOf(question: {
  id: string;
  generator?: string;
  sourceRefs: ReadonlyArray<{ passageId: string; rawStart: number; rawEnd: number }>;
}): string {
  const ref = question.sourceRefs[0];
  if (!ref || !question.generator) return `id:${question.id}`;
  return `${question.generator}|${ref.passageId}|${ref.rawStart}-${ref.rawEnd}`;
}
