/**
 * The fact of a stored question payload, by the rule of `factKeyOf` (versions/fact-key.ts). Every
 * stored question now carries it as `Question.factKey`, and a version's bank comes parsed from
 * `loadVersion`: this stays only for the attempts code until it reads those.
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
