import type { Citation, Concept, Definition } from "./bundle.ts";
import { secondClauseAt } from "./clauses.ts";
import type { ContentProblem } from "./errors.ts";
import { lexicon } from "./lexicon.ts";
import type { ConceptCard } from "./manifest.ts";
import {
  countPair,
  hyphenatedPairs,
  type NameMatcher,
  nameMatcher,
  namesPattern,
  phraseMatches,
} from "./name-matcher.ts";
import { isKnownWord } from "./nlp.ts";
import { type NormalizedText, toRawSpan } from "./normalize.ts";
import type { AnalyzedArticle } from "./read.ts";
import type { SegmentedArticle, SegmentedPassage, SegmentedSentence } from "./segment.ts";
import { escapeRegex, hasLetter, hasUpper, isCapitalised, startsUpper } from "./word-classes.ts";
import { countWords, forEachAlphanumericRun } from "./words.ts";

// Letter-class patterns asked per word, phrase or sentence, compiled once: written inline, esbuild
// (tsx, the API bundle) turns each Unicode literal into a `new RegExp` per call (see word-classes.ts).
const doubledFinalLetter = /(\p{L})\1$/u;
const fourLetters = /\p{L}{4}/u;
const endsInAdverb = /\s\p{L}+ly$/u;
const oddCapitals = /\p{Ll}\p{Lu}|\p{Lu}{2,}\p{Ll}|\b\p{Lu}{4,}\b/u;
const innerCapitalisedWord = /(?<=\S\s)\p{Lu}\p{Ll}+/gu;
const nonLetters = /[^\p{L}]+/u;
const opensWithGerund = /^\p{L}+ing\s/u;
const lowerWord = /^\p{Ll}{3,}$/u;
const bracketedGloss = /^\s*\(((?:an?\s+)?\p{Ll}[\p{Ll}\s-]{2,58})\)/u;
const notAGloss =
  /^(?:or|and|e\.g|i\.e|see|such|like|for|including|especially|also|formerly|now|often|to|in|on|at|by|from|with|as|which|that|who|when|where|if|because|\p{L}+ly)\b/u;
const lowerInitial = /^\p{Ll}/u;
const leadingNounPhrase = /\b(?:its|their|his|her|our|an?|the)\s+(?:[\p{Ll}-]+\s+){0,2}[\p{Ll}-]{3,},\s+$/u;
const listItemBefore = /,\s+\p{L}+,\s+$/u;
const nameGoesOn = /^[\s-]+(?:\d|\p{Lu})/u;
const opensWithPronoun = /^\W*(?:\p{L}+,\s*)?(?:it|this|that)\s/iu;
const gerund = /^(\p{L}{3,})ing$/u;
const twoCapitalisedWords = /^\p{Lu}\S*\s+\p{Lu}/u;
const capitalisedHead = /^\p{Lu}\p{Ll}{2,}$/u;
const lettersOrDigits = /^[\p{L}\d]+$/u;
const notWordOrHyphen = /[^\p{L}\d-]/gu;
const bracketedShortForm = /\((\p{L}{2,8})s?\)/gu;
const wordsBefore = /((?:[\p{L}-]+\s+){1,8})$/u;

export type { AnalyzedArticle } from "./read.ts";

function slugOf(text: string): string {
  return text
    .toLowerCase()
    .replace(/[^a-z0-9]+/g, "-")
    .replace(/^-+|-+$/g, "");
}

/**
 * `fn`, its answers kept per argument: for the pure functions of a phrase that concept detection asks
 * about the same phrases again and again (its key, its words' frequencies). Bounded, cleared when full.
 */
function memoized<T>(fn: (text: string) => T): (text: string) => T {
  const answers = new Map<string, T>();
  return (text) => {
    let answer = answers.get(text);
    if (answer === undefined) {
      answer = fn(text);
      if (answers.size >= 20_000) answers.clear();
      answers.set(text, answer);
    }
    return answer;
  };
}

const keyOf = memoized((text) =>
  text
    .toLowerCase()
    .replace(/[-\s]+/g, " ")
    .replace(/s$/, "")
    .trim(),
);

/**
 * The root of a word, for telling one idea written two ways: "rolling", "rollers" and "rolled" all
 * give "roll"; "processes" gives "process". Roots shorter than three letters keep the word whole.
 *
 * @example
 * rootOf("Rollers"); // "roll"
 */
export function rootOf(word: string): string {
  const lower = word.toLowerCase();
  const stripped = lower.replace(/(?:ing|ers|er|ed|(?<![siu])s)$/, "");
  const root = (stripped.length >= 3 ? stripped : lower).replace(/e$/, "").replace(doubledFinalLetter, "$1");
  return root.length >= 3 ? root : lower;
}

// `isSameIdea` compares each candidate name with many others: a phrase's roots are made once.
const rootsMemo = new Map<string, string>();

/** The roots of a phrase's words, space-joined: "grooved rollers" -> "groov roll". */
function rootsOf(phrase: string): string {
  let roots = rootsMemo.get(phrase);
  if (roots === undefined) {
    roots = phrase
      .split(/[\s-]+/)
      .filter((w) => w.length > 0)
      .map(rootOf)
      .join(" ");
    if (rootsMemo.size >= 20_000) rootsMemo.clear();
    rootsMemo.set(phrase, roots);
  }
  return roots;
}

/**
 * True when two names are one idea: the same roots ("rolling" and "rollers", "gas" and "gases"), or
 * the shorter the longer's head ("cryptography" of "public key cryptography"), or a word and the
 * pair it leads ("puddling" and "puddling process"). A modifier of a longer term is an idea of its
 * own ("public key" in "public key cryptography").
 *
 * @example
 * isSameIdea("rollers", "rolling"); // true
 * isSameIdea("cryptography", "public key cryptography"); // true
 * isSameIdea("public key", "public key cryptography"); // false
 */
