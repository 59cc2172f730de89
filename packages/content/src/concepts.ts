import type { ArticleAnalysis } from "./analyze.ts";
import type { Citation, Concept, Definition } from "./bundle.ts";
import type { ContentProblem } from "./errors.ts";
import type { ConceptCard } from "./manifest.ts";
import { isKnownWord } from "./nlp.ts";
import { type NormalizedText, toRawSpan } from "./normalize.ts";
import type { SegmentedArticle } from "./segment.ts";

export interface AnalyzedArticle {
  segmented: SegmentedArticle;
  analysis: ArticleAnalysis;
}

/** At most this many concepts come from defined terms, and this many from recurring phrases. */
const maxDefinedConcepts = 24;
const maxRecurringConcepts = 8;

interface Candidate {
  id: string;
  name: string;
  aliases: string[];
  authorDefinition?: string;
  definedBy: string[];
  origin: "detected" | "author";
}

function slugOf(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

function keyOf(text: string): string {
  return text
    .toLowerCase()
    .replace(/[-\s]+/g, " ")
    .replace(/s$/, "")
    .trim();
}

function escapeRegex(text: string): string {
  return text.replace(/[.*+?^${}()|[\]\\]/g, "\\$&");
}

/**
 * Finds an author's quote in an article, as a span of its normalised text. The quote may be copied
 * from the normalised text or from the raw file (noise included); case, spacing and quote style do
 * not matter.
 *
 * @example
 * findQuote(normalizeText("It was hard to ignoreHaving tried it."), "ignoreHaving tried"); // { start: 15, end: 35 }: "ignore. Having tried"
 */
export function findQuote(
  normalized: NormalizedText,
  quote: string,
): { start: number; end: number } | undefined {
  const pattern = quotePattern(quote);
  const inText = pattern.exec(normalized.text);
  if (inText) return { start: inText.index, end: inText.index + inText[0].length };
  const inRaw = pattern.exec(normalized.rawText);
  if (!inRaw) return undefined;
  // Map the raw span to the normalised characters that came from it (offsets only grow).
  const firstAtOrAfter = (rawOffset: number) => {
    let lo = 0;
    let hi = normalized.rawStarts.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if ((normalized.rawStarts[mid] ?? 0) < rawOffset) lo = mid + 1;
      else hi = mid;
    }
    return lo;
  };
  const start = firstAtOrAfter(inRaw.index);
  const end = firstAtOrAfter(inRaw.index + inRaw[0].length);
  return end > start ? { start, end } : undefined;
}

/**
 * Author quotes (`definedBy`) that match no article: each a problem pointing at its line in the cards file.
 *
 * @example
 * checkConceptQuotes([{ name: "Chips", aliases: [], definedBy: ["cheese"] }], [normalizeText("Chips.")], { path: "concepts.yaml", text });
 * // [{ path: "concepts.yaml", line: 4, message: 'definedBy quote of "Chips" is not in any article: ...' }]
 */
export function checkConceptQuotes(
  cards: ConceptCard[],
  articles: NormalizedText[],
  cardsFile: { path: string; text: string },
): ContentProblem[] {
  const problems: ContentProblem[] = [];
  const lines = cardsFile.text.split("\n");
  for (const card of cards) {
    for (const quote of card.definedBy) {
      if (articles.some((article) => findQuote(article, quote))) continue;
      const index = lines.findIndex((line) => line.includes(quote.slice(0, 40)));
      problems.push({
        path: cardsFile.path,
        ...(index >= 0 ? { line: index + 1 } : {}),
        message: `definedBy quote of "${card.name}" is not in any article: copy the words exactly from an article`,
      });
    }
  }
  return problems;
}

/**
 * A quote as a pattern: case, spacing and quote style are not significant.
 *
 * @example
 * quotePattern("the “Jevons  Paradox.”").test('The "Jevons Paradox."'); // true
 */
