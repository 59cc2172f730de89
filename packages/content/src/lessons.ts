import type { CausalLink, CitedText, Concept, KeyTerm, Lesson } from "./bundle.ts";
import { type AnalyzedArticle, citeNormalized } from "./concepts.ts";
import { lexicon } from "./lexicon.ts";
import { type NameMatcher, nameMatcher } from "./name-matcher.ts";
import { stanceOf } from "./stance.ts";
import { escapeRegex, hasUpper, isCapitalised, startsCapitalised, startsUpper } from "./word-classes.ts";
import { countWords, stopWords } from "./words.ts";

// Compiled name matchers, keyed by the (immutable) concept or glossary entry they match.
const matchers = new WeakMap<object, NameMatcher>();
function cachedMatcher(key: object, names: () => string[]): NameMatcher {
  let matcher = matchers.get(key);
  if (!matcher) {
    matcher = nameMatcher(names());
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
    .map((entry): [KeyTerm, NameMatcher] => [entry, cachedMatcher(entry, () => [entry.term])]);

  const sentenceById = new Map(segmented.sentences.map((s) => [s.id, s]));
  const definitionSentences = new Set(analysis.definitions.map((d) => d.sentenceId));
  const claimSentences = new Set(analysis.claims.map((c) => c.sentenceId));
  const causalSentences = new Set(analysis.causalLinks.map((c) => c.sentenceId));

  const readings = article.readings;
  const defined = new Set(glossary.flatMap((entry) => (entry.conceptId ? [entry.conceptId] : [])));

  const setEarlier = new Set<string>();
  // The article's own recurring phrases, rarest first: the examples a definition may point to.
  const examplePhrases = analysis.keyTerms.map((t) => t.term);
  // A concept's "define"/"compare" objective depends only on it and the article: made once.
  const conceptObjectives = new Map<Concept, string>();
  const conceptObjective = (concept: Concept): string => {
    let text = conceptObjectives.get(concept);
    if (text === undefined) {
      text =
        concept.kind === "analogy"
          ? comparisonObjective(concept)
          : definitionObjective(concept, examplePhrases);
      conceptObjectives.set(concept, text);
    }
    return text;
  };
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
    // A sentence that voices someone else's claim only through the sentence before ("Probably,
    // DeepSeek hid the chips" after "critics thought that …") reads as the author's when quoted alone.
    const isQuotable = (id: string) => {
      const reading = readings.get(id);
      if (reading?.isFit !== true || reading.stance.kind === "rejected") return false;
      const text = sentenceById.get(id)?.text ?? "";
      return reading.stance.kind !== "reported" || stanceOf(text).kind === "reported";
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
        // "Another study discovered that baking …": a report, not a cause; "this can lead to …":
        // a cause named in another sentence.
        !/\bthat\b/i.test(link.cause) &&
        !/^(?:this|that|these|those|it|they|which|such)\b/i.test(link.cause) &&
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
          objectives.push({
            text: withConcept(causeObjective(cause, segmented.normalized.text), concept, matcherOf(concept)),
            ref,
          });
          continue;
        }
      }
      // Only a concept the text defines (it has a gloss) makes a "define" objective.
      if (!definedHere || !concept.definitionRef || !defined.has(concept.id)) continue;
      objectives.push({ text: conceptObjective(concept), ref: concept.definitionRef });
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
      objectives.push({
        text: concept
          ? withConcept(causeObjective(cause, segmented.normalized.text), concept, matcherOf(concept))
          : `${causeObjective(cause, segmented.normalized.text)}.`,
        ref,
      });
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
        const leans = leansBack.test(s.text);
        if (leans) score -= 3;
        const covers = conceptMatchers.filter((m) => m.matcher.test(s.text)).map((m) => m.id);
        score += covers.length * 1.5;
        if (passageIndex === 0 && sentenceIndex === 0) score += 1;
        return [{ s, score, covers, leans, words: new Set(own) }];
      });
    });
    const summaryLength = Math.min(5, Math.max(2, Math.ceil(scored.length / 6)));
    const ranked = scored
      .map((entry, order) => ({ ...entry, order }))
      .sort((a, b) => b.score - a.score || a.order - b.order);
    if (objectives.length === 0) {
      // No definition or explanation in this part: the point it makes about a defined concept it
      // discusses, in the article's own words: its most central fit, asserted sentence naming the
      // concept that stands alone. A key phrase the text never defines ("breakthrough") makes no
      // objective a teacher could set.
      for (const concept of lessonConcepts.filter((c) => c.definitionRef)) {
        if (objectives.length >= 2) break;
        const best = ranked.find(
          ({ s: x }) =>
            readings.get(x.id)?.stance.kind === "asserted" &&
            // A dated or counted event ("On January 20, DeepSeek launched …") is a fact, not a point.
            !claimSentences.has(x.id) &&
            matcherOf(concept).test(x.text) &&
            isPointToExplain(x.text) &&
            !objectives.some((o) => o.ref.quote === x.text),
        );
        const ref = best && citeNormalized(segmented, best.s.normStart, best.s.normEnd);
        if (best && ref) objectives.push({ text: pointObjective(best.s.text), ref });
      }
      // Nothing quotable: what the part builds on, a concept defined elsewhere; one an earlier part
      // of the article has not already set, where there is one.
      const fallbacks = objectives.length === 0 ? lessonConcepts.filter((c) => c.definitionRef) : [];
      const fallback = fallbacks.find((c) => !setEarlier.has(conceptObjective(c))) ?? fallbacks[0];
      if (fallback?.definitionRef)
        objectives.push({ text: conceptObjective(fallback), ref: fallback.definitionRef });
    }
    for (const objective of objectives) setEarlier.add(objective.text);
    const chosen: typeof ranked = [];
    const covered = new Set<string>();
    // First the best sentence for each concept not yet covered, then the best of the rest.
    for (const pass of ["cover", "fill"] as const) {
      for (const entry of ranked) {
        if (chosen.length >= summaryLength) break;
        if (chosen.includes(entry)) continue;
        if (pass === "cover" && !entry.covers.some((id) => !covered.has(id))) continue;
        // A line that leans on the sentence before it is taken only when nothing else is left.
        if (entry.leans && ranked.some((other) => !other.leans && !chosen.includes(other))) continue;
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
  startsCapitalised(text) ? text.charAt(0).toLowerCase() + text.slice(1) : text;

/**
 * An objective from cause and effect: "Explain why the demand for chips rose" for "because" and
 * "as a result", "Explain how X leads to Y" for "X led to / drives / enables Y".
 */
function causeObjective(link: CausalLink, articleText: string): string {
  // "Windows computers worldwide face …": a name the article writes capitalised keeps its capital.
  const lower = (text: string) => {
    const first = /^\p{L}+/u.exec(text)?.[0] ?? "";
    return first && new RegExp(`[\\p{Ll},;]\\s+${escapeRegex(first)}\\b`, "u").test(articleText)
      ? text
      : lowerFirst(text);
  };
  const effect = lower(link.effect.replace(/^(?:that|then|and)\s+/i, ""));
  const cause = lower(link.cause);
  if (
    /^(?:because|due to|owing to|thanks to|because of|so that|therefore|thus|as a result|consequently)$/.test(
      link.marker,
    )
  )
    return `Explain why ${effect}`;
  return `Explain how ${cause} ${link.marker} ${effect}`;
}

/** Words that end the noun phrase a definition classifies its term by ("a device | for …"). */
const genusEnd =
  /^(?:that|which|who|whom|whose|we|you|they|it|when|where|while|with|without|in|of|for|to|from|by|on|at|as|such|found|used|made|consisting|and|or|than|between|among|into|onto|after|before|during|through|throughout|within|across|over|under|whereby|via|like|because|since|until|about|against|around|upon)$/i;
/** Heads that need their complement to mean anything ("an increase | in the price level"). */
const relationalHead =
  /^(?:increase|decrease|rise|fall|drop|change|loss|gain|reduction|growth|part|measure|amount|number|set|group|collection|piece|lack|shift|expansion|decline|value|cost|price|share|ratio|sum|total|difference|result|combination|study|process)s?$/i;
/** Words that say only which kind of thing follows ("a type of compound") or how much. */
const genusFiller = /^(?:type|kind|form|sort|class|variety|very|particular|certain|specific|special)$/i;

/**
 * The noun phrase a definition classifies its term by, and whether it came with "a"/"an" (a count
 * noun), "the" (one thing, as "the body's protective response"), or nothing (a mass noun,
 * "inflammation"): "a semiconductor device with three terminals" -> "semiconductor device".
 */
function genusOf(rest: string): { genus: string; determiner: "a" | "the" | "" } | undefined {
  const m = /^(an?|the|one)?\s*([^,;:.()"“”]+)/iu.exec(rest.trim());
  if (!m?.[2]) return undefined;
  const determiner = m[1] ? (/^the$/i.test(m[1]) ? "the" : "a") : "";
  const words: string[] = [];
  const all = m[2].split(/\s+/);
  for (let i = 0; i < all.length; i++) {
    const w = all[i] ?? "";
    if (genusEnd.test(w)) {
      // "a type of vaccine": "of" after a filler word continues the phrase.
      if (/^of$/i.test(w) && words.length > 0 && words.every((x) => genusFiller.test(x))) {
        words.length = 0;
        continue;
      }
      break;
    }
    words.push(w);
  }
  while (words.length > 0 && determiner !== "the" && genusFiller.test(words[0] ?? "")) words.shift();
  // "many proteins together", "several cells": a count of things is no kind of thing.
  if (/^(?:many|several|some|few|most|all|various|numerous|multiple|two|three|four)$/i.test(words[0] ?? ""))
    return undefined;
  if (words.length === 0 || words.length > 5 || !/^\p{L}/u.test(words.at(-1) ?? "")) return undefined;
  // A participle or adverb closing it is no head noun: "organelles specialized (for …)" is "organelles".
  while (words.length > 1 && /(?:ly|ed)$/i.test(words.at(-1) ?? "")) words.pop();
  return { genus: words.join(" "), determiner };
}

function pluralOf(phrase: string): string {
  return phrase.replace(/(\p{L}+)$/u, (w) =>
    /[^aeiou]y$/i.test(w) ? `${w.slice(0, -1)}ies` : /(?:s|x|z|ch|sh)$/i.test(w) ? `${w}es` : `${w}s`,
  );
}

/** A name in running text: "the Jevons paradox" for a named law or effect, else as it is written. */
function nameInText(name: string): string {
  const first = name.split(" ")[0] ?? "";
  return name.includes(" ") &&
    startsUpper(first) &&
    !lexicon().isWord(first.toLowerCase()) &&
    /\s\p{Ll}+$/u.test(name)
    ? `the ${name}`
    : name;
}

/**
 * A specific objective from a concept's definition, shaped by how the text defines it:
 * - "A transistor is a semiconductor device …" -> "Define a transistor and say what sets it apart
 *   from other semiconductor devices.";
 * - "Hepatitis is inflammation of the liver." -> "Define hepatitis and say what kind of inflammation it is.";
 * - "Inflammation is the body's protective response …", "pitch, the harmonic sounds …" -> "Define
 *   inflammation, the body's protective response, in your own words.";
 * - "it means compressing a big AI model into a smaller one" -> "Explain what distillation involves
 *   (compressing a big AI model into a smaller one) and why it matters to the article's argument.";
 * - a named entity -> "Say what DeepSeek is (a poor Chinese emerging company) and what the article
 *   says it did.";
 * - otherwise, with an example phrase of the article the definition uses -> "Explain the Jevons
 *   paradox using the article's example of the steam engine."
 */
function definitionObjective(concept: Concept, examplePhrases: readonly string[]): string {
  const definition = concept.definition.replace(/\s+/g, " ").trim();
  const names = [concept.name, ...concept.aliases];
  const found = nameMatcher(names).exec(definition);
  const name = nameInText(concept.name);
  const lowerName = isCapitalised(concept.name) ? concept.name.toLowerCase() : name;
  if (concept.kind === "entity") {
    const lead = /^(an?\s+[^,;:()]{3,60}?)\s+(?:called|named|known as|dubbed)\s/iu.exec(definition)?.[1];
    const after = found ? definition.slice(found.index + found[0].length) : "";
    const copula = /^,?\s+(?:is|was)\s+(an?\s+.*)$/iu.exec(after)?.[1];
    const shape = copula ? genusOf(copula) : undefined;
    const genus =
      lead ??
      (shape?.determiner === "a" ? `${/^an\b/i.test(copula ?? "") ? "an" : "a"} ${shape.genus}` : undefined);
    // "The Great Depression (1929-39) was …": a name the text writes after "the" keeps it.
    const the = found && /\bthe\s+$/i.test(definition.slice(0, found.index)) ? "the " : "";
    return genus
      ? `Say what ${the}${concept.name} is (${genus}) and what the article says it did.`
      : `Say what ${the}${concept.name} is and what the article says it did.`;
  }
  // "a process known as carbon fixation": the noun phrase the name is introduced with.
  const introduced =
    /(?:^|,\s+)(an?)\s+([^,;:()]{3,60}?)\s+(?:called|named|known as|termed|dubbed|referred to as)\s/iu.exec(
      definition,
    );
  const introducedShape = introduced?.[2] ? genusOf(introduced[2]) : undefined;
  if (introducedShape)
    return `Define ${lowerName} and say what sets it apart from other ${pluralOf(introducedShape.genus)}.`;
  // "congenital hypothyroidism (loss of thyroid function)": the gloss in brackets.
  const bracketed = found && /^\s*\(([^)]{3,60})\)$/u.exec(definition.slice(found.index + found[0].length));
  if (bracketed?.[1])
    return `Explain what ${lowerName} is (${bracketed[1]}) and what the article says about it.`;
  if (found) {
    const after = definition.slice(found.index + found[0].length).replace(/^\s*\([^)]*\)/, "");
    const plural = /^\s*,?\s*(?:are|were)\b/i.test(after);
    const it = plural ? "them" : "it";
    const copula = /^\s*,?\s+(?:is|are|was|were)\s+(.*)$/iu.exec(after);
    const appositive = /^,\s+(the\s+.*)$/iu.exec(after);
    const means = /^\s*,?\s+(?:means|refers to|stands for|describes)\s+(.*)$/iu.exec(after);
    const shape = genusOf(copula?.[1] ?? appositive?.[1] ?? "");
    const leading = /^(an?)\s*$/i.exec(definition.slice(Math.max(0, found.index - 3), found.index).trim());
    const termText = leading ? `${leading[1]?.toLowerCase()} ${found[0]}` : lowerName;
    // "The greenhouse effect is the way in which heat is trapped …": a how, not a kind of "way".
    const how =
      /^the\s+(?:way|manner|means)\s+(?:in|by)\s+which\s+([^,;:()]{6,100}?)\s*(?:[,;:(]|\.?["”]?$)/iu.exec(
        (copula?.[1] ?? "").trim(),
      );
    if (how?.[1]) {
      const the = /\bthe\s*$/i.test(definition.slice(0, found.index)) ? "the " : "";
      return `Explain ${the}${found[0].toLowerCase() === found[0] ? found[0] : lowerName}: how ${how[1].replace(/["“”]/g, "")}.`;
    }
    const relational = shape && relationalHead.test(shape.genus.split(" ").at(-1) ?? "");
    if (shape && relational) {
      // The head and its first complement: "a sustained increase in the general price level".
      const phrase =
        /^(?:an?\s+)?[^,;.()]*?\b(?:in|of)\s+[^,;.()]*?(?=\s+(?:of|in|over|during|that|which|who|for|within|across|with|by|from|because|since|as|when|where|while|and|but|so)\b|[,;.()]|$)/iu.exec(
          (copula?.[1] ?? "").trim(),
        );
      // The complement follows the head itself: "a process of …", not "a process during which … in …".
      const headThenComplement = new RegExp(`\\b${shape.genus.split(" ").at(-1)}\\s+(?:in|of)\\s`, "iu");
      if (phrase?.[0] && phrase[0].split(/\s+/).length <= 12 && headThenComplement.test(phrase[0]))
        return `Describe ${termText} as ${phrase[0]}, in your own words.`;
    }
    if (shape && shape.determiner === "a")
      return `Define ${termText} and say what sets ${it} apart from other ${pluralOf(shape.genus)}.`;
    if (shape && shape.determiner === "")
      return `Define ${termText} and say what kind of ${shape.genus} ${plural ? "they are" : "it is"}.`;
    if (shape) {
      const genus = shape.genus.replace(/^the\s+/i, "");
      // "antibodies, the proteins that lock onto a specific antigen": the genus has a clause saying
      // what it does, which is what to ask.
      const does = new RegExp(`\\b${escapeRegex(genus)}\\s+(?:that|which|who)\\s+\\p{L}`, "iu");
      if (/^[\p{Ll}-]+$/u.test(genus) && does.test(copula?.[1] ?? appositive?.[1] ?? "")) {
        const many = /[^s]s$/.test(genus);
        return `Define ${termText} and say what ${many ? "these" : "this"} ${genus} ${many ? "do" : "does"}.`;
      }
      return `Define ${termText}, the ${genus}, in your own words.`;
    }
    if (means?.[1]) return meansObjective(lowerName, means[1]);
    // "the training cost for its R1 model was merely $5.576 million": a figure to state and weigh.
    const figure =
      /^([^,;:.()]{0,40}?)\s+(?:is|are|was|were)\s+(?:merely|only|just|about|around|nearly|roughly|almost|over|under|some)?\s*[$€£¥]?\d/iu.exec(
        after,
      );
    if (figure) {
      const subject = `${definition.slice(0, found.index)}${found[0]}${figure[1] ?? ""}`
        .replace(/^\W+/, "")
        .trim();
      if (subject.split(/\s+/).length <= 10)
        return `State the figure the article gives for ${lowerFirst(subject)}, and say why it matters.`;
    }
    // "the open-source community, which allows users to modify …": what it lets people do.
    const enables =
      /^(?:\s+\p{L}+){0,2},?\s+(?:which|that)\s+((?:allows|lets|enables|helps|gives|makes)\s+[^,;:.()]{6,90})/iu.exec(
        after,
      );
    if (enables?.[1]) return `Explain how ${lowerName} ${enables[1].trim()}.`;
    // "export management used to prevent powerful AI chips from falling …": what it is for.
    const purpose =
      /^\s+(?:is\s+|are\s+|was\s+|were\s+)?(?:used|designed|meant|intended)\s+to\s+([^,;:.()]{6,90})/iu.exec(
        after,
      );
    if (purpose?.[1])
      return `Explain how ${lowerName} ${plural || /s$/i.test(concept.name) ? "are" : "is"} used to ${purpose[1].trim()}.`;
  }
  // An author's card may name a likeness "term": "This training is similar to the AlphaGo Zero Model."
  if (/\b(?:is|are|was|were)\s+(?:similar|akin|analogous|comparable)\s+to\b/i.test(definition))
    return comparisonObjective(concept);
  if (concept.definitionRef && !found && /^\p{Ll}+ing\b/u.test(definition))
    return meansObjective(lowerName, definition);
  // "(Basically,) it means compressing …": the pronoun stands for the concept.
  const pronounMeans = /^\W*(?:\p{L}+,\s*)?(?:it|this|that)\s+(?:means|refers to)\s+(.+)$/iu.exec(definition);
  if (!found && pronounMeans?.[1]) return meansObjective(lowerName, pronounMeans[1]);
  // The name's own words are no example of it; an alias the author listed may be ("coal consumption").
  const nameWords = new Set(concept.name.toLowerCase().split(/\s+/));
  const example = examplePhrases.find(
    (phrase) =>
      phrase.includes(" ") &&
      !phrase.split(" ").some((w) => nameWords.has(w)) &&
      // "coal consumption", not "new path": a word of it is uncommon in everyday English.
      phrase.split(" ").some((w) => lexicon().frequencyPerMillion(w) < 20) &&
      nameMatcher([phrase]).test(definition),
  );
  // As the definition writes it: a named example keeps its "the" ("the Calvin cycle", not "calvin
  // cycle"); an everyday one reads without ("coal consumption").
  const written = example ? nameMatcher([example]).exec(definition) : null;
  const exampleText = written
    ? `${startsUpper(written[0]) && /\bthe\s+$/i.test(definition.slice(0, written.index)) ? "the " : ""}${written[0]}`
    : example;
  return example
    ? `Explain ${name} using the article's example of ${exampleText}.`
    : `Explain ${name} in your own words, as the article defines it.`;
}

/** "compressing a big model into a smaller one, and it is cheaper" -> its first clause, in an objective. */
function meansObjective(name: string, gloss: string): string {
  const clause = gloss.split(/,\s+(?:and|but|so|which)\b|[;:]|\.\s|\.$/)[0]?.trim() ?? gloss;
  return clause.split(/\s+/).length <= 16
    ? `Explain what ${name} involves (${clause}) and why it matters to the article's argument.`
    : `Explain what ${name} involves and why it matters to the article's argument.`;
}

/** A sentence whose point a student can explain: 6 to 28 words, standing on its own, not the writer's own "I …". */
function isPointToExplain(text: string): boolean {
  const words = text.split(/\s+/).length;
  // "I look forward to …": the writer's own wish or feeling is no point to explain.
  // Nor a dateline ("TMTPOST — Currently …") or a line with a shouted word ("FURTHRTHER").
  return (
    words >= 6 &&
    words <= 28 &&
    !leansBack.test(text) &&
    !/[?"“”]/.test(text) &&
    !/^I\s/.test(text) &&
    !/^\p{Lu}{3,}\s*[—–-]/u.test(text) &&
    !/\b\p{Lu}{6,}\b/u.test(text) &&
    // A capitalised fragment no dictionary knows ("another UTION —reasoning learning").
    !(text.match(/\b\p{Lu}{4,5}\b/gu) ?? []).some(
      (w) => !lexicon().isWord(w) && !lexicon().isWord(w.toLowerCase()),
    )
  );
}

/** "DeepSeek can be considered a team driven by technology ideals." -> explain the article's point. */
function pointObjective(text: string): string {
  const point = text
    .replace(/[.!]+$/, "")
    .replace(
      /^(?:in essence|in short|in fact|in sum|in summary|overall|moreover|furthermore|indeed|lastly|first of all|finally|in recent times|recently|today),\s+/i,
      "",
    );
  const first = /^\p{L}+/u.exec(point)?.[0] ?? "";
  // An everyday word opening the sentence is lowered; a name ("DeepSeek", "Gutenberg") or "I" is not.
  const isName = first === "I" || hasUpper(first.slice(1)) || !lexicon().isWord(first.toLowerCase());
  return `Explain the article's point that ${isName ? point : lowerFirst(point)}.`;
}

/** "Explain why demand rose" + the concept it bears on, unless the objective names it already. */
function withConcept(objective: string, concept: Concept, matcher: NameMatcher): string {
  return matcher.test(objective) ? `${objective}.` : `${objective} (${nameInText(concept.name)}).`;
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

// A pronoun for something named before, a conjunction that continues the sentence before ("And
// if you are …", "But the costs …"), or a noun that points back ("The result is …").
const leansBack =
  /^\(|^(?:and|but|so|or|yet|also|then|nor|thus|therefore|hence|similarly|likewise|instead)\b|^the (?:result|outcome|effect|reason|same|latter|former)\b|^(?:[^,()]{1,50},\s+)?(?:it|its|this|that|these|those|they|their|he|his|she|her|such)\b(?!\s+(?:is|was)\s+(?:why|how|what))/iu;

// Compiled once: a Unicode regex literal in a function is rebuilt on every call once esbuild lowers it.
const longWords = /\p{L}{4,}/gu;

/** Words that carry content: lower-cased, four letters or more. */
function contentWords(text: string): string[] {
  return (text.toLowerCase().match(longWords) ?? []).filter((w) => !stopWords.has(w));
}

/** The share of the smaller set's words that the other holds too. */
function overlap(a: ReadonlySet<string>, b: ReadonlySet<string>): number {
  let shared = 0;
  for (const w of a) if (b.has(w)) shared++;
  return shared / Math.max(1, Math.min(a.size, b.size));
}
