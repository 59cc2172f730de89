import { type ArticleAnalysis, analyzeArticle } from "./analyze.ts";
import type { Claim, Definition, NormalizationReport, Sentence } from "./bundle.ts";
import { assessSentences, createWordChecks } from "./fitness.ts";
import {
  buildNormalizationReport,
  countWordForms,
  countWordPairs,
  type NormalizedText,
  normalizeText,
  repairTitleCase,
  vocabularyOf,
} from "./normalize.ts";
import { type SegmentedArticle, segmentArticle } from "./segment.ts";
import { markStances } from "./stance.ts";
import { collectCasingEvidence } from "./title-case.ts";

/** What reading a sentence found: how fit it is to quote and whose claim it makes. */
export type SentenceReading = Pick<Sentence, "fitness" | "flags" | "isFit" | "stance">;

/** One article, read: its segmentation, its analysis, and a reading of every sentence. */
export interface AnalyzedArticle {
  segmented: SegmentedArticle;
  analysis: Omit<ArticleAnalysis, "definitions" | "claims"> & { definitions: Definition[]; claims: Claim[] };
  readings: Map<string, SentenceReading>;
  report: NormalizationReport;
}

/**
 * Reads the articles of a course: normalisation (with the course's vocabulary, so recurring words
 * are never "corrected"), segmentation, analysis, then sentence fitness and stance, which need the
 * whole course's word counts. A claim is a fact only when its sentence is fit and asserted.
 *
 * @example
 * const [article] = readArticles([{ id: "a1", rawText: "Perhaps it works. It costs $5." }]);
 * article?.analysis.claims[0]?.isFact; // true: "It costs $5." is asserted and fit
 */
export function readArticles(
  articles: ReadonlyArray<{ id: string; rawText: string }>,
  onArticle?: (done: number) => void,
): AnalyzedArticle[] {
  const rawForms = countWordForms(articles.map((a) => a.rawText));
  const vocabulary = vocabularyOf(rawForms);
  const pairs = countWordPairs(articles.map((a) => a.rawText));
  // Title case is repaired once every article is normalised: how the course capitalises names in its
  // normally cased sentences is the evidence the repair keeps them by.
  const settled = articles.map((article) =>
    normalizeText(article.rawText, { vocabulary, forms: rawForms, pairs, repairTitleCase: false }),
  );
  const casing = collectCasingEvidence(settled.map((n) => n.text));
  const read = articles.map((article, index) => {
    const normalized = repairTitleCase(settled[index] as NormalizedText, casing);
    const segmented = segmentArticle(article.id, normalized);
    const analysis = analyzeArticle(segmented);
    onArticle?.(index + 1);
    return { segmented, analysis, report: buildNormalizationReport(article.id, normalized) };
  });
  const normalizedTexts = read.map((a) => a.segmented.normalized.text);
  const forms = countWordForms(normalizedTexts);
  const normalizedVocabulary = vocabularyOf(forms);
  const checks = createWordChecks();
  return read.map(({ segmented, analysis, report }) => {
    const fitness = assessSentences(segmented, analysis.mentions, {
      vocabulary: normalizedVocabulary,
      forms,
      checks,
    });
    const stances = markStances(segmented);
    const readings = new Map<string, SentenceReading>();
    for (const sentence of segmented.sentences) {
      const fit = fitness.get(sentence.id) ?? { fitness: 0, flags: [] };
      readings.set(sentence.id, {
        fitness: fit.fitness,
        flags: fit.flags,
        isFit: fit.flags.length === 0,
        stance: stances.get(sentence.id) ?? { kind: "asserted", cues: [] },
      });
    }
    const readingOf = (id: string) => readings.get(id);
    return {
      segmented,
      report,
      readings,
      analysis: {
        ...analysis,
        definitions: analysis.definitions.map((d) => ({
          ...d,
          isFit: readingOf(d.sentenceId)?.isFit ?? false,
        })),
        claims: analysis.claims.map((c) => {
          const reading = readingOf(c.sentenceId);
          const stance = reading?.stance ?? { kind: "asserted" as const, cues: [] };
          return { ...c, stance, isFact: (reading?.isFit ?? false) && stance.kind === "asserted" };
        }),
      },
    };
  });
}
