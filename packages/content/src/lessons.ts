import type { CausalLink, CitedText, Concept, KeyTerm, Lesson } from "./bundle.ts";
import { type AnalyzedArticle, citeNormalized, conceptMatcher } from "./concepts.ts";
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
  article: AnalyzedArticle,
  concepts: Concept[],
  glossary: KeyTerm[],
): Lesson[] {
  const { segmented, analysis } = article;
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

  const sentenceById = new Map(segmented.sentences.map((s) => [s.id, s]));
  const definitionSentences = new Set(analysis.definitions.map((d) => d.sentenceId));
  const claimSentences = new Set(analysis.claims.map((c) => c.sentenceId));
  const causalSentences = new Set(analysis.causalLinks.map((c) => c.sentenceId));

  const readings = article.readings;
  const defined = new Set(glossary.flatMap((entry) => (entry.conceptId ? [entry.conceptId] : [])));

  return parts.map((part, partIndex) => {
    const lessonConceptIds = new Set(part.flatMap((p) => conceptsByPassage.get(p.id) ?? []));
    const lessonConcepts = concepts.filter((c) => lessonConceptIds.has(c.id));
    const partSentences = part.flatMap((p) =>
      p.sentenceIds.map((id) => sentenceById.get(id)).filter((x) => x !== undefined),
    );
    const citeSentence = (id: string) => {
      const sentence = sentenceById.get(id);
      return sentence && citeNormalized(segmented, sentence.normStart, sentence.normEnd);
    };
    const isQuotable = (id: string) => {
      const reading = readings.get(id);
      return reading?.isFit === true && reading.stance.kind !== "rejected";
    };

    // Objectives: what a student should be able to do, drawn from what the text defines, explains
    // (cause and effect in a fit, asserted sentence) and likens.
    const objectives: CitedText[] = [];
    const partPassages = new Set(part.map((p) => p.id));
    const causes = analysis.causalLinks.filter(
      (link) =>
        partPassages.has(link.passageId) &&
        isQuotable(link.sentenceId) &&
        isPlainClause(link.cause) &&
        isPlainClause(link.effect) &&
        // "X, and Y helps Z" or "are caused by": the cause is not one plain phrase before the marker.
        !link.cause.includes(",") &&
        !new RegExp(`\\b(?:is|are|was|were|be|been)\\s+${link.marker}\\b`, "i").test(
          sentenceById.get(link.sentenceId)?.text ?? "",
        ),
    );
    const usedCauses = new Set<string>();
    for (const concept of lessonConcepts) {
      const definedHere =
        concept.definitionRef && part.some((p) => p.id === concept.definitionRef?.passageId);
      const cause = causes.find(
        (link) =>
          !usedCauses.has(link.id) && matcherOf(concept).test(sentenceById.get(link.sentenceId)?.text ?? ""),
      );
      if (cause && (definedHere || concept.kind !== "entity")) {
        const ref = citeSentence(cause.sentenceId);
        if (ref) {
          usedCauses.add(cause.id);
          objectives.push({ text: `${causeObjective(cause)} (${concept.name}).`, ref });
          continue;
        }
      }
      // Only a concept the text defines (it has a gloss) makes a "define" objective.
      if (!definedHere || !concept.definitionRef || !defined.has(concept.id)) continue;
      objectives.push({
        text:
          concept.kind === "analogy"
            ? comparisonObjective(concept)
            : concept.kind === "entity"
              ? `Describe ${concept.name} and its part in the story.`
              : `Define ${concept.name} in your own words and give the article's example of it.`,
        ref: concept.definitionRef,
      });
    }
    // Too few: what the part explains, with the concept it bears on where a sentence names one.
    for (const cause of causes) {
      if (objectives.length >= 2) break;
      if (usedCauses.has(cause.id)) continue;
      const text = sentenceById.get(cause.sentenceId)?.text ?? "";
      const concept = lessonConcepts.find((c) => matcherOf(c).test(text));
      const ref = citeSentence(cause.sentenceId);
      if (!ref) continue;
      usedCauses.add(cause.id);
      objectives.push({ text: `${causeObjective(cause)}${concept ? ` (${concept.name})` : ""}.`, ref });
    }
    if (objectives.length === 0) {
      // No definition or explanation in this part: the defined concepts it discusses most, by name.
      // A key phrase the text never defines ("breakthrough") makes no objective a teacher could set.
      for (const concept of lessonConcepts.filter((c) => c.definitionRef).slice(0, 2)) {
        const sentence = partSentences.find((x) => isQuotable(x.id) && matcherOf(concept).test(x.text));
        const ref =
          (sentence && citeNormalized(segmented, sentence.normStart, sentence.normEnd)) ??
          concept.definitionRef;
        if (ref)
          objectives.push({
            text: `Say what the article claims about ${concept.name}, and on what grounds.`,
            ref,
          });
      }
    }

    // Summary: the most central fit sentences, covering the lesson's concepts, in reading order,
    // without near-duplicates. Centrality: how many of the part's recurring words a sentence holds.
    const wordsOf = new Map(partSentences.map((s) => [s.id, contentWords(s.text)]));
    const wordWeights = new Map<string, number>();
    for (const words of wordsOf.values())
      for (const w of words) wordWeights.set(w, (wordWeights.get(w) ?? 0) + 1);
    const conceptById = new Map(lessonConcepts.map((c) => [c.id, c]));
    const scored = part.flatMap((passage, passageIndex) => {
      const conceptMatchers = (conceptsByPassage.get(passage.id) ?? []).flatMap((id) => {
        const concept = conceptById.get(id);
        return concept ? [{ id, matcher: matcherOf(concept) }] : [];
      });
      return passage.sentenceIds.flatMap((id, sentenceIndex) => {
        const s = sentenceById.get(id);
        if (!s || !isQuotable(id)) return [];
        const words = s.lastToken - s.firstToken;
        if (words < 7 || words > 60) return [];
        const own = [...new Set(wordsOf.get(id) ?? contentWords(s.text))];
        let score =
          own.reduce((sum, w) => sum + Math.log2(1 + (wordWeights.get(w) ?? 0)), 0) /
          Math.sqrt(1 + own.length);
        if (definitionSentences.has(id)) score += 2;
        if (claimSentences.has(id)) score += 0.5;
        if (causalSentences.has(id)) score += 1;
        if (readings.get(id)?.stance.kind === "reported") score -= 1;
        // A summary line read on its own: one that leans on the sentence before ("(Basically, it
        // means …", "They …") or sits in brackets says little out of its place.
        if (leansBack.test(s.text)) score -= 3;
        const covers = conceptMatchers.filter((m) => m.matcher.test(s.text)).map((m) => m.id);
        score += covers.length * 1.5;
        if (passageIndex === 0 && sentenceIndex === 0) score += 1;
        return [{ s, score, covers, words: new Set(own) }];
      });
    });
    const summaryLength = Math.min(5, Math.max(2, Math.ceil(scored.length / 6)));
    const ranked = scored
      .map((entry, order) => ({ ...entry, order }))
      .sort((a, b) => b.score - a.score || a.order - b.order);
    const chosen: typeof ranked = [];
    const covered = new Set<string>();
    // First the best sentence for each concept not yet covered, then the best of the rest.
    for (const pass of ["cover", "fill"] as const) {
      for (const entry of ranked) {
        if (chosen.length >= summaryLength) break;
        if (chosen.includes(entry)) continue;
        if (pass === "cover" && !entry.covers.some((id) => !covered.has(id))) continue;
        if (chosen.some((c) => overlap(c.words, entry.words) > 0.6)) continue;
        chosen.push(entry);
        for (const id of entry.covers) covered.add(id);
      }
    }
    const summary: CitedText[] = chosen
      .sort((a, b) => a.s.normStart - b.s.normStart)
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

/** A cause or effect that reads as a phrase of its own: 2 to 16 words, no quote, no bracket. */
function isPlainClause(text: string): boolean {
  const words = text.split(/\s+/).length;
  return words >= 2 && words <= 16 && !/["“”()]/.test(text);
}

const lowerFirst = (text: string) =>
  /^\p{Lu}\p{Ll}/u.test(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;

/**
 * An objective from cause and effect: "Explain why the demand for chips rose" for "because" and
 * "as a result", "Explain how X leads to Y" for "X led to / drives / enables Y".
 */
function causeObjective(link: CausalLink): string {
  const effect = lowerFirst(link.effect.replace(/^(?:that|then|and)\s+/i, ""));
  const cause = lowerFirst(link.cause);
  if (
    /^(?:because|due to|owing to|thanks to|because of|so that|therefore|thus|as a result|consequently)$/.test(
      link.marker,
    )
  )
    return `Explain why ${effect}`;
  return `Explain how ${cause} ${link.marker} ${effect}`;
}

/** "This training is similar to the AlphaGo Zero model" -> compare the two sides of the likeness. */
function comparisonObjective(concept: Concept): string {
  const target = concept.aliases[0] ?? concept.name;
  const likeness = concept.definition;
  const subject =
    /^(.{3,80}?)\s+(?:is|are|was|were)\s+(?:similar to|akin to|analogous to|comparable to|like)\b/i.exec(
      likeness,
    )?.[1];
  return subject
    ? `Compare ${lowerFirst(subject.replace(/^(?:this|that|these)\s+/i, "the "))} with ${target}, and say what the likeness shows.`
    : `Explain what the article likens to ${target} and what the comparison shows.`;
}

// A pronoun for something named before, or a conjunction that continues the sentence before ("And
// if you are …", "But the costs …").
const leansBack =
  /^\(|^(?:and|but|so|or|yet|also|then|nor)\b|^(?:\p{L}+,\s+)?(?:it|this|that|these|those|they|he|she|such)\b(?!\s+(?:is|was)\s+(?:why|how|what))/iu;

/** Words that carry content: lower-cased, four letters or more. */
function contentWords(text: string): string[] {
  return (text.toLowerCase().match(/\p{L}{4,}/gu) ?? []).filter((w) => !stopWords.has(w));
}
const stopWords = new Set(
  "that this with from have has were been they their there which what when will would could should about into than then them these those also such more most some very just even only other".split(
    " ",
  ),
);

/** The share of the smaller set's words that the other holds too. */
function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / Math.max(1, Math.min(a.size, b.size));
}
