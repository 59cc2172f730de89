import {
  bundleSchemaVersion,
  type CourseBundle,
  CourseBundleSchema,
  type KeyTerm,
  type NormalizationReport,
  upgradableSchemaVersions,
} from "./bundle.ts";
import {
  checkConceptQuotes,
  citeNormalized,
  detectConceptsWithSources,
  isTeachableTerm,
  nameKeys,
} from "./concepts.ts";
import { ContentError, ContentValidationError } from "./errors.ts";
import { sha256Hex } from "./hash.ts";
import { buildLessons } from "./lessons.ts";
import { buildNormalizationReport, type NormalizedText, normalizeText } from "./normalize.ts";
import { readArticles } from "./read.ts";
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

  const analyzed = readArticles(contentPackage.articles, (done) => options.onProgress?.(done, total));
  const reports = analyzed.map((a) => a.report);

  if (contentPackage.conceptCardsFile) {
    const quoteProblems = checkConceptQuotes(
      contentPackage.conceptCards,
      analyzed.map((a) => a.segmented.normalized),
      contentPackage.conceptCardsFile,
    );
    if (quoteProblems.length > 0) throw new ContentValidationError(quoteProblems);
  }
  const detected = detectConceptsWithSources(analyzed, contentPackage.conceptCards);
  const concepts = detected.map((d) => d.concept);
  const conceptsByPassage = new Map<string, string[]>();
  for (const concept of concepts) {
    for (const id of concept.passageIds)
      conceptsByPassage.set(id, [...(conceptsByPassage.get(id) ?? []), concept.id]);
  }

  // Glosses are definitions only: the author's, or a defining sentence that reads well.
  const glossary: KeyTerm[] = [];
  const glossed = new Set<string>();
  const addGloss = (entry: KeyTerm) => {
    const key = entry.term.toLowerCase();
    if (glossed.has(key)) return;
    glossed.add(key);
    glossary.push(entry);
  };
  for (const entry of contentPackage.glossary) addGloss({ term: entry.term, gloss: entry.gloss });
  for (const { concept, source } of detected) {
    if (source === "none") continue;
    addGloss({
      term: concept.name,
      gloss: concept.definition,
      ...(concept.definitionRef ? { ref: concept.definitionRef } : {}),
      conceptId: concept.id,
    });
  }
  const names = nameKeys(analyzed);
  for (const article of analyzed) {
    for (const definition of article.analysis.definitions) {
      if (!definition.isFit || !isTeachableTerm(definition, names)) continue;
      const sentence = article.segmented.sentences.find((s) => s.id === definition.sentenceId);
      const ref = sentence && citeNormalized(article.segmented, sentence.normStart, sentence.normEnd);
      if (ref) addGloss({ term: definition.term, gloss: definition.definition, ref });
    }
  }

  const lessons = analyzed.flatMap((article, index) => {
    const meta = contentPackage.articles[index];
    return meta ? buildLessons({ id: meta.id, title: meta.meta.title }, article, concepts, glossary) : [];
  });

  const bundle: CourseBundle = {
    schemaVersion: bundleSchemaVersion,
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
      segmented.passages.map(({ normStart, normEnd, ...passage }) => ({
        ...passage,
        conceptIds: conceptsByPassage.get(passage.id) ?? [],
      })),
    ),
    sentences: analyzed.flatMap(({ segmented, readings }) =>
      segmented.sentences.map(({ normStart, normEnd, firstToken, lastToken, ...sentence }) => ({
        ...sentence,
        ...(readings.get(sentence.id) ?? {
          fitness: 0,
          flags: [],
          isFit: false,
          stance: { kind: "asserted", cues: [] },
        }),
      })),
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
 * Parses and checks a bundle read back from JSON: one of an upgradable older schema version is read
 * as the current one (its shape is a subset); a `ContentError` for a bundle of any other version
 * (rebuild it), a ZodError when it does not match.
 *
 * @example
 * const bundle = parseCourseBundle(JSON.parse(readFileSync("bundle.json", "utf8")));
 */
export function parseCourseBundle(json: unknown): CourseBundle {
  const version = (json as { schemaVersion?: unknown } | null)?.schemaVersion;
  if (typeof version === "number" && upgradableSchemaVersions.includes(version))
    return CourseBundleSchema.parse({ ...(json as object), schemaVersion: bundleSchemaVersion });
  if (version !== bundleSchemaVersion) {
    throw new ContentError(
      `bundle schemaVersion ${JSON.stringify(version)} is not ${bundleSchemaVersion}: rebuild the bundle from its content package (groundwork content build)`,
    );
  }
  return CourseBundleSchema.parse(json);
}
