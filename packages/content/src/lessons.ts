import type { CitedText, Concept, KeyTerm, Lesson } from "./bundle.ts";
import { type AnalyzedArticle, citeNormalized, conceptMatcher } from "./concepts.ts";
import { isKnownWord } from "./nlp.ts";
import { countWords } from "./words.ts";

// Compiled name matchers, keyed by the (immutable) concept or glossary entry they match.
const matchers = new WeakMap<object, RegExp>();
function cachedMatcher(key: object, names: () => string[]): RegExp {
  let matcher = matchers.get(key);
  if (!matcher) {
    matcher = conceptMatcher(names());
    matchers.set(key, matcher);
  }
  return matcher;
}

// Which concepts each passage discusses, built once per concept list rather than once per article.
const conceptIndexes = new WeakMap<Concept[], Map<string, string[]>>();
function conceptIndex(concepts: Concept[]): Map<string, string[]> {
  let index = conceptIndexes.get(concepts);
  if (!index) {
    index = new Map();
    for (const concept of concepts) {
      for (const id of concept.passageIds) {
        const list = index.get(id);
        if (list) list.push(concept.id);
        else index.set(id, [concept.id]);
      }
    }
    conceptIndexes.set(concepts, index);
  }
  return index;
}

/** Passages per lesson before an article is split into parts. */
const maxPassagesPerLesson = 8;
const wordsPerMinute = 200;

/**
 * Turns an analysed article into one or more lessons: ordered passages, learning objectives tied to
 * the concepts the lesson teaches, a summary of exact source sentences, key terms with glossary
 * entries and a reading time. Everything a lesson says carries its citation.
 *
 * @example
 * const [lesson] = buildLessons({ id: "a1", title: "Cheap AI" }, article, concepts, glossary);
 * lesson?.summary[0]?.ref; // { articleId: "a1", passageId: ..., rawStart, rawEnd, quote }
 */
