import { bundleSchemaVersion, type CourseBundle, CourseBundleSchema } from "../course.ts";

/**
 * Builds small, valid course bundles for tests and the bench: the analysis is given by substrings,
 * offsets are computed here. Not part of the public API.
 */

const SCALE_WORD = /\b(thousand|million|billion|trillion)\b/i;
const SCALES: Record<string, number> = { thousand: 1e3, million: 1e6, billion: 1e9, trillion: 1e12 };

export interface ArticleSpec {
  id: string;
  /** Paragraphs; each becomes a passage, split into sentences at ". ". */
  paragraphs: string[];
}

export interface AnalysisSpec {
  mentions?: {
    articleId: string;
    text: string;
    kind: CourseBundle["mentions"][number]["kind"];
    normalized?: string;
    value?: number;
    unit?: string;
    nth?: number;
  }[];
  definitions?: {
    articleId: string;
    term: string;
    definition: string;
    sentence: string;
    isAnalogy?: boolean;
    pattern?: string;
  }[];
  causalLinks?: { articleId: string; cause: string; effect: string; sentence: string; marker?: string }[];
  claims?: { articleId: string; sentence: string }[];
  concepts?: {
    id: string;
    name: string;
    aliases?: string[];
    definition: string;
    definitionSentence?: { articleId: string; sentence: string };
  }[];
}

function occurrence(text: string, needle: string, nth = 0): number {
  let index = -1;
  for (let i = 0; i <= nth; i++) {
    index = text.indexOf(needle, index + 1);
    if (index < 0) throw new Error(`"${needle}" not found`);
  }
  return index;
}

/** Hand-written test sentences are clean, asserted prose. */
const cleanReading = { fitness: 1, flags: [], isFit: true, stance: { kind: "asserted" as const, cues: [] } };