export function quotePattern(quote: string): RegExp {
  const body = quote
    .trim()
    .split(/\s+/)
    .map((word) => escapeRegex(word).replace(/["'“”‘’]/g, "[\"'“”‘’]"))
    .join("\\s+");
  return new RegExp(body, "iu");
}

/**
 * True when a defined term names an idea worth a concept or glossary entry: not an analogy, not a
 * name (`names` holds keys of names seen as entities), at most four words, no stray quotes, and
 * specific (several words, a word the vocabulary lacks, or a long one: "distillation", not "story").
 *
 * @example
 * isTeachableTerm({ ...definition, term: "distillation" }, new Set()); // true
 */
export function isTeachableTerm(definition: Definition, names: ReadonlySet<string>): boolean {
  const { term } = definition;
  if (definition.isAnalogy || names.has(keyOf(term))) return false;
  if (term.split(" ").length > 4 || !/\p{L}{4}/u.test(term) || /["“”()]/.test(term)) return false;
  return term.includes(" ") || !isKnownWord(term) || term.length >= 9;
}

/**
 * Keys of the names (people, organisations, places, products) the analysis found.
 *
 * @example
 * nameKeys(articles).has("deepseek"); // true when DeepSeek was found as a name
 */
export function nameKeys(articles: AnalyzedArticle[]): Set<string> {
  const keys = new Set<string>();
  for (const { analysis } of articles) {
    for (const m of analysis.mentions)
      if (["person", "organization", "place", "product"].includes(m.kind)) keys.add(keyOf(m.text));
  }
  return keys;
}

/**
 * A matcher for a concept's names: case-insensitive, whole words, hyphen or space alike, plural allowed.
 *
 * @example
 * conceptMatcher(["open source"]).test("Open-Source models"); // true
 */
export function conceptMatcher(names: string[]): RegExp {
  const alternatives = [...new Set(names.map((n) => n.trim()).filter((n) => n.length > 1))]
    .sort((a, b) => b.length - a.length)
    .map((n) => escapeRegex(n).replace(/(?:\\-|\s)+/g, "[-\\s]+"));
  return new RegExp(`(?<![\\p{L}\\p{N}])(?:${alternatives.join("|")})(?:s|es)?(?![\\p{L}\\p{N}])`, "iu");
}

/**
 * A quick necessary condition for `conceptMatcher(names)`: the longest word of some name occurs,
 * in any case. Same case folding as the matcher, but no look-behind to try at every position.
 */
function namesHint(names: string[]): RegExp {
  const words = names.map((n) => n.split(/[-\s]+/).sort((a, b) => b.length - a.length)[0] ?? n);
  return new RegExp([...new Set(words)].filter(Boolean).map(escapeRegex).join("|") || "(?:)", "iu");
}

/**
 * A citation for `[start, end)` of an article's normalised text: the quote, its passage, its raw offsets.
 *
 * @example
 * citeNormalized(article, 0, 12); // { articleId, passageId, quote: "In recent ti", rawStart: 15, rawEnd: 27 }
 */
export function citeNormalized(article: SegmentedArticle, start: number, end: number): Citation | undefined {
  const passage = article.passages.find((p) => p.normStart <= start && end <= p.normEnd);
  if (!passage) return undefined;
  return {
    articleId: article.articleId,
    passageId: passage.id,
    quote: article.normalized.text.slice(start, end),
    ...toRawSpan(article.normalized, start, end),
  };
}

function citeDefinition(articles: AnalyzedArticle[], definition: Definition): Citation | undefined {
  const article = articles.find((a) => a.segmented.articleId === definition.articleId)?.segmented;
  const sentence = article?.sentences.find((s) => s.id === definition.sentenceId);
  return article && sentence ? citeNormalized(article, sentence.normStart, sentence.normEnd) : undefined;
}

/** Terms that recur across articles: candidates for concepts nobody wrote a card for. */
function recurringTerms(articles: AnalyzedArticle[]): string[] {
  const documentFrequency = new Map<string, { term: string; articles: number; count: number }>();
  for (const { analysis } of articles) {
    for (const { term, count } of analysis.keyTerms) {
      const entry = documentFrequency.get(keyOf(term)) ?? { term, articles: 0, count: 0 };
      entry.articles++;
      entry.count += count;
      documentFrequency.set(keyOf(term), entry);
    }
  }
  const minArticles = Math.min(2, articles.length);
  return [...documentFrequency.values()]
    .filter((e) => e.articles >= minArticles && e.term.includes(" "))
    .sort((a, b) => b.articles * b.count - a.articles * a.count || a.term.localeCompare(b.term))
    .slice(0, maxRecurringConcepts)
    .map((e) => e.term);
}

/**
 * Finds the course's concepts across articles and links every passage that discusses them.
 * Candidates come from author concept cards (which win), from defined terms ("X, known as Y",
 * "X means ...") and from noun phrases that recur across articles. Each concept gets a definition
 * drawn from the text with its citation: the author's `definedBy` quote, else a definitional
 * sentence about one of its names, else the first sentence that names it.
 *
 * @example
 * const concepts = detectConcepts(articles, [{ name: "Jevons paradox", aliases: ["Jevons"], definedBy: [] }]);
 * concepts[0]?.passageIds; // every passage that names the paradox
 */
export function detectConcepts(articles: AnalyzedArticle[], cards: ConceptCard[]): Concept[] {
  const candidates: Candidate[] = cards.map((card) => ({
    id: card.id ?? slugOf(card.name),
    name: card.name,
    aliases: card.aliases,
    ...(card.definition === undefined ? {} : { authorDefinition: card.definition }),
    definedBy: card.definedBy,
    origin: "author",
  }));
  const known = new Set(candidates.flatMap((c) => [c.name, ...c.aliases].map(keyOf)));
  const addDetected = (term: string) => {
    const key = keyOf(term);
    if (key.length < 4 || known.has(key)) return;
    known.add(key);
    candidates.push({ id: slugOf(term), name: term, aliases: [], definedBy: [], origin: "detected" });
  };
  // Names (DeepSeek, United States) are entities, not concepts to teach.
  for (const key of nameKeys(articles)) known.add(key);
  // Defined terms, the most often defined first; capped so large corpora stay linear.
  const definedTerms = new Map<string, { term: string; count: number; order: number }>();
  for (const { analysis } of articles) {
    for (const d of analysis.definitions) {
      if (!isTeachableTerm(d, known)) continue;
      const entry = definedTerms.get(keyOf(d.term)) ?? { term: d.term, count: 0, order: definedTerms.size };
      entry.count++;
      definedTerms.set(keyOf(d.term), entry);
    }
  }
  const mostDefined = [...definedTerms.values()].sort((a, b) => b.count - a.count || a.order - b.order);
  for (const entry of mostDefined.slice(0, maxDefinedConcepts)) addDetected(entry.term);
  for (const term of recurringTerms(articles)) addDetected(term);

  const allDefinitions = articles.flatMap((a) => a.analysis.definitions);
  const concepts: Concept[] = [];
  const usedIds = new Set<string>();
  for (const candidate of candidates) {
    const names = [candidate.name, ...candidate.aliases];
    const matcher = conceptMatcher(names);
    // Every name holds its longest word: a plain search for those rules most passages out cheaply.
    const hint = namesHint(names);
    const passageIds = articles.flatMap((a) =>
      a.segmented.passages.filter((p) => hint.test(p.text) && matcher.test(p.text)).map((p) => p.id),
    );

    let definitionRef: Citation | undefined;
    for (const quote of candidate.definedBy) {
      for (const { segmented } of articles) {
        const found = findQuote(segmented.normalized, quote);
        if (found) {
          definitionRef = citeNormalized(segmented, found.start, found.end);
          break;
        }
      }
      if (definitionRef) break;
    }
    if (!definitionRef) {
      const byTerm =
        allDefinitions.find((d) => !d.isAnalogy && matcher.test(d.term)) ??
        allDefinitions.find((d) => matcher.test(d.term)) ??
        allDefinitions.find((d) => !d.isAnalogy && matcher.test(d.definition));
      if (byTerm) definitionRef = citeDefinition(articles, byTerm);
    }
    if (!definitionRef) {
      for (const { segmented } of articles) {
        const sentence = segmented.sentences.find((s) => matcher.test(s.text));
        if (sentence) {
          definitionRef = citeNormalized(segmented, sentence.normStart, sentence.normEnd);
          break;
        }
      }
    }
    if (candidate.origin === "detected" && (passageIds.length < 2 || !definitionRef)) continue;
    if (!definitionRef && candidate.authorDefinition === undefined) continue;
    let id = candidate.id || "concept";
    for (let n = 2; usedIds.has(id); n++) id = `${candidate.id}-${n}`;
    usedIds.add(id);
    concepts.push({
      id,
      name: candidate.name,
      aliases: candidate.aliases,
      definition: candidate.authorDefinition ?? definitionRef?.quote ?? "",
      ...(definitionRef ? { definitionRef } : {}),
      passageIds,
      origin: candidate.origin,
    });
  }
  return concepts;
}
