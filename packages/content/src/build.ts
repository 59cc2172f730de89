import { analyzeArticle } from "./analyze.ts";
import { type CourseBundle, CourseBundleSchema, type KeyTerm, type NormalizationReport } from "./bundle.ts";
import {
  type AnalyzedArticle,
  checkConceptQuotes,
  citeNormalized,
  detectConcepts,
  isTeachableTerm,
  nameKeys,
} from "./concepts.ts";
import { ContentValidationError } from "./errors.ts";
import { sha256Hex } from "./hash.ts";
import { buildLessons } from "./lessons.ts";
import {
  buildNormalizationReport,
  countCourseWords,
  type NormalizedText,
  normalizeText,
} from "./normalize.ts";
import { segmentArticle } from "./segment.ts";
import { readContentPackage } from "./validate.ts";

export interface BuildOptions {
  /** Called after each article is analysed, and once more when the bundle is complete. */
  onProgress?: (done: number, total: number) => void;
}

/**
 * Normalises one article and reports every change.
 *
 * @example
 * const { normalized, report } = normalizeArticle("a1", "Advertisements\nIt works.");
 * normalized.text; // "It works."
 * report.counts; // { boilerplate: 1 }
 */
export function normalizeArticle(
  articleId: string,
  rawText: string,
  vocabulary?: ReadonlyMap<string, number>,
): { normalized: NormalizedText; report: NormalizationReport } {
  const normalized = normalizeText(rawText, vocabulary ? { vocabulary } : {});
  return { normalized, report: buildNormalizationReport(articleId, normalized) };
}

function strip<T extends object, K extends keyof T>(item: T, keys: K[]): Omit<T, K> {
  const copy = { ...item };
  for (const key of keys) delete copy[key];
  return copy;
}

/**
 * Builds the course bundle of a content package: validation, normalisation with provenance,
 * segmentation, analysis, concepts, lessons, outline and concept map. Pure and deterministic.
 * Throws a `ContentValidationError` listing every problem when the package is invalid.
 *
 * @example
 * const bundle = buildCourseBundle(files, { onProgress: (done, total) => console.error(`${done}/${total}`) });
 * bundle.passages[0]; // { id, articleId, text, rawStart, rawEnd, ... }
 */
export function buildCourseBundle(
  files: ReadonlyMap<string, Uint8Array>,
  options: BuildOptions = {},
): CourseBundle {
  const { problems, contentPackage } = readContentPackage(files);
  if (!contentPackage) throw new ContentValidationError(problems);
  const { manifest } = contentPackage;
  const total = contentPackage.articles.length + 1;

  const reports: NormalizationReport[] = [];
  const analyzed: AnalyzedArticle[] = [];
  // Words that recur anywhere in the course are terms or names, never typos to correct.
  const vocabulary = countCourseWords(contentPackage.articles.map((a) => a.rawText));
  contentPackage.articles.forEach((article, index) => {
    const { normalized, report } = normalizeArticle(article.id, article.rawText, vocabulary);
    const segmented = segmentArticle(article.id, normalized);
    analyzed.push({ segmented, analysis: analyzeArticle(segmented) });
    reports.push(report);
    options.onProgress?.(index + 1, total);
  });

  if (contentPackage.conceptCardsFile) {
    const quoteProblems = checkConceptQuotes(
      contentPackage.conceptCards,
      analyzed.map((a) => a.segmented.normalized),
      contentPackage.conceptCardsFile,
    );
    if (quoteProblems.length > 0) throw new ContentValidationError(quoteProblems);
  }
  const concepts = detectConcepts(analyzed, contentPackage.conceptCards);
  const conceptsByPassage = new Map<string, string[]>();
  for (const concept of concepts) {
    for (const id of concept.passageIds)
      conceptsByPassage.set(id, [...(conceptsByPassage.get(id) ?? []), concept.id]);
  }

  const glossary: KeyTerm[] = [];
  const glossed = new Set<string>();
  const addGloss = (entry: KeyTerm) => {
    const key = entry.term.toLowerCase();
    if (glossed.has(key)) return;
    glossed.add(key);
    glossary.push(entry);
  };
  for (const entry of contentPackage.glossary) addGloss({ term: entry.term, gloss: entry.gloss });
  for (const concept of concepts) {
    addGloss({
      term: concept.name,
      gloss: concept.definition,
      ...(concept.definitionRef ? { ref: concept.definitionRef } : {}),
      conceptId: concept.id,
    });
  }
  const names = nameKeys(analyzed);
  for (const { segmented, analysis } of analyzed) {
    for (const definition of analysis.definitions) {
      if (!isTeachableTerm(definition, names)) continue;
      const sentence = segmented.sentences.find((s) => s.id === definition.sentenceId);
      const ref = sentence && citeNormalized(segmented, sentence.normStart, sentence.normEnd);
      if (ref) addGloss({ term: definition.term, gloss: definition.definition, ref });
    }
  }

  const lessons = analyzed.flatMap((article, index) => {
    const meta = contentPackage.articles[index];
    return meta ? buildLessons({ id: meta.id, title: meta.meta.title }, article, concepts, glossary) : [];
  });

  const bundle: CourseBundle = {
    schemaVersion: 1,
    course: {
      id: manifest.id,
      title: manifest.title,
      description: manifest.description,
      language: manifest.language,
      version: manifest.version,
      authors: manifest.authors,
      license: manifest.license,
    },
    articles: contentPackage.articles.map((article, index) => ({
      id: article.id,
      title: article.meta.title,
      file: article.meta.file,
      sha256: sha256Hex(article.bytes),
      source: article.meta.source,
      date: article.meta.date,
      rawText: article.rawText,
      normalizedText: analyzed[index]?.segmented.normalized.text ?? "",
    })),
    passages: analyzed.flatMap(({ segmented }) =>
      segmented.passages.map((p) => ({
        ...strip(p, ["normStart", "normEnd"]),
        conceptIds: conceptsByPassage.get(p.id) ?? [],
      })),
    ),
    sentences: analyzed.flatMap(({ segmented }) =>
      segmented.sentences.map((s) => strip(s, ["normStart", "normEnd", "firstToken", "lastToken"])),
    ),
    mentions: analyzed.flatMap((a) => a.analysis.mentions),
    definitions: analyzed.flatMap((a) => a.analysis.definitions),
    causalLinks: analyzed.flatMap((a) => a.analysis.causalLinks),
    claims: analyzed.flatMap((a) => a.analysis.claims),
    concepts,
    glossary,
    lessons,
    outline: lessons.map((l) => l.id),
    conceptMap: concepts.map((c) => ({
      conceptId: c.id,
      lessonIds: lessons.filter((l) => l.conceptIds.includes(c.id)).map((l) => l.id),
    })),
    reports,
    questionFiles: contentPackage.questionFiles,
  };
  options.onProgress?.(total, total);
  return bundle;
}

/**
 * Parses and checks a bundle read back from JSON; throws a ZodError when it does not match.
 *
 * @example
 * const bundle = parseCourseBundle(JSON.parse(readFileSync("bundle.json", "utf8")));
 */
export function parseCourseBundle(json: unknown): CourseBundle {
  return CourseBundleSchema.parse(json);
}