export function isSameIdea(a: string, b: string): boolean {
  const [short, long] = [rootsOf(a), rootsOf(b)].sort((x, y) => x.length - y.length) as [string, string];
  if (short === long) return true;
  const shortWords = short.split(" ");
  const longWords = long.split(" ");
  if (shortWords.length >= longWords.length) return false;
  if (` ${long}`.endsWith(` ${short}`)) return true;
  return shortWords.length === 1 && longWords.length === 2 && longWords[0] === short;
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
 * name (`names` holds keys of names seen as entities; "Great Britain" ends in one), at most four words, no stray quotes, and
 * specific (several words, a word the vocabulary lacks, or a long one: "distillation", not "story").
 *
 * @example
 * isTeachableTerm({ ...definition, term: "distillation" }, new Set()); // true
 */
export function isTeachableTerm(definition: Definition, names: ReadonlySet<string>): boolean {
  const { term } = definition;
  if (definition.isAnalogy || names.has(keyOf(term))) return false;
  // "Great Britain": a run of capitalised words ending in a name is a name, not a term.
  const words = term.split(/\s+/);
  if (words.length > 1 && words.every(startsUpper) && names.has(keyOf(words.at(-1) ?? ""))) return false;
  if (term.split(" ").length > 4 || !fourLetters.test(term) || /["“”()]/.test(term)) return false;
  // "more acidic water means less carbonate": a quantity or comparison of a thing, not a term.
  if (
    /^(?:more|less|most|least|fewer|many|much|some|several|few|other|such|all|any|every|each)\s/i.test(term)
  )
    return false;
  if (term.includes(" ") || !isKnownWord(term) || term.length >= 9) return true;
  // An everyday word is a term where the text says what it is in a definition's own shape:
  // "Supply is the quantity that producers …", "Demand means …" (not "Trade is a key part of …",
  // which the analysis does not read as a definition).
  return (
    (definition.pattern === "is_a" || definition.pattern === "means") && genusGloss.test(definition.gloss)
  );
}

/** A gloss that names a kind: "the quantity that …", "a measure of …", "a device for …". */
const genusGloss =
  /^(?:the|an?)\s+(?:[\p{Ll}-]+\s+)?(?:quantity|measure|process|study|practice|rate|amount|degree|extent|ability|tendency|state|condition|branch|kind|type|form|group|class|set|unit|device|substance|method|system|theory|principle|law|field|part|period|movement)\s+(?:of|that|which|for|in|used|where|when)\b/iu;

/**
 * True when a definition's words say what its term is, not what follows from it: "it means
 * compressing a big model into a smaller one" defines; "This means they need to control inflation"
 * and "High inflation usually means there is too much demand" state a consequence, a clause with a
 * subject of its own. A term that ends in an adverb ("high inflation usually") is cut from a clause.
 *
 * @example
 * isDefiningGloss({ ...definition, pattern: "means", gloss: "there is too much demand" }); // false
 */
export function isDefiningGloss(definition: Definition): boolean {
  if (endsInAdverb.test(definition.term.trim())) return false;
  if (definition.pattern !== "means") return true;
  return !/^(?:that\s+)?(?:they|we|you|he|she|it|there|people|this|these|those|i)\b/i.test(
    definition.gloss.trim(),
  );
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
  return namesPattern(names, "iu");
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

/** How a concept's definition was found: only `author` and `definition` make a gloss. */
export type DefinitionSource = "author" | "definition" | "none";

/** A concept and how its definition was found. */
export interface DetectedConcept {
  concept: Concept;
  source: DefinitionSource;
}

/**
 * At most this many key phrases per article, central entities and likenesses per course, and
 * defined terms per course: each concept is matched against every passage, so the caps keep large
 * corpora linear.
 */
const keyPhrasesPerArticle = 4;
const centralEntities = 3;
const maxAnalogies = 6;
const maxDefinedTerms = 24;

interface Candidate {
  id: string;
  name: string;
  aliases: string[];
  kind: Concept["kind"];
  origin: Concept["origin"];
  authorDefinition?: string;
  definedBy: string[];
  /** A definition found for it, when it came from one. */
  definition?: Definition;
  /** A key phrase too general to stand without a definition ("innovation", "AI models"). */
  needsDefinition?: boolean;
}

/**
 * Words of a sentence that read well enough to quote: the clauses without a misspelt, glued or oddly
 * cased word, joined by "…" where a clause is left out; title-cased clauses in sentence case. Undefined
 * when too little of the sentence reads.
 *
 * @example
 * readableSpan(article, sentence); // "although coal use per engine fell, … coal consumption rose instead of falling."
 */
export function readableSpan(article: AnalyzedArticle, sentenceId: string): string | undefined {
  const sentence = article.segmented.sentences.find((s) => s.id === sentenceId);
  const reading = article.readings.get(sentenceId);
  if (!sentence || !reading) return undefined;
  if (reading.isFit) return sentence.text;
  const blocking = reading.flags.filter(
    (f) => !["misspelling", "odd_casing", "glued_words"].includes(f.kind),
  );
  if (blocking.length > 0) return undefined;
  const clauses = sentence.text.split(/(?<=[,;:])\s+/);
  const bad = (clause: string) =>
    reading.flags.some((f) =>
      [...f.reason.matchAll(/"([^"]+)"/g)].some(
        (m) => m[1] && new RegExp(`(?<![\\p{L}])${escapeRegex(m[1])}(?![\\p{L}])`, "u").test(clause),
      ),
    ) || oddCapitals.test(clause);
  const kept: string[] = [];
  let keptWords = 0;
  let allWords = 0;
  let gap = false;
  for (const clause of clauses) {
    const words = clause.split(/\s+/).length;
    allWords += words;
    if (bad(clause)) {
      gap = true;
      continue;
    }
    kept.push(gap && kept.length > 0 ? `… ${clause}` : clause);
    keptWords += words;
    gap = false;
  }
  if (keptWords < 6 || keptWords * 2 < allWords) return undefined;
  let span = kept.join(" ").replace(/[,;:]\s*…/g, " …");
  if (gap) span = `${span.replace(/[,;:]$/, "")} …`;
  // Title case inside a clause ("Coal Consumption Rose") is noise: lower the capitalised everyday words.
  return span.replace(innerCapitalisedWord, (word) =>
    lexicon().isWord(word.toLowerCase()) ? word.toLowerCase() : word,
  );
}

/**
 * Finds the course's concepts and links every passage that discusses them. Author cards come first
 * and win; then, from the text alone:
 * - defined terms ("X is known as Y", "X means …", "X refers to …");
 * - likenesses the text builds on, named after what a thing is likened to when that is a name the
 *   course uses again ("This training is similar to the AlphaGo Zero model" -> "AlphaGo Zero analogy");
 * - key phrases: recurring noun phrases ranked by how much rarer they are than everyday English
 *   (SUBTLEX frequencies), per article;
 * - central entities: the names the course mentions most, across articles.
 * Aliases merge by case, plural and abbreviation ("messenger RNA (mRNA)"). Each concept's definition
 * is a span that reads well and defines it: the author's quote, a defining sentence about it (for
 * "This phenomenon is known as X", the sentence around it that explains it), or a span
 * `definingSpan` finds ("X is a …", "X, the …,", "a company called X"); a term the text never
 * defines has none (`definitionSource: "none"`, an empty definition), never a sentence that merely
 * names it. A central entity without a defining span is no concept.
 *
 * @example
 * const concepts = detectConcepts(articles, []);
 * concepts.find((c) => c.concept.name === "Jevons paradox")?.concept.definition;
 */
export function detectConceptsWithSources(
  articles: AnalyzedArticle[],
  cards: ConceptCard[],
): DetectedConcept[] {
  const candidates: Candidate[] = cards.map((card) => ({
    id: card.id ?? slugOf(card.name),
    name: card.name,
    aliases: card.aliases,
    kind: "term",
    origin: "author",
    ...(card.definition === undefined ? {} : { authorDefinition: card.definition }),
    definedBy: card.definedBy,
  }));
  const known = new Map<string, Candidate>();
  for (const c of candidates) for (const n of [c.name, ...c.aliases]) known.set(keyOf(n), c);
  const names = nameKeys(articles);
  const add = (candidate: Omit<Candidate, "id" | "origin" | "definedBy">) => {
    const key = keyOf(candidate.name);
    if (key.length < 3) return undefined;
    const existing = known.get(key);
    if (existing) {
      if (!existing.definition && candidate.definition) existing.definition = candidate.definition;
      return existing;
    }
    const full: Candidate = { ...candidate, id: slugOf(candidate.name), origin: "detected", definedBy: [] };
    candidates.push(full);
    for (const n of [full.name, ...full.aliases]) known.set(keyOf(n), full);
    return full;
  };
  const abbreviations = findAbbreviations(articles);
  const nameWords = new Set(
    articles.flatMap((a) =>
      a.analysis.mentions
        .filter((m) => ["person", "organization", "place", "product"].includes(m.kind))
        .flatMap((m) => m.text.toLowerCase().split(nonLetters)),
    ),
  );

  // Defined terms: fit definitions first, so a clean one is the one kept.
  const allDefinitions = articles
    .flatMap((a) => a.analysis.definitions)
    .sort((a, b) => Number(b.isFit) - Number(a.isFit));
  let definedTerms = 0;
  for (const d of allDefinitions) {
    if (definedTerms >= maxDefinedTerms) break;
    if (
      !isTeachableTerm(d, names) ||
      !isDefiningGloss(d) ||
      d.term.split(/\s+/).every((w) => nameWords.has(w.toLowerCase()))
    )
      continue;
    definedTerms++;
    const term = d.term.replace(/^["']|["']$/g, "");
    add({ name: termName(term), aliases: abbreviations.get(keyOf(term)) ?? [], kind: "term", definition: d });
  }
  // Subjects a fit sentence defines as "the …" ("Inflammation is the body's protective response to
  // injury"), which the analysis's "is a" shape leaves out; `definingSpan` checks each.
  for (const article of articles) {
    const text = article.segmented.normalized.text;
    for (const s of article.segmented.sentences) {
      if (!article.readings.get(s.id)?.isFit) continue;
      const m = definedSubject.exec(s.text);
      const subject = m?.[1];
      if (!subject || notASubject.test(subject) || names.has(keyOf(subject))) continue;
      if (subject.split(" ").some((w) => nameWords.has(w.toLowerCase()))) continue;
      if (!occursTwice(subject, text)) continue;
      add({
        name: subject.charAt(0).toLowerCase() + subject.slice(1),
        aliases: [],
        kind: "term",
        needsDefinition: true,
      });
    }
  }
  // Likenesses whose far side is a name the course uses again.
  const capitalised = capitalisedCounts(articles);
  let analogies = 0;
  for (const d of allDefinitions) {
    if (analogies >= maxAnalogies) break;
    if (!d.isAnalogy) continue;
    const subject = d.definition.slice(
      0,
      d.definition.toLowerCase().indexOf(d.gloss.toLowerCase().slice(0, 12)),
    );
    if (
      /^(?:it|this|that|these|they)(?:'s)?\s*(?:is|are|was|were|seems?)?\s*(?:similar|akin|like|analogous|comparable)/i.test(
        subject.trim(),
      )
    )
      continue;
    const target = namedPart(d.gloss, capitalised);
    if (!target) continue;
    if (add({ name: `${target} analogy`, aliases: [target], kind: "analogy", definition: d })) analogies++;
  }
  // Key phrases per article: recurring noun phrases, scored by how often the article uses them and how
  // much rarer than everyday English (SUBTLEX) they are, damped by how many articles of the course use
  // them (those are the course's background, not this article's idea). Plurals and case merge.
  const background = courseBackground(articles);
  const compounds = fixedCompounds(articles);
  const reserves = new Map<string, string[]>();
  const ownTerms = new Map<string, Set<string>>();
  // The course's fixed compounds are key ideas of their own, named as the text most often spaces them.
  for (const compound of compounds) add({ name: compound, aliases: [], kind: "term" });
  const spread = new Map<string, number>();
  for (const article of articles)
    for (const key of new Set(article.analysis.keyTerms.map((t) => keyOf(t.term))))
      spread.set(key, (spread.get(key) ?? 0) + 1);
  for (const article of articles) {
    const merged = new Map<string, { term: string; count: number }>();
    for (const t of article.analysis.keyTerms) {
      const entry = merged.get(keyOf(t.term));
      if (entry) entry.count += t.count;
      else merged.set(keyOf(t.term), { ...t });
    }
    // An article that yields fewer than three ideas under the strict bar takes its most specific
    // remaining nouns too ("iron" in an article on ironworks), still ranked the same way.
    const bar = (t: { term: string }, relaxed: boolean) =>
      rarestFrequency(t.term) < (t.term.includes(" ") ? 40 : relaxed ? 40 : 8);
    const ranked = [...merged.entries()]
      .filter(([, t]) => bar(t, true))
      .filter(
        ([, t]) =>
          t.term.length >= 5 &&
          // "begin producing antibodies": a verb and its object, not a term. A phrase the text
          // puts after a determiner ("the carding engines") is a noun phrase.
          !(opensWithGerund.test(t.term) && !followsDeterminer(article.segmented.normalized.text, t.term)) &&
          !endsInNameModifier(article, t.term) &&
          (!t.term.split(" ").some((w) => nameWords.has(w)) || isEponym(article, t.term, nameWords)),
      )
      .map(([key, t]) => ({
        ...t,
        key,
        score:
          t.count *
          specificity(t.term) ** 2 *
          (t.term.includes(" ") ? 2 : 1) *
          // Inverse document frequency across the course, 1 for a phrase of this article alone.
          (Math.log2(1 + articles.length / (spread.get(key) ?? 1)) / Math.log2(1 + articles.length)),
      }))
      .sort((a, b) => b.score - a.score || a.term.localeCompare(b.term));
    // A specific phrase takes one of the article's places; a general one ("innovation", "AI models")
    // is tried too, outside the cap, but is a concept only where the text defines it.
    const chosen: string[] = [];
    let general = 0;
    for (const t of [...ranked.filter((r) => bar(r, false)), ...ranked.filter((r) => !bar(r, false))]) {
      if (chosen.length >= keyPhrasesPerArticle || (chosen.length >= 3 && !bar(t, false))) break;
      // One idea once: "puddling" and "puddling process", "rolling" and "rollers" are the same concept.
      if (chosen.some((c) => isSameIdea(c, t.key))) continue;
      // "open source software" is the compound "open source" again.
      if ([...compounds].some((c) => ` ${t.term.replace(/-/g, " ")} `.includes(` ${c} `))) continue;
      const name = withNameBefore(
        article.segmented.normalized.text,
        writtenForm(article.segmented.normalized.text, t.term),
      );
      if (!name) continue;
      const isSpecific =
        isSpecificPhrase(t.term, background) ||
        // A phrase the article keeps using ("light reactions", 8 times) is its term, however common
        // its words, unless a word is the course's subject or an everyday qualifier ("new models").
        (t.term.includes(" ") &&
          t.count >= 4 &&
          t.term.split(/[\s-]+/).every((w) => !background.has(singular(w)) && lemmaFrequency(w) < 300));
      if (!isSpecific && general++ >= 3 * keyPhrasesPerArticle) continue;
      const existing = known.get(t.key);
      if (existing) {
        if (isSpecific) existing.needsDefinition = false;
        if (isSpecific || !existing.needsDefinition) chosen.push(t.key);
        continue;
      }
      const added = add({
        name,
        aliases: abbreviations.get(t.key) ?? [],
        kind: "term",
        ...(isSpecific ? {} : { needsDefinition: true }),
      });
      if (added && isSpecific) chosen.push(t.key);
    }
    // In reserve for an article that ends up with fewer than three ideas, none of them used by any
    // other article (a word several articles use is the course's, "breakthrough"): its recurring
    // phrases of words that are not the course's subject ("general price level"; not "AI models" or
    // "spending hundreds"), then its nouns of fairly uncommon words, rarest first ("rollers" in an
    // article on spinning machines; never "information" or "people").
    const ownWords = (t: { term: string }) =>
      t.term.split(/[\s-]+/).every((w) => !background.has(singular(w.toLowerCase())));
    const phrases = [...merged.entries()]
      .map(([key, t]) => ({ ...t, key }))
      .filter(
        (t) =>
          t.term.includes(" ") &&
          t.count >= 2 &&
          ownWords(t) &&
          !opensWithGerund.test(t.term) &&
          !endsInNameModifier(article, t.term),
      )
      .sort((a, b) => b.count - a.count || a.term.localeCompare(b.term));
    const nouns = ranked
      .filter((t) => !t.term.includes(" ") && !isSpecificPhrase(t.term, background) && ownWords(t))
      .filter((t) => lemmaFrequency(t.term) < 10 && (t.count >= 3 || lemmaFrequency(t.term) < 1))
      // An abstract noun made from a verb or adjective ("progression", "collaboration", "advancement")
      // names no thing to learn about unless the text defines it.
      .filter((t) => !abstractNoun.test(t.term))
      // A common verb's gerund ("borrowing", "spending") names an activity, not a thing to learn.
      .filter((t) => !isCommonGerund(t.term))
      .sort((a, b) => lemmaFrequency(a.term) - lemmaFrequency(b.term) || b.count - a.count);
    const owned = [...ownAcronyms(articles, article, background), ...collocations(article, background)];
    ownTerms.set(article.segmented.articleId, new Set(owned));
    reserves.set(article.segmented.articleId, [...owned, ...[...phrases, ...nouns].map((t) => t.term)]);
  }
  // Central entities: the most mentioned names, in more than one article where the course has several.
  const entityCounts = new Map<string, { name: string; count: number; articles: Set<string> }>();
  for (const article of articles) {
    for (const m of article.analysis.mentions) {
      if (!["organization", "product", "person"].includes(m.kind)) continue;
      const entry = entityCounts.get(keyOf(m.text)) ?? { name: m.text, count: 0, articles: new Set() };
      entry.count++;
      entry.articles.add(m.articleId);
      entityCounts.set(keyOf(m.text), entry);
    }
  }
  const minArticles = Math.min(2, articles.length);
  [...entityCounts.values()]
    .filter((e) => e.count >= 3 && e.articles.size >= minArticles)
    .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
    .slice(0, centralEntities)
    .forEach((e) => {
      add({ name: e.name, aliases: abbreviations.get(keyOf(e.name)) ?? [], kind: "entity" });
    });
  // An article's own central names: those it mentions twice or more, most first, and the
  // capitalised phrases it keeps using that the tagger missed ("the Black Death"). Like any entity,
  // each is a concept only where the text says what it is.
  for (const article of articles) {
    const counts = new Map<string, { name: string; count: number }>();
    for (const m of article.analysis.mentions) {
      if (!["organization", "product", "person"].includes(m.kind)) continue;
      const entry = counts.get(keyOf(m.text)) ?? { name: m.text, count: 0 };
      entry.count++;
      counts.set(keyOf(m.text), entry);
    }
    for (const t of article.analysis.keyTerms) {
      if (!t.term.includes(" ") || t.count < 3 || counts.has(keyOf(t.term))) continue;
      const form = capitalisedForm(article.segmented.normalized.text, t.term);
      if (form) counts.set(keyOf(t.term), { name: form, count: t.count });
    }
    const named = [...counts.values()];
    named
      // "NGC" beside "NGC 1792": a word of a longer name is that name.
      .filter(
        (e) =>
          e.count >= 2 && !named.some((o) => o.name.length > e.name.length && isSameIdea(e.name, o.name)),
      )
      .filter((e) => !known.has(keyOf(e.name)))
      .sort((a, b) => b.count - a.count || a.name.localeCompare(b.name))
      .slice(0, 2)
      .forEach((e) => {
        add({ name: e.name, aliases: abbreviations.get(keyOf(e.name)) ?? [], kind: "entity" });
      });
  }
  // Names an article introduces ("a spiral galaxy named NGC 1792", "a new AI model called
  // DeepSeek-R1") and uses again: the things it is about, though the tagger may not know them.
  for (const article of articles) {
    const text = article.segmented.normalized.text;
    let introduced = 0;
    for (const s of article.segmented.sentences) {
      if (introduced >= centralEntities) break;
      if (!article.readings.get(s.id)?.isFit || !hasShape(s, "naming")) continue;
      const name = introducedName.exec(s.text)?.[1]?.replace(/^the\s+/i, "");
      if (!name || name.length < 3 || known.has(keyOf(name)) || lexicon().isWord(name.toLowerCase()))
        continue;
      if (!occursTwice(name, text)) continue;
      if (add({ name, aliases: abbreviations.get(keyOf(name)) ?? [], kind: "entity" })) introduced++;
    }
  }

  const result: DetectedConcept[] = [];
  const usedIds = new Set<string>();
  const index = indexCourse(articles);
  for (const candidate of candidates) {
    const detected = resolveConcept(articles, index, candidate);
    if (!detected) continue;
    let id = candidate.id || "concept";
    for (let n = 2; usedIds.has(id); n++) id = `${candidate.id}-${n}`;
    usedIds.add(id);
    result.push({ ...detected, concept: { ...detected.concept, id } });
  }
  // An article with fewer than three ideas takes the phrases it holds in reserve, as long as they
  // resolve (they recur in sentences that read well).
  for (const article of articles) {
    const passages = new Set(article.segmented.passages.map((p) => p.id));
    let found = result.filter((d) => d.concept.passageIds.some((id) => passages.has(id))).length;
    if (countWords(article.segmented.normalized.text) < 300) continue;
    // Abbreviations and fixed pairs are specific by their making: another article using them too
    // makes them the course's terms, not its background.
    const acronyms = ownTerms.get(article.segmented.articleId) ?? new Set<string>();
    // A phrase a heading of the article names is what the article is about, however many other
    // articles of the course name it too; it comes last, after the article's own terms.
    const headings = new Set(
      article.segmented.sentences
        .filter((s) => article.readings.get(s.id)?.flags.some((f) => f.kind === "heading"))
        .map((s) => keyOf(s.text)),
    );
    const reserve = reserves.get(article.segmented.articleId) ?? [];
    const byHeading = (term: string) => headings.has(keyOf(term));
    for (const term of [...reserve.filter((t) => !byHeading(t)), ...reserve.filter(byHeading)]) {
      if (found >= 3) break;
      const isHeading = byHeading(term);
      if (!acronyms.has(term) && !isHeading && usedElsewhere(index, article, term)) continue;
      // "rollers" beside "rolling", "cryptography" beside "public key cryptography": the same idea,
      // another way of writing it; a form of one word becomes an alias of the concept.
      const same = result.find(
        (d) =>
          d.concept.passageIds.some((id) => passages.has(id)) &&
          [d.concept.name, ...d.concept.aliases].some((n) => isSameIdea(n, term)),
      );
      if (same) {
        const form = writtenForm(article.segmented.normalized.text, term);
        if (form && !term.includes(" ") && !same.concept.name.includes(" ")) {
          const aliased = { ...same.concept, aliases: [...same.concept.aliases, form] };
          const matcher = nameMatcher([aliased.name, ...aliased.aliases]);
          const more = article.segmented.passages.filter(
            (p) => !aliased.passageIds.includes(p.id) && matcher.test(p.text),
          );
          aliased.passageIds = [...aliased.passageIds, ...more.map((p) => p.id)];
          same.concept = aliased;
        }
        continue;
      }
      const existing = known.get(keyOf(term));
      if (existing && !existing.needsDefinition) continue;
      const text = article.segmented.normalized.text;
      const name =
        withNameBefore(text, writtenForm(text, term)) ??
        (isHeading ? capitalisedForm(text, term) : undefined);
      const candidate =
        existing ?? (name && add({ name, aliases: abbreviations.get(keyOf(term)) ?? [], kind: "term" }));
      if (!candidate || usedIds.has(candidate.id)) continue;
      candidate.needsDefinition = false;
      const detected = resolveConcept(articles, index, candidate);
      if (!detected) continue;
      usedIds.add(candidate.id);
      result.push(detected);
      found++;
    }
  }
  return result;
}

/**
 * Two-word terms whose first word the article (almost) never writes without the second: "private
 * key" where "private" occurs only before "key", "digital signatures". An everyday adjective before
 * many heads ("powerful models", "powerful chips") is a qualifier, not part of a term, so it fails.
 * The pair occurs three times or more, twice or more as a phrase of its own; most used first.
 *
 * @example
 * collocations(readArticles([{ id: "k", rawText: "Keep the private key. A private key signs. Lose the private key and you lose the key." }])[0], new Set()); // ["private key"]
 */
export function collocations(article: AnalyzedArticle, background: ReadonlySet<string>): string[] {
  const { tokens, normalized } = article.segmented;
  const words = new Map<string, number>();
  const pairs = new Map<string, number>();
  for (let i = 0; i < tokens.length; i++) {
    const a = tokens[i];
    if (!a || !lowerWord.test(a.text)) continue;
    words.set(a.text, (words.get(a.text) ?? 0) + 1);
    const b = tokens[i + 1];
    // The tagger reads a noun that can also be an adjective ("key") as one; at the end of a phrase
    // it is the noun.
    const after = tokens[i + 2];
    const isHead =
      b?.pos === "NOUN" || (b?.pos === "ADJ" && !["NOUN", "ADJ", "PROPN"].includes(after?.pos ?? ""));
    if (!b || !isHead || !["ADJ", "NOUN"].includes(a.pos) || !lowerWord.test(b.text)) continue;
    if (normalized.text.slice(a.end, b.start) !== " ") continue;
    const key = `${a.text} ${singular(b.text)}`;
    pairs.set(key, (pairs.get(key) ?? 0) + 1);
  }
  // How often each first word is followed by its second at all, head or not ("public key cryptography").
  const follows = new Map<string, number>();
  // Only a pair's first word can start one: no key is built for the other tokens.
  const firsts = new Set([...pairs.keys()].map((pair) => pair.slice(0, pair.indexOf(" "))));
  for (let i = 0; i + 1 < tokens.length; i++) {
    if (!firsts.has(tokens[i]?.text ?? "")) continue;
    const key = `${tokens[i]?.text} ${singular(tokens[i + 1]?.text ?? "")}`;
    if (pairs.has(key)) follows.set(key, (follows.get(key) ?? 0) + 1);
  }
  return [...pairs]
    .filter(([pair, n]) => {
      const [first = "", second = ""] = pair.split(" ");
      return (
        n >= 2 &&
        (follows.get(pair) ?? n) >= 3 &&
        (follows.get(pair) ?? n) >= 0.8 * (words.get(first) ?? n) &&
        !background.has(first) &&
        !background.has(second) &&
        lexicon().frequencyPerMillion(first) < 500
      );
    })
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([pair]) => pair);
}

const acronymToken = /^(\p{Ll}{0,2}\p{Lu}{2,6}\d?)s?$/u;

const acronymMemo = new WeakMap<AnalyzedArticle, Map<string, number>>();

/** Each abbreviation's uses in an article, counted once per article (every article compares with all). */
function acronymCounts(article: AnalyzedArticle): Map<string, number> {
  const memo = acronymMemo.get(article);
  if (memo) return memo;
  const counts = new Map<string, number>();
  acronymMemo.set(article, counts);
  for (const t of article.segmented.tokens) {
    const short = acronymToken.exec(t.text)?.[1];
    if (short) counts.set(short, (counts.get(short) ?? 0) + 1);
  }
  return counts;
}

/**
 * Abbreviations an article uses three times or more, and more than any other article of the course
 * ("GPU" in an article on chips, "CRISPR" in one on gene editing): terms of its field, though rare in
 * any frequency list. Not the course's subject ("AI" in a course on AI), not an everyday word
 * written in capitals, not a name the tagger calls a person or place.
 */
function ownAcronyms(
  articles: AnalyzedArticle[],
  article: AnalyzedArticle,
  background: ReadonlySet<string>,
): string[] {
  const here = acronymCounts(article);
  const others = articles.filter((a) => a !== article).map(acronymCounts);
  const names = new Set(
    article.analysis.mentions
      .filter((m) => m.kind === "person" || m.kind === "place")
      .map((m) => m.text.toLowerCase()),
  );
  return [...here]
    .filter(([short, n]) => n >= 3 && others.every((o) => (o.get(short) ?? 0) < n))
    .filter(([short]) => {
      const lower = short.toLowerCase();
      return !background.has(lower) && !names.has(lower) && !lexicon().isWord(lower);
    })
    .sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]))
    .map(([short]) => short);
}

/** True when an article other than `article` names `term` (looked up in the course's word index). */
function usedElsewhere(index: CourseIndex, article: AnalyzedArticle, term: string): boolean {
  const matcher = nameMatcher([term]);
  return (entriesNaming(index.sentencesByWord, [term]) ?? []).some((at) => {
    const entry = index.sentences[at];
    return entry !== undefined && entry.article !== article && matcher.test(entry.s.text);
  });
}

/**
 * The concepts of `detectConceptsWithSources`, without how each definition was found.
 *
 * @example
 * detectConcepts(articles, cards)[0]; // { id, name, aliases, definition, definitionRef, passageIds, origin, kind }
 */
export function detectConcepts(articles: AnalyzedArticle[], cards: ConceptCard[]): Concept[] {
  return detectConceptsWithSources(articles, cards).map((d) => d.concept);
}

/**
 * The course's sentences in reading order, with their article and passage, and where each word
 * occurs: a concept is matched only against the sentences and passages that hold one of its words,
 * not against every passage and sentence of the course (which made concept detection quadratic in a
 * large corpus).
 */
interface CourseIndex {
  sentences: Array<{ article: AnalyzedArticle; passage: SegmentedPassage; s: SegmentedSentence }>;
  /** Lower-cased word -> indexes into `sentences`, ascending. */
  sentencesByWord: Map<string, number[]>;
  /** Every definition of the course that is no likeness and reads well, in reading order. */
  fitDefinitions: Definition[];
  /** Lower-cased word of a defined term -> indexes into `fitDefinitions`, ascending. */
  definitionsByWord: Map<string, number[]>;
}

const indexWord = /[\p{L}\p{N}]+/gu;

function addToIndex(index: Map<string, number[]>, text: string, at: number): void {
  // The words of `indexWord`, read by a table scan: the Unicode regex over every sentence cost more.
  const lower = text.toLowerCase();
  forEachAlphanumericRun(lower, (start, end) => {
    const word = lower.slice(start, end);
    const list = index.get(word);
    if (!list) index.set(word, [at]);
    else if (list.at(-1) !== at) list.push(at);
  });
}

function indexCourse(articles: AnalyzedArticle[]): CourseIndex {
  const sentences: CourseIndex["sentences"] = [];
  const sentencesByWord = new Map<string, number[]>();
  for (const article of articles) {
    const sentenceById = new Map(article.segmented.sentences.map((s) => [s.id, s]));
    for (const passage of article.segmented.passages) {
      for (const id of passage.sentenceIds) {
        const s = sentenceById.get(id);
        if (!s) continue;
        addToIndex(sentencesByWord, s.text, sentences.length);
        sentences.push({ article, passage, s });
      }
    }
  }
  const fitDefinitions = articles
    .flatMap((a) => a.analysis.definitions)
    .filter((d) => !d.isAnalogy && d.isFit && isDefiningGloss(d));
  const definitionsByWord = new Map<string, number[]>();
  for (const [at, d] of fitDefinitions.entries()) addToIndex(definitionsByWord, d.term, at);
  return { sentences, sentencesByWord, fitDefinitions, definitionsByWord };
}

/**
 * The entries of a word index that may hold one of `names`: those holding every word of a name (its
 * last word perhaps plural), ascending, or undefined when a name has no word to look up. A text the
 * concept matcher accepts is always among them, since the matcher takes whole words only.
 */
function entriesNaming(byWord: ReadonlyMap<string, number[]>, names: string[]): number[] | undefined {
  const found = new Set<number>();
  for (const name of names) {
    const words = name.toLowerCase().match(indexWord);
    if (!words) return undefined;
    const lists = words.map((word, i) =>
      i === words.length - 1
        ? [word, `${word}s`, `${word}es`].flatMap((form) => byWord.get(form) ?? []).sort((a, b) => a - b)
        : (byWord.get(word) ?? []),
    );
    lists.sort((a, b) => a.length - b.length);
    let common = lists[0] ?? [];
    for (const list of lists.slice(1)) common = intersectSorted(common, list);
    for (const at of common) found.add(at);
  }
  return [...found].sort((a, b) => a - b);
}

/** The values two ascending lists share. */
function intersectSorted(a: readonly number[], b: readonly number[]): number[] {
  const shared: number[] = [];
  let j = 0;
  for (const value of a) {
    while (j < b.length && (b[j] ?? 0) < value) j++;
    if (j < b.length && b[j] === value) shared.push(value);
  }
  return shared;
}

/** A span whose last clause opens with a subordinator: the main clause it waits for is not in it. */
const opensUnfinishedClause =
  /\b(?:although|though|because|while|whereas|if|when|since|unless|that although|even if)\b[^,;:.]*$/i;

function resolveConcept(
  articles: AnalyzedArticle[],
  index: CourseIndex,
  candidate: Candidate,
): DetectedConcept | undefined {
  const names = [candidate.name, ...candidate.aliases];
  // A definition found for "mRNA vaccine" defines no "vaccine": the defined term is the name, whole.
  const matcher = nameMatcher(names);
  const sentences =
    entriesNaming(index.sentencesByWord, names)?.map((at) => index.sentences[at]) ?? index.sentences;
  // The sentences that name the concept, and their passages, in reading order. A passage none of
  // whose sentences names it may still do so across two of them ("… Jevons.\nParadox …").
  const namingSentences = sentences.filter(
    (entry): entry is CourseIndex["sentences"][number] => entry !== undefined && matcher.test(entry.s.text),
  );
  const named = new Set(namingSentences.map((entry) => entry.passage.id));
  const passageIds: string[] = [];
  const tested = new Set<string>();
  for (const entry of sentences) {
    if (!entry || tested.has(entry.passage.id)) continue;
    tested.add(entry.passage.id);
    if (named.has(entry.passage.id) || matcher.test(entry.passage.text)) passageIds.push(entry.passage.id);
  }
  let definitionRef: Citation | undefined;
  let text: string | undefined;
  let source: DefinitionSource = "none";
  for (const quote of candidate.definedBy) {
    for (const article of articles) {
      const { segmented } = article;
      const found = findQuote(segmented.normalized, quote);
      if (!found) continue;
      definitionRef = citeNormalized(segmented, found.start, found.end);
      // A quote that stops inside a clause it opened ("The underlying logic is that although the
      // coal consumption … decrease") is a fragment: its sentence, read well, is the definition.
      const sentence = segmented.sentences.find((x) => x.normStart <= found.start && found.end <= x.normEnd);
      const quoted = segmented.normalized.text.slice(found.start, found.end);
      if (sentence && found.end < sentence.normEnd - 1 && opensUnfinishedClause.test(quoted)) {
        const span = readableSpan(article, sentence.id);
        const ref = span && citeNormalized(segmented, sentence.normStart, sentence.normEnd);
        if (span && ref) {
          definitionRef = ref;
          text = span;
        }
      }
      break;
    }
    if (definitionRef) {
      source = "author";
      break;
    }
  }
  if (!definitionRef) {
    const own =
      candidate.definition ??
      (entriesNaming(index.definitionsByWord, names) ?? index.fitDefinitions.map((_, at) => at))
        .map((at) => index.fitDefinitions[at])
        .find((d) => d !== undefined && matcher.matchesWhole(d.term));
    const found = own && definingSentence(articles, own);
    if (found) {
      ({ ref: definitionRef, text } = found);
      source = "definition";
    }
  }
  if (!definitionRef) {
    const found = definingSpan(namingSentences, matcher, candidate.kind);
    // "needles (the antibiotics)": brackets after an everyday word map a likeness or restate it;
    // only a sentence that classifies it makes such a word a concept.
    const isMapping =
      found?.isBracketed &&
      candidate.origin === "detected" &&
      !candidate.name.includes(" ") &&
      lemmaFrequency(candidate.name) >= 1;
    if (found && !isMapping) {
      definitionRef = citeNormalized(found.article.segmented, found.start, found.end);
      text = found.text;
      source = "definition";
    }
  }
  if (candidate.origin === "detected") {
    // A named entity is a concept only where the text says what it is; any concept needs a sentence
    // about it that reads well.
    if (passageIds.length === 0 || (candidate.kind === "entity" && !definitionRef)) return undefined;
    if (source === "none" && !namingSentences.some(({ article, s }) => article.readings.get(s.id)?.isFit))
      return undefined;
    // A concept discusses something: a defined one may be named once, the others must recur.
    if (source !== "definition" && passageIds.length < 2 && namingSentences.length < 2) return undefined;
    if (candidate.needsDefinition && source !== "definition") return undefined;
  }
  if (candidate.origin === "author" && !definitionRef && candidate.authorDefinition === undefined)
    return undefined;
  if (candidate.authorDefinition !== undefined) source = "author";
  return {
    source,
    concept: {
      id: candidate.id,
      name: candidate.name,
      aliases: candidate.aliases,
      definition: candidate.authorDefinition ?? text ?? definitionRef?.quote ?? "",
      ...(definitionRef ? { definitionRef } : {}),
      definitionSource: source === "author" ? "author" : source === "definition" ? "text" : "none",
      passageIds,
      origin: candidate.origin,
      kind: candidate.kind,
    },
  };
}

/** True when `name` occurs twice in `text` (a concept's matching), found without scanning it all. */
function occursTwice(name: string, text: string): boolean {
  const matcher = nameMatcher([name]);
  const first = matcher.indexFrom(text, 0);
  const end = first === undefined ? undefined : matcher.endAt(text, first);
  return end !== undefined && matcher.indexFrom(text, end) !== undefined;
}

/** The longest text `beforeSubject` accepts, and then some: where a sentence's subject can start. */
const subjectReach = 48;

// Whether a sentence has the shape of an appositive or a naming cue at all, asked once per sentence
// rather than once per concept that names it.
const shapes = {
  appositive: /,\s+(?:an?|the)\s/i,
  naming: /\b(?:called|named|known\s+as|termed|dubbed|referred\s+to\s+as)\s/i,
  commaBeforeName: /,\s[\p{Lu}\d]/u,
};
const shapeMemo = new WeakMap<SegmentedSentence, Record<keyof typeof shapes, boolean>>();
function hasShape(sentence: SegmentedSentence, shape: keyof typeof shapes): boolean {
  let known = shapeMemo.get(sentence);
  if (!known) {
    known = {
      appositive: shapes.appositive.test(sentence.text),
      naming: shapes.naming.test(sentence.text),
      commaBeforeName: shapes.commaBeforeName.test(sentence.text),
    };
    shapeMemo.set(sentence, known);
  }
  return known[shape];
}

/**
 * Words after "is the" that rank or single out rather than classify ("Viruses are the most common
 * culprit", "Gutenberg was the first …", "The reason is the cost …").
 */
const rankWords =
  "(?:most|least|best|worst|first|last|only|same|main|key|biggest|largest|greatest|result|case|reason|problem|answer|one|other|next|latest|new)\\b";
/** A sentence opening with a lower-case noun phrase and "is the" / "are the" (the shape `definingVerb` checks). */
const definedSubject = new RegExp(
  String.raw`^(?:[Aa]n?\s+|[Tt]he\s+)?(\p{L}[\p{Ll}-]+(?:\s+[\p{Ll}-]+){0,2})\s+(?:is|are)\s+the\s+(?!${rankWords})`,
  "u",
);
const notASubject =
  /(?:^|\s)(?:it|this|that|these|those|there|they|he|she|we|you|i|which|what|one|each|such|here|today|now|so|but|and|or|result|reason|answer|problem|question|goal|aim|idea|point)(?:\s|$)/i;

/** A capitalised name after a naming cue: "named NGC 1792", "called DeepSeek-R1". */
const introducedName =
  /\b(?:called|named|dubbed)\s+((?:the\s+)?\p{Lu}[\p{L}\d-]*(?:\s+(?:\p{Lu}[\p{L}\d-]*|\d[\d-]*))*)/u;

/** A finite verb or modal: what an appositive ("pitch, the harmonic sounds we hear") lacks. */
/** A description set off by dashes: "—the most powerful telescope ever built—", its closing dash last. */
const dashedDescription = /^\s?[—–]\s?((?:an?|the)\s[^—–()]{8,120}?)(\s?[—–])/u;
const finiteVerb =
  /\b(?:is|are|was|were|may|might|can|could|will|would|shall|should|must|has|have|had|does|did)\b/i;

/** What may open a sentence before its subject: "In economics, ", "Indeed, ", "A ", "The ". */
const beforeSubject =
  /^(?:(?:in|for|within|among|at|by) [\p{L} ]{2,30}, |(?:indeed|today|now|historically|originally|\p{L}+ally),\s+)?(?:an?\s+|the\s+)?$/iu;
/** After the subject: a copula that classifies it, or a verb that defines it. */
const definingVerb = new RegExp(
  String.raw`\s*(?:\([^)]*\)\s*)?,?\s+(?:(?:is|are|was|were)\s+(?:(?:an?|one)\s+\p{L}|the\s+(?:process|study|practice|rate|idea|theory|use|science|term|name|method|measure|value|amount|cost|sum|ratio)\s+of\b|the\s+(?!${rankWords})\p{L}+(?:['’]s)?\s+\p{L}+|(?:also\s+|often\s+|usually\s+)?(?:known|defined|referred\s+to)\s+as\b|(?:also\s+|often\s+|usually\s+)?called\b)|(?:are|were)\s+(?!(?:not|also|often|more|less|very|so|too|being|still|now|usually|all|both|each|in|on|at|by|from|with|under|over)\b)(?:[\p{Ll}-]+\s+){0,2}(?![\p{Ll}-]+(?:ing|ed|ly)\b)[\p{Ll}-]+(?:s|ies)\b(?!\s+(?:to|than)\b)|(?:has|have)\s+(?:long\s+)?been\s+(?:an?|one)\s+\p{L}|(?:is|are|was|were)\s+(?:widely\s+)?(?:recognized|recognised|regarded|considered)\s+as\s+(?:an?|one)\s+\p{L}|(?:means|refers\s+to|stands\s+for|describes)\b)`,
  "iuy",
);
/** Before the name: a naming cue ("a molecule called messenger RNA", "known as the Jevons paradox"). */
const namingCue = /\b(?:called|named|known\s+as|termed|dubbed|referred\s+to\s+as)\s+(?:the\s+)?["']?$/iu;
/** Words that open a list item or a contrast after an appositive's comma, not a description. */
const notDescriptive = /(?:same|other|first|last|most|more|latter|former)\b/iuy;

/**
 * A span of a fit, unrejected sentence that defines the concept, or undefined when none does. In
 * order: the sentence whose subject is the name and whose verb classifies or defines it ("A
 * transistor is a semiconductor device …", "Inflation refers to …"); the name and an appositive that
 * describes it ("pitch, the harmonic sounds we hear …,"); a sentence that introduces the name with a
 * naming cue ("… a molecule called messenger RNA"). A sentence that merely mentions the name is no
 * definition.
 */
function definingSpan(
  sentences: ReadonlyArray<{ article: AnalyzedArticle; s: SegmentedSentence }>,
  matcher: NameMatcher,
  kind: Concept["kind"],
): { article: AnalyzedArticle; start: number; end: number; text: string; isBracketed?: boolean } | undefined {
  const usable = sentences.filter(({ article, s }) => {
    const reading = article.readings.get(s.id);
    return reading?.isFit && reading.stance.kind !== "rejected";
  });
  const positions = (text: string) => matcher.positions(text);
  // A name is best described by the phrase that introduces it, before any "X is a …" about it.
  if (kind === "entity") {
    const introduced = namingSpan(usable, matcher) ?? describedBefore(usable, matcher);
    if (introduced) return introduced;
  }
  const whole = (entry: (typeof usable)[number]) => ({
    article: entry.article,
    start: entry.s.normStart,
    end: entry.s.normEnd,
    text: entry.s.text,
  });
  for (const entry of usable) {
    const { s } = entry;
    // A subject opens the sentence: only its first words can be the name.
    for (const at of matcher.positions(s.text, subjectReach)) {
      if (!beforeSubject.test(s.text.slice(0, at))) continue;
      const nameLength = matcher.lengthAt(s.text, at);
      if (!nameLength) continue;
      definingVerb.lastIndex = at + nameLength;
      if (!definingVerb.test(s.text)) continue;
      // "NADPH is an energy carrier in plants and ATP synthase produces the ATP": the definition ends
      // where a clause about something else joins on.
      const cut = secondClauseAt(entry.article.segmented, s, definingVerb.lastIndex);
      if (cut === undefined) return whole(entry);
      const end = definingVerb.lastIndex + cut;
      const text = s.text.slice(0, end).replace(/[\s,;]+$/, "");
      return { article: entry.article, start: s.normStart, end: s.normStart + text.length, text };
    }
  }
  // "NASA's James Webb Space Telescope—the most powerful telescope ever to gaze out into the
  // universe—will lift off": a description set off by dashes right after the name.
  for (const entry of usable) {
    const { s } = entry;
    if (!s.text.includes("—") && !s.text.includes(" – ")) continue;
    for (const at of positions(s.text)) {
      const nameLength = matcher.lengthAt(s.text, at);
      // "Space Telescope—…" is the end of a longer name ("James Webb Space Telescope"), not this one.
      if (!nameLength || /\p{Lu}[\p{L}-]*\s$/u.test(s.text.slice(0, at))) continue;
      const dashed = dashedDescription.exec(s.text.slice(at + nameLength));
      if (!dashed?.[1] || finiteVerb.test(dashed[1])) continue;
      const end = at + nameLength + dashed[0].length - dashed[2]!.length;
      return {
        article: entry.article,
        start: s.normStart + at,
        end: s.normStart + end,
        text: s.text.slice(at, end),
      };
    }
  }
  if (kind === "term") {
    // "congenital hypothyroidism (loss of thyroid function)": a short lower-case gloss in brackets.
    for (const entry of usable) {
      const { s } = entry;
      if (!s.text.includes("(")) continue;
      for (const at of positions(s.text)) {
        const nameLength = matcher.lengthAt(s.text, at);
        if (!nameLength) continue;
        // "symmetric encryption (same key for …)": the brackets gloss the whole noun phrase, not the
        // head noun after its modifier.
        if (isModified(entry.article, s, at)) continue;
        const gloss = bracketedGloss.exec(s.text.slice(at + nameLength));
        if (!gloss?.[1] || gloss[1].trim().split(/\s+/).length < 2 || notAGloss.test(gloss[1])) continue;
        const end = at + nameLength + gloss[0].length;
        return {
          article: entry.article,
          start: s.normStart + at,
          end: s.normStart + end,
          text: s.text.slice(at, end),
          isBracketed: true,
        };
      }
    }
    for (const entry of usable) {
      const { s } = entry;
      if (!hasShape(s, "appositive")) continue;
      for (const at of positions(s.text)) {
        const nameLength = matcher.lengthAt(s.text, at);
        if (!nameLength) continue;
        const rest = s.text.slice(at + nameLength);
        const described = /^,\s+(?:an?|the)\s+/iu.exec(rest);
        if (!described) continue;
        notDescriptive.lastIndex = described[0].length;
        if (notDescriptive.test(rest)) continue;
        const words = /^[^,;:.()"]{8,90}?(?=,|\.$|;)/u.exec(rest.slice(described[0].length));
        // "For technical inquiries, a solid base may be needed": a clause with a verb, no appositive.
        if (!words || finiteVerb.test(words[0])) continue;
        // "organic molecules, a process known as carbon fixation": the appositive names a term of
        // its own, which it describes, not the noun before it.
        if (/\b(?:known as|called|named|termed|referred to as)\b/i.test(words[0])) continue;
        const end = at + nameLength + described[0].length + words[0].length;
        // ", and …" after it: an item of a list ("expectations, the state of the economy, and …").
        if (/^,\s+(?:and|or)\b/i.test(s.text.slice(end))) continue;
        return {
          article: entry.article,
          start: s.normStart + at,
          end: s.normStart + end,
          text: s.text.slice(at, end),
        };
      }
    }
  }
  return namingSpan(usable, matcher);
}

/**
 * True when the word just before `at` in a sentence is a lower-case adjective or noun: the name at
 * `at` is then the head of a longer noun phrase ("symmetric encryption"), not a phrase of its own.
 */
function isModified(article: AnalyzedArticle, s: SegmentedSentence, at: number): boolean {
  const offset = s.normStart + at;
  const tokens = article.segmented.tokens;
  let before: (typeof tokens)[number] | undefined;
  for (let i = s.firstToken; i < s.lastToken; i++) {
    const token = tokens[i];
    if (!token || token.end > offset) break;
    before = token;
  }
  return (
    before !== undefined &&
    /^\s*$/.test(article.segmented.normalized.text.slice(before.end, offset)) &&
    lowerInitial.test(before.text) &&
    ["ADJ", "NOUN"].includes(before.pos)
  );
}

/**
 * A name set off after the noun phrase that describes it: "launched its reasoning model, DeepSeek-R1,
 * which …" gives "its reasoning model, DeepSeek-R1". The phrase is a determiner and one to three
 * lower-case words; the name must close the apposition (a comma, "which" or "who", or the end).
 */
function describedBefore(
  usable: ReadonlyArray<{ article: AnalyzedArticle; s: SegmentedSentence }>,
  matcher: NameMatcher,
): { article: AnalyzedArticle; start: number; end: number; text: string } | undefined {
  for (const { article, s } of usable) {
    // Most sentences set off no name after a comma: skip them before any pattern runs.
    if (!hasShape(s, "commaBeforeName")) continue;
    for (const at of matcher.positions(s.text)) {
      if (s.text.slice(at - 2, at) !== ", ") continue;
      const from = Math.max(0, at - 80);
      const found = leadingNounPhrase.exec(s.text.slice(from, at));
      const lead = found && { index: from + found.index };
      const nameLength = lead && matcher.lengthAt(s.text, at);
      if (!lead || !nameLength) continue;
      const end = at + nameLength;
      if (!/^(?:,|\s+(?:which|who)\b|\.?$)/u.test(s.text.slice(end))) continue;
      // "apples, pears, …": a list, not an apposition.
      if (/,\s*(?:and|or)\s/.test(s.text.slice(end, end + 40)) || listItemBefore.test(s.text.slice(from, at)))
        continue;
      return {
        article,
        start: s.normStart + lead.index,
        end: s.normStart + end,
        text: s.text.slice(lead.index, end),
      };
    }
  }
  return undefined;
}

/** The noun phrase a naming cue introduces the name with: "a poor Chinese emerging company called DeepSeek". */
function namingSpan(
  usable: ReadonlyArray<{ article: AnalyzedArticle; s: SegmentedSentence }>,
  matcher: NameMatcher,
): { article: AnalyzedArticle; start: number; end: number; text: string } | undefined {
  for (const { article, s } of usable) {
    // "This phenomenon is known as X" has no noun phrase before its cue and is passed over below;
    // "This image features a spiral galaxy named X" has one.
    if (!hasShape(s, "naming")) continue;
    for (const at of matcher.positions(s.text)) {
      const cue = namingCue.exec(s.text.slice(0, at));
      const nameLength = cue && matcher.lengthAt(s.text, at);
      if (!cue || !nameLength) continue;
      // The noun phrase the cue names, from its article on: "a poor Chinese emerging company called
      // DeepSeek", not the whole sentence around it.
      // The nearest article before the cue: "… the water and make a hard material called X" names
      // "a hard material", not "the water and make a hard material".
      const lead = /\b(?:an?|the)\s+(?:(?!\b(?:an?|the)\s)[^,;:()"]){0,60}$/iu.exec(
        s.text.slice(0, cue.index),
      );
      if (!lead) continue;
      // "fragments of a virus or bacteria called antigens": the phrase's head is the noun before
      // "of", not "a virus".
      const head =
        /(?:^|[\s,;:(])(?:(?:the|some|many|small|tiny|short)\s+)?(\p{Ll}[\p{Ll}-]+s)\s+of\s+$/u.exec(
          s.text.slice(0, lead.index),
        );
      const start = head?.[1] ? lead.index - (head[0].length - head[0].indexOf(head[1])) : lead.index;
      let end = at + nameLength;
      // "named NGC 1792" names no "NGC": the name goes on with a number or a capitalised word.
      if (nameGoesOn.test(s.text.slice(end))) continue;
      // A quoted name ends at its closing quote: 'called "genome editing"' names no "genome".
      if (/["'“‘]$/.test(cue[0])) {
        const close = /^[.,]?["'”’]/.exec(s.text.slice(end));
        if (!close) continue;
        end += close[0].length;
      }
      // "… the incorporation of CO2 into molecules, a process known as carbon fixation.": the phrase
      // renames what the clause before it described, so the sentence is the definition.
      if (/,\s*$/.test(s.text.slice(0, lead.index)) && /^["')]?\s*[.!]?["')]?$/.test(s.text.slice(end)))
        return { article, start: s.normStart, end: s.normEnd, text: s.text };
      return {
        article,
        start: s.normStart + start,
        end: s.normStart + end,
        text: s.text.slice(start, end),
      };
    }
  }
  return undefined;
}

/** A sentence that opens by explaining the one before it: "The underlying logic is that …", "In other words, …". */
const explainsBefore =
  /^(?:the\s+(?:underlying\s+|basic\s+|main\s+)?(?:logic|idea|reason|point|principle|mechanism)\s+(?:is|was)\b|that is\b|in other words\b|put simply\b|simply put\b|basically\b|(?:this|it) means\b)/i;

/**
 * The sentence that defines a term, read well: the defining sentence itself; for "This phenomenon is
 * known as X", the neighbouring sentence that explains it: the one before, which "this" points back
 * to, unless the one after opens by explaining ("The underlying logic is …"), or the one before does
 * not read well.
 */
function definingSentence(
  articles: AnalyzedArticle[],
  definition: Definition,
): { ref: Citation; text: string } | undefined {
  const article = articles.find((a) => a.segmented.articleId === definition.articleId);
  if (!article) return undefined;
  const sentences = article.segmented.sentences;
  const index = sentences.findIndex((s) => s.id === definition.sentenceId);
  const pronounLed =
    definition.pattern === "known_as" && /^(?:this|that|these|such)\b/i.test(definition.definition);
  // "… a company called DeepSeek": the sentence is about something else; `definingSpan` cuts the
  // named noun phrase out of it.
  if (definition.pattern === "known_as" && !pronounLed) return undefined;
  const options = pronounLed
    ? (explainsBefore.test(sentences[index + 1]?.text ?? "")
        ? [sentences[index + 1], sentences[index - 1]]
        : [sentences[index - 1], sentences[index + 1]]
      ).filter((s) => s && s.passageId === definition.passageId)
    : [sentences[index]];
  // "(Basically, it means compressing a big model into a smaller one)": the subject is a pronoun for
  // the term of the sentence before, so the defining words alone are the definition.
  const sentence = sentences[index];
  if (
    !pronounLed &&
    sentence &&
    definition.pattern === "means" &&
    article.readings.get(sentence.id)?.isFit &&
    opensWithPronoun.test(sentence.text) &&
    definition.gloss.split(/\s+/).length >= 4
  ) {
    const at = sentence.text.indexOf(definition.gloss);
    const ref =
      at >= 0 &&
      citeNormalized(
        article.segmented,
        sentence.normStart + at,
        sentence.normStart + at + definition.gloss.length,
      );
    if (ref) return { ref, text: definition.gloss };
  }
  // "NADPH is an energy carrier in plants and ATP synthase produces the ATP": the defining
  // sentence ends where a clause about something else joins on, after the defining words; "X is …,
  // while a trade-off is the process of …" defines the trade-off from its own clause on.
  if (!pronounLed && sentence && article.readings.get(sentence.id)?.isFit) {
    const from = definition.gloss.length > 0 ? sentence.text.indexOf(definition.gloss) : -1;
    const cut = from > 0 ? secondClauseAt(article.segmented, sentence, from) : undefined;
    const clause = from > 0 ? laterClauseOf(sentence.text.slice(0, from), definition.term) : undefined;
    if (cut !== undefined || clause !== undefined) {
      const start = clause ?? 0;
      const text = sentence.text
        .slice(start, cut === undefined ? undefined : from + cut)
        .replace(/[\s,;]+$/, "");
      const ref = citeNormalized(
        article.segmented,
        sentence.normStart + start,
        sentence.normStart + start + text.length,
      );
      if (ref) return { ref, text: start > 0 ? capitalizeFirst(text) : text };
    }
  }
  for (const option of options) {
    if (!option) continue;
    const text = readableSpan(article, option.id);
    const ref = citeNormalized(article.segmented, option.normStart, option.normEnd);
    if (text && ref) return { ref, text };
  }
  return undefined;
}

/**
 * Where the clause whose subject is `term` starts in `before` (the sentence up to its defining words),
 * when that clause is not the sentence's first: "Opportunity cost is the value …, while a trade-off"
 * -> the offset of "a trade-off". Undefined when the term opens the sentence's own first clause.
 */
function laterClauseOf(before: string, term: string): number | undefined {
  const m = new RegExp(
    `[,;]\\s+(?:while|whereas|and|but|although|though)\\s+((?:(?:the|a|an)\\s+)?${escapeRegex(term)})(?:\\s+\\S+){1,5}\\s*$`,
    "iu",
  ).exec(before);
  return m?.[1] ? before.length - m[0].length + m[0].indexOf(m[1]) : undefined;
}

function capitalizeFirst(text: string): string {
  return text.charAt(0).toUpperCase() + text.slice(1);
}

/** "Jevons Paradox" reads as "Jevons paradox": capitalised everyday words after a name are lowered. */
function termName(term: string): string {
  const words = term.split(" ");
  // A term that opened its sentence ("Hepatitis is …", "Monetary inflation is …"): an everyday
  // first word before lower-case ones is lowered; a name ("Jevons", "Great Britain") is kept.
  const [first = "", ...rest] = words;
  if (isCapitalised(first) && lexicon().isWord(first.toLowerCase()) && rest.every((w) => !hasUpper(w)))
    words[0] = first.toLowerCase();
  if (words.length < 2) return words.join(" ");
  return words
    .map((w, i) =>
      i > 0 && isCapitalised(w) && lexicon().isWord(w.toLowerCase()) && lexicon().frequencyPerMillion(w) > 1
        ? w.toLowerCase()
        : w,
    )
    .join(" ");
}

/**
 * Words that most articles of a course of four or more use ("AI", "model" in a course on AI models):
 * the course's subject, which makes no phrase of it specific.
 */
function courseBackground(articles: AnalyzedArticle[]): Set<string> {
  const background = new Set<string>();
  if (articles.length < 4) return background;
  const spread = new Map<string, number>();
  for (const a of articles) {
    const words = new Set<string>();
    for (const t of a.segmented.tokens) words.add(singular(t.text.toLowerCase()));
    for (const w of words) spread.set(w, (spread.get(w) ?? 0) + 1);
  }
  for (const [w, n] of spread) if (n * 2 >= articles.length && hasLetter(w)) background.add(w);
  return background;
}

/**
 * "faulty CrowdStrike" (of "a faulty CrowdStrike update"): a lower-case word, then a name the article
 * writes capitalised, is the modifier of a longer phrase, not a term of its own.
 */
function endsInNameModifier(article: AnalyzedArticle, term: string): boolean {
  const written = writtenForm(article.segmented.normalized.text, term) ?? term;
  return /^\p{Ll}[\p{Ll}-]*\s+(?:\S+\s+)*\p{Lu}\S*$/u.test(written);
}

/** Whether a text ever puts `phrase` after a determiner or possessive: "the carding engines". */
function followsDeterminer(text: string, phrase: string): boolean {
  return new RegExp(
    `\\b(?:the|a|an|this|that|these|those|its|their|his|her|our|your|some|many|new|old)\\s+${escapeRegex(phrase)}`,
    "i",
  ).test(text);
}

function isCommonGerund(word: string): boolean {
  const stem = gerund.exec(word.toLowerCase())?.[1];
  if (!stem) return false;
  const verbs = [stem, `${stem}e`, stem.replace(doubledFinalLetter, "$1")];
  return verbs.some((v) => lexicon().frequencyPerMillion(v) >= 10);
}

const abstractNoun = /(?:tion|sion|ment|ity|ness|ance|ence|ship|ism)s?$/i;

/**
 * True when a phrase holding a name is a term named after someone ("Calvin cycle", "Jevons
 * paradox"): it ends in a lower-case word, and its name occurs mostly within it (not "DeepSeek
 * models", whose name stands alone far more often).
 */
function isEponym(article: AnalyzedArticle, term: string, nameWords: ReadonlySet<string>): boolean {
  const words = term.split(" ");
  const last = words.at(-1) ?? "";
  if (words.length < 2 || nameWords.has(last)) return false;
  const text = article.segmented.normalized.text;
  const inPhrase = nameMatcher([term]).positions(text).length;
  return words
    .filter((w) => nameWords.has(w))
    .every((w) => inPhrase * 2 > nameMatcher([w]).positions(text).length);
}

/**
 * Two-word phrases the course also writes hyphenated, in two articles or more and five times in all
 * ("open source" beside "open-source models"): fixed compounds, terms of the field however common
 * their words.
 */
function fixedCompounds(articles: AnalyzedArticle[]): Set<string> {
  const hyphenated = new Map<string, { count: number; articles: Set<AnalyzedArticle> }>();
  for (const a of articles) {
    for (const [first, second] of hyphenatedPairs(a.segmented.normalized.text)) {
      const key = `${first} ${second}`;
      const entry = hyphenated.get(key) ?? { count: 0, articles: new Set() };
      entry.articles.add(a);
      hyphenated.set(key, entry);
    }
  }
  const compounds = new Set<string>();
  for (const [key, entry] of hyphenated) {
    const [first = "", second = ""] = key.split(" ");
    for (const a of articles) {
      const n = countPair(a.segmented.normalized.text, first, second);
      if (n > 0) entry.articles.add(a);
      entry.count += n;
    }
    if (entry.articles.size >= 2 && entry.count >= 5) compounds.add(key);
  }
  return compounds;
}

function singular(word: string): string {
  return word.length > 4 && /[^s]s$/.test(word) ? word.slice(0, -1) : word;
}

/**
 * How common a word is in everyday English in any of its number forms: "advancements" is rare only
 * as a plural, "advancement" is not.
 */
const lemmaFrequency = memoized((word) => {
  const lower = word.toLowerCase();
  const forms = [lower, singular(lower), `${lower}s`, lower.replace(/ies$/, "y")];
  return Math.max(...forms.map((f) => lexicon().frequencyPerMillion(f)));
});

/**
 * True when a key phrase is specific enough to be a concept without a definition: one word rare in
 * everyday English ("puddling", "microorganisms"), or several with at least one uncommon word that is
 * not the course's subject ("life expectancy", "puddling process"; not "AI models" in a course on AI,
 * nor "open source software", whose words are all common). Everyday and abstract words
 * ("breakthrough", "innovation", "economy", "device") need the text to define them.
 *
 * @example
 * isSpecificPhrase("star formation", new Set()); // true
 * isSpecificPhrase("AI development", new Set(["ai"])); // false
 */
export function isSpecificPhrase(term: string, background: ReadonlySet<string>): boolean {
  const words = term.split(/[\s-]+/).filter((w) => w.length > 0);
  if (words.length === 1)
    return lemmaFrequency(words[0] ?? "") < 0.2 && !background.has(singular(term.toLowerCase()));
  return words.some((w) => !background.has(singular(w.toLowerCase())) && lemmaFrequency(w) < 4);
}

/** How much rarer than everyday English a phrase is: the log of its rarest word's inverse frequency. */
function specificity(term: string): number {
  return Math.log2(2 + 1e4 / (1 + rarestFrequency(term)));
}

const rarestFrequency = memoized((term) =>
  Math.min(...term.split(/[\s-]+/).map((w) => lexicon().frequencyPerMillion(w))),
);

/**
 * The phrase as the text writes it ("mRNA vaccine" for "mrna vaccine"): its most frequent form that
 * does not open a sentence, or undefined when it occurs fewer than twice on its own (not as the tail
 * of a hyphenated word) or only ever capitalised, as a name ("National Institutes"). One scan of the
 * text gives both.
 */
function writtenForm(text: string, phrase: string): string | undefined {
  let count = 0;
  let plain = 0;
  const forms = new Map<string, number>();
  for (const m of phraseMatches(text, phrase, true)) {
    count++;
    if (!twoCapitalisedWords.test(m[0])) plain++;
    const opensSentence = /(?:^|[.!?:]["')]?\s+|\n)$/.test(text.slice(Math.max(0, m.index - 3), m.index));
    if (!opensSentence) forms.set(m[0], (forms.get(m[0]) ?? 0) + 1);
  }
  if (count < 2 || plain === 0) return undefined;
  const [best] = [...forms].sort((a, b) => b[1] - a[1] || a[0].localeCompare(b[0]));
  return best?.[0].replace(/\s+/g, " ") ?? phrase;
}

/**
 * A lower-case word the text always writes after the same capitalised word is the tail of a name:
 * "pestis" of "Yersinia pestis". Gives the whole name, or the word as it was.
 *
 * @example
 * withNameBefore("Yersinia pestis spreads. The bacterium Yersinia pestis kills.", "pestis"); // "Yersinia pestis"
 */
export function withNameBefore(text: string, word: string | undefined): string | undefined {
  if (!word || /[\s-]/.test(word) || !lowerInitial.test(word)) return word;
  const heads = new Set<string>();
  let count = 0;
  for (const m of phraseMatches(text, word, false)) {
    count++;
    heads.add(/(\S*)\s+$/u.exec(text.slice(Math.max(0, m.index - 40), m.index))?.[1] ?? "");
    if (heads.size > 1) return word;
  }
  const [head] = heads;
  return count >= 2 &&
    heads.size === 1 &&
    head &&
    capitalisedHead.test(head) &&
    !lexicon().isWord(head.toLowerCase())
    ? `${head} ${word}`
    : word;
}

/**
 * The one capitalised form a phrase always takes in the text, opening a sentence or not ("Black
 * Death" for "black death"), or undefined when it is ever written otherwise or only once.
 */
function capitalisedForm(text: string, phrase: string): string | undefined {
  const forms = new Set<string>();
  let count = 0;
  for (const m of phraseMatches(text, phrase, true)) {
    count++;
    forms.add(m[0].replace(/\s+/g, " "));
  }
  const [form] = forms;
  return count >= 2 && forms.size === 1 && form?.split(" ").every(startsUpper) ? form : undefined;
}

/**
 * Lower-cased counts of capitalised words across the course, and of pairs of them a single space
 * apart ("alphago zero"), read off the NLP pass's tokens.
 */
function capitalisedCounts(articles: AnalyzedArticle[]): Map<string, number> {
  const counts = new Map<string, number>();
  for (const a of articles) {
    const { tokens, normalized } = a.segmented;
    let previous = "";
    let previousEnd = -1;
    for (const token of tokens) {
      const word = token.text;
      const chained = previous !== "" && normalized.text.slice(previousEnd, token.start) === " ";
      if (!lettersOrDigits.test(word) || !hasUpper(word)) {
        previous = "";
        continue;
      }
      const key = word.toLowerCase();
      counts.set(key, (counts.get(key) ?? 0) + 1);
      if (chained) counts.set(`${previous} ${key}`, (counts.get(`${previous} ${key}`) ?? 0) + 1);
      previous = key;
      previousEnd = token.end;
    }
  }
  return counts;
}

/** The leading run of names in a likeness's far side ("the alphaGo Zero Model" -> "AlphaGo Zero"). */
function namedPart(gloss: string, capitalised: ReadonlyMap<string, number>): string | undefined {
  const words = gloss.replace(/^(?:the|a|an)\s+/i, "").split(/\s+/);
  const run: string[] = [];
  for (const w of words) {
    const bare = w.replace(notWordOrHyphen, "");
    const named =
      hasUpper(bare) &&
      (capitalised.get(bare.toLowerCase()) ?? 0) >= 2 &&
      !lexicon().isWord(bare.toLowerCase());
    // A capitalised everyday word continues a name only if it follows it elsewhere too ("AlphaGo Zero").
    const continues =
      run.length > 0 &&
      startsUpper(bare) &&
      (capitalised.get(`${run.at(-1)?.toLowerCase()} ${bare.toLowerCase()}`) ?? 0) >= 2;
    if (named || continues) run.push(bare.charAt(0).toUpperCase() + bare.slice(1));
    else break;
  }
  return run.length > 0 ? run.join(" ") : undefined;
}

/**
 * Abbreviations introduced in the text, by the key of their long form and back: "messenger RNA (mRNA)",
 * "graphics processing units (GPUs)". The short form must be made of the starts of the words before it.
 *
 * @example
 * findAbbreviations(articles).get("messenger rna"); // ["mRNA"]
 */
export function findAbbreviations(articles: AnalyzedArticle[]): Map<string, string[]> {
  const found = new Map<string, string[]>();
  const link = (a: string, b: string) => {
    const list = found.get(keyOf(a)) ?? [];
    if (!list.includes(b)) list.push(b);
    found.set(keyOf(a), list);
  };
  for (const a of articles) {
    const text = a.segmented.normalized.text;
    // Found from the "(" on, looking back a few words: a pattern that starts with the words would be
    // tried at every position of the text.
    for (const m of text.matchAll(bracketedShortForm)) {
      const short = m[1] ?? "";
      if (!hasUpper(short)) continue;
      // Up to eight words: "clustered regularly interspaced short palindromic repeats (CRISPR)".
      const lead = wordsBefore.exec(text.slice(Math.max(0, m.index - 120), m.index))?.[1];
      if (!lead) continue;
      const words = lead.trim().split(/\s+/);
      for (let n = 1; n <= words.length; n++) {
        const long = words.slice(-n);
        if (
          isAbbreviationOf(
            short.toLowerCase(),
            long.map((w) => w.toLowerCase()),
          )
        ) {
          const longForm = long.join(" ");
          link(longForm, short);
          link(short, longForm);
          break;
        }
      }
    }
  }
  return found;
}

/** True when `short` is the words' starts in order, each word giving at least its first letter. */
function isAbbreviationOf(short: string, words: string[]): boolean {
  const go = (s: number, w: number): boolean => {
    if (s === short.length) return w === words.length;
    const word = words[w];
    if (!word) return false;
    for (let take = 1; take <= word.length && s + take <= short.length; take++) {
      if (word.slice(0, take) !== short.slice(s, s + take)) break;
      if (go(s + take, w + 1)) return true;
    }
    return false;
  };
  return words.length >= 2 && go(0, 0);
}