export function buildLessons(
  meta: { id: string; title: string },
  { segmented, analysis }: AnalyzedArticle,
  concepts: Concept[],
  glossary: KeyTerm[],
): Lesson[] {
  const parts: Array<typeof segmented.passages> = [];
  const passages = segmented.passages;
  const partCount = Math.max(1, Math.ceil(passages.length / maxPassagesPerLesson));
  const perPart = Math.ceil(passages.length / partCount);
  for (let i = 0; i < passages.length; i += perPart) parts.push(passages.slice(i, i + perPart));
  if (parts.length === 0) parts.push([]);

  const conceptsByPassage = conceptIndex(concepts);
  const matcherOf = (concept: Concept) => cachedMatcher(concept, () => [concept.name, ...concept.aliases]);
  // Key terms: the author's glossary, the concepts, and terms defined in this article.
  const glossaryMatchers = glossary
    .filter((entry) => !entry.ref || entry.conceptId || entry.ref.articleId === meta.id)
    .map((entry): [KeyTerm, RegExp] => [entry, cachedMatcher(entry, () => [entry.term])]);

  const nameWords = new Set(
    analysis.mentions
      .filter((m) => ["person", "organization", "place", "product"].includes(m.kind))
      .flatMap((m) => m.text.toLowerCase().split(/[^\p{L}]+/u)),
  );
  const sentenceById = new Map(segmented.sentences.map((s) => [s.id, s]));
  const definitionSentences = new Set(analysis.definitions.map((d) => d.sentenceId));
  const claimSentences = new Set(analysis.claims.map((c) => c.sentenceId));
  const causalSentences = new Set(analysis.causalLinks.map((c) => c.sentenceId));

  return parts.map((part, partIndex) => {
    const lessonConceptIds = new Set(part.flatMap((p) => conceptsByPassage.get(p.id) ?? []));
    const lessonConcepts = concepts.filter((c) => lessonConceptIds.has(c.id));

    const objectives: CitedText[] = [];
    for (const concept of lessonConcepts) {
      const passage = part.find((p) => conceptsByPassage.get(p.id)?.includes(concept.id));
      const matcher = matcherOf(concept);
      const sentence = passage?.sentenceIds
        .map((id) => sentenceById.get(id))
        .find((s) => s && matcher.test(s.text));
      const ref = sentence && citeNormalized(segmented, sentence.normStart, sentence.normEnd);
      if (!ref) continue;
      const definesHere =
        concept.definitionRef !== undefined && concept.definitionRef.passageId === passage?.id;
      objectives.push({
        text: definesHere
          ? `Define ${concept.name} in your own words, from the passage that introduces it.`
          : `Explain how ${concept.name} bears on this part of the article.`,
        ref: definesHere && concept.definitionRef ? concept.definitionRef : ref,
      });
    }

    // Summary: the most informative sentences, in reading order. A sentence can only name the
    // concepts its passage names, so only those matchers run on it.
    const conceptById = new Map(lessonConcepts.map((c) => [c.id, c]));
    const scored = part.flatMap((passage, passageIndex) => {
      const conceptMatchers = (conceptsByPassage.get(passage.id) ?? []).flatMap((id) => {
        const concept = conceptById.get(id);
        return concept ? [matcherOf(concept)] : [];
      });
      return passage.sentenceIds.flatMap((id, sentenceIndex) => {
        const s = sentenceById.get(id);
        if (!s) return [];
        const words = s.lastToken - s.firstToken;
        if (words < 7 || words > 70 || !/[.!?]["')]?$/.test(s.text)) return [];
        // Garbled sentences make poor summaries: weigh by the share of lower-case words the vocabulary knows.
        const plainWords = (s.text.match(/(?<![\p{L}'’-])\p{L}\p{Ll}{2,}(?![\p{L}'’-])/gu) ?? []).filter(
          (w) => !nameWords.has(w.toLowerCase()),
        );
        const unknown = plainWords.filter((w) => !isKnownWord(w)).length / Math.max(1, plainWords.length);
        if (unknown > 0.25) return [];
        let score = -8 * unknown;
        if (definitionSentences.has(id)) score += 3;
        if (claimSentences.has(id)) score += 1.5;
        if (causalSentences.has(id)) score += 1;
        score += conceptMatchers.filter((m) => m.test(s.text)).length * 2;
        if (sentenceIndex === 0) score += 1;
        if (passageIndex === 0 && sentenceIndex === 0) score += 1;
        return [{ s, score }];
      });
    });
    const summaryLength = Math.min(5, Math.max(2, Math.ceil(scored.length / 6)));
    const summary: CitedText[] = scored
      .map((entry, order) => ({ ...entry, order }))
      .sort((a, b) => b.score - a.score || a.order - b.order)
      .slice(0, summaryLength)
      .sort((a, b) => a.order - b.order)
      .flatMap(({ s }) => {
        const ref = citeNormalized(segmented, s.normStart, s.normEnd);
        return ref ? [{ text: s.text, ref }] : [];
      });

    const partText = part.map((p) => p.text).join("\n");
    // A concept's name can only occur in a part whose passages the concept is linked to.
    const keyTerms = glossaryMatchers
      .filter(([entry]) => !entry.conceptId || lessonConceptIds.has(entry.conceptId))
      .filter(([, matcher]) => matcher.test(partText))
      .map(([entry]) => entry)
      .slice(0, 12);
    if (objectives.length === 0 && summary[0]) {
      objectives.push({ text: `Summarise the main point: ${summary[0].text}`, ref: summary[0].ref });
    }

    return {
      id: `${meta.id}-l${partIndex + 1}`,
      articleId: meta.id,
      title: parts.length > 1 ? `${meta.title} (part ${partIndex + 1} of ${parts.length})` : meta.title,
      objectives,
      summary,
      keyTerms,
      readingMinutes: Math.max(0.5, Math.round((countWords(partText) / wordsPerMinute) * 2) / 2),
      passageIds: part.map((p) => p.id),
      conceptIds: lessonConcepts.map((c) => c.id),
    };
  });
}