export function makeBundle(articles: ArticleSpec[], analysis: AnalysisSpec = {}): CourseBundle {
  const bundle: CourseBundle = {
    schemaVersion: bundleSchemaVersion,
    course: {
      id: "test",
      title: "Test course",
      description: "",
      language: "en",
      version: "1",
      authors: [],
      license: "MIT",
    },
    articles: [],
    passages: [],
    sentences: [],
    mentions: [],
    definitions: [],
    causalLinks: [],
    claims: [],
    concepts: [],
    glossary: [],
    lessons: [],
    outline: [],
    conceptMap: [],
    reports: [],
    questionFiles: [],
  };
  for (const spec of articles) {
    const rawText = spec.paragraphs.join("\n");
    bundle.articles.push({
      id: spec.id,
      title: spec.id,
      file: `articles/${spec.id}.txt`,
      sha256: "0".repeat(64),
      rawText,
      normalizedText: rawText,
    });
    let cursor = 0;
    spec.paragraphs.forEach((paragraph, index) => {
      const passageId = `${spec.id}-p${index}`;
      const sentenceIds: string[] = [];
      let start = 0;
      const parts = paragraph.split(/(?<=[.!?])\s+/);
      for (const part of parts) {
        const offset = paragraph.indexOf(part, start);
        const id = `${passageId}-s${sentenceIds.length}`;
        sentenceIds.push(id);
        bundle.sentences.push({
          id,
          articleId: spec.id,
          passageId,
          text: part,
          rawStart: cursor + offset,
          rawEnd: cursor + offset + part.length,
          ...cleanReading,
        });
        start = offset + part.length;
      }
      bundle.passages.push({
        id: passageId,
        articleId: spec.id,
        index,
        text: paragraph,
        rawStart: cursor,
        rawEnd: cursor + paragraph.length,
        sentenceIds,
        conceptIds: [],
      });
      cursor += paragraph.length + 1;
    });
  }
  const sentenceOf = (articleId: string, sentence: string) => {
    const found = bundle.sentences.find((s) => s.articleId === articleId && s.text.includes(sentence));
    if (!found) throw new Error(`sentence "${sentence}" not found in ${articleId}`);
    return found;
  };
  const spanOf = (articleId: string, sentence: string) => {
    const s = sentenceOf(articleId, sentence);
    const start = s.rawStart + s.text.indexOf(sentence);
    return {
      sentenceId: s.id,
      passageId: s.passageId,
      articleId,
      rawStart: start,
      rawEnd: start + sentence.length,
    };
  };
  for (const [i, m] of (analysis.mentions ?? []).entries()) {
    const raw = bundle.articles.find((a) => a.id === m.articleId)?.rawText ?? "";
    const start = occurrence(raw, m.text, m.nth ?? 0);
    const sentence = bundle.sentences.find(
      (s) => s.articleId === m.articleId && s.rawStart <= start && start < s.rawEnd,
    );
    if (!sentence) throw new Error(`no sentence for mention ${m.text}`);
    bundle.mentions.push({
      id: `m${i}`,
      kind: m.kind,
      text: m.text,
      normalized: m.normalized ?? m.text,
      ...(m.value === undefined ? {} : { value: m.value }),
      ...(m.unit === undefined ? {} : { unit: m.unit }),
      // As content gives it: the factor of a scale word the value includes ("$5.576 million" -> 1e6).
      ...(m.value === undefined || !SCALE_WORD.test(m.text)
        ? {}
        : { scale: SCALES[(SCALE_WORD.exec(m.text)?.[1] ?? "").toLowerCase()] ?? 1 }),
      sentenceId: sentence.id,
      passageId: sentence.passageId,
      articleId: m.articleId,
      rawStart: start,
      rawEnd: start + m.text.length,
    });
  }
  for (const [i, d] of (analysis.definitions ?? []).entries()) {
    bundle.definitions.push({
      id: `d${i}`,
      term: d.term,
      definition: d.definition,
      gloss: d.definition,
      isFit: true,
      pattern: d.pattern ?? (d.isAnalogy ? "similar_to" : "means"),
      isAnalogy: d.isAnalogy ?? false,
      ...spanOf(d.articleId, d.sentence),
    });
  }
  for (const [i, c] of (analysis.causalLinks ?? []).entries()) {
    bundle.causalLinks.push({
      id: `c${i}`,
      cause: c.cause,
      effect: c.effect,
      marker: c.marker ?? "led to",
      ...spanOf(c.articleId, c.sentence),
    });
  }
  for (const [i, c] of (analysis.claims ?? []).entries()) {
    const span = spanOf(c.articleId, c.sentence);
    const mentionIds = bundle.mentions
      .filter((m) => m.rawStart >= span.rawStart && m.rawEnd <= span.rawEnd)
      .map((m) => m.id);
    bundle.claims.push({
      id: `k${i}`,
      text: c.sentence,
      mentionIds,
      ...span,
      stance: cleanReading.stance,
      isFact: true,
    });
  }
  for (const c of analysis.concepts ?? []) {
    const ref = c.definitionSentence
      ? spanOf(c.definitionSentence.articleId, c.definitionSentence.sentence)
      : undefined;
    const passageIds = bundle.passages
      .filter((p) => p.text.toLowerCase().includes(c.name.toLowerCase()))
      .map((p) => p.id);
    for (const p of bundle.passages) if (passageIds.includes(p.id)) p.conceptIds.push(c.id);
    bundle.concepts.push({
      id: c.id,
      name: c.name,
      aliases: c.aliases ?? [],
      definition: c.definition,
      kind: "term",
      ...(ref
        ? {
            definitionRef: {
              articleId: ref.articleId,
              passageId: ref.passageId,
              rawStart: ref.rawStart,
              rawEnd: ref.rawEnd,
              quote: c.definitionSentence?.sentence ?? "",
            },
          }
        : {}),
      passageIds,
      origin: "detected",
    });
  }
  return CourseBundleSchema.parse(bundle);
}
