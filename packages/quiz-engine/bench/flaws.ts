/**
 * Item flaws as a reader of the bank sees them, for the quality benchmark. Written apart from the
 * generator's scorer (src/quality.ts) and with rules of their own (a count-based subject, a
 * dictionary test that ignores the scorer's name lists, a wider list of reporting cues), so that the
 * benchmark does not simply agree with the rules the generator was tuned to.
 */

import type { CourseBundle, Lexicon } from "../src/course.ts";
import type { Question } from "../src/schemas.ts";
import { normalizeAnswer } from "../src/text.ts";

export const FLAWS = [
  "garbled text",
  "heading or fragment stem",
  "unresolved pronoun",
  "blank on the subject",
  "whole-sentence true/false",
  "reported or rejected claim keyed as fact",
  "off-subject distractor",
  "truncated option",
  "question posed as a statement",
] as const;
export type FlawName = (typeof FLAWS)[number];

// "Such as" brings in examples: it points back to nothing.
const PRONOUN =
  /^(it|its|it's|this|that|these|those|they|their|he|she|his|her|such(?!\s+as\b)|the (?:result|outcome|reason|latter|former))\b/i;
const FUNCTION_END =
  /\b(a|an|the|and|or|but|of|to|in|on|for|with|by|at|from|that|which|who|also|as|than|is|are|was|were|its|their|this)$/i;
/** The author doubting what comes next ("I am skeptical of …"). */
const REJECTION =
  /\b(skeptical|sceptical|doubt\w*|conspiracy|not convinced|disagree|myth|misleading|overblown)\b/i;
const DOUBT =
  /\b(said|says|claim(?:s|ed)?|according to|believ(?:e|es|ed)|thought|think|probably|perhaps|maybe|might|skeptical|sceptical|conspiracy|rumou?r|alleged(?:ly)?|reportedly|supposedly|suspect(?:ed)?|accused|denied)\b/i;
/** Words that say who holds a claim: a statement carrying one reports the claim instead of making it. */
const ATTRIBUTION =
  /\b(said|says|claim(?:s|ed)?|according to|believ(?:e|es|ed)|argue[sd]?|suggest(?:s|ed)?|alleged(?:ly)?|reportedly|supposedly|accused|denied)\b/i;

function options(q: Question): { text: string; isKey: boolean }[] {
  if (q.type === "single_choice") return q.options.map((o) => ({ text: o.text, isKey: o.id === q.key }));
  if (q.type === "multiple_choice")
    return q.options.map((o) => ({ text: o.text, isKey: q.key.includes(o.id) }));
  if (q.type === "ordering") return q.options.map((o) => ({ text: o.text, isKey: true }));
  if (q.type === "matching") return [...q.left, ...q.right].map((o) => ({ text: o.text, isKey: true }));
  return [];
}

/**
 * The statements an item shows: a true/false stem, the quoted sentence of a completion item, and each
 * statement of a "select all that apply" item (a list of true/false claims).
 */
function statements(q: Question): { text: string; isClaim: boolean }[] {
  if (q.type === "true_false") return [{ text: q.stem, isClaim: true }];
  if (q.type === "multiple_choice") return q.options.map((o) => ({ text: o.text, isClaim: true }));
  const quoted = /“(.+)”\??\.?$/s.exec(q.stem);
  return quoted && /Complete|completes|Fill in/.test(q.stem)
    ? [{ text: quoted[1] ?? "", isClaim: false }]
    : [];
}

function answers(q: Question): string[] {
  if (q.type === "cloze" || q.type === "short_answer") return q.key.accepted.slice(0, 1);
  return options(q)
    .filter((o) => o.isKey && (q.type === "single_choice" || q.type === "multiple_choice"))
    .map((o) => o.text);
}

export interface FlawContext {
  bundle: CourseBundle;
  lexicon: Lexicon;
  /** The course's most mentioned name: what every student of it already knows. */
  subject: string;
  wordCounts: Map<string, number>;
  sentences: string[];
  relatedText: Map<string, string>;
  conceptNames: Set<string>;
  /** Lower-cased words of the names the analysis found (mentions, concepts). */
  nameWords: Set<string>;
  /** Lower-cased words the raw text also writes in camel case ("openai" for "OpenAI"). */
  camelSpellings: Set<string>;
}

export function createFlawContext(bundle: CourseBundle, lexicon: Lexicon): FlawContext {
  const names = new Map<string, number>();
  for (const m of bundle.mentions)
    if (["organization", "product", "person"].includes(m.kind))
      names.set(normalizeAnswer(m.normalized), (names.get(normalizeAnswer(m.normalized)) ?? 0) + 1);
  const subject = [...names.entries()].sort((a, b) => b[1] - a[1])[0]?.[0] ?? "";
  const wordCounts = new Map<string, number>();
  for (const a of bundle.articles)
    for (const w of a.rawText.toLowerCase().match(/[a-z]+/g) ?? [])
      wordCounts.set(w, (wordCounts.get(w) ?? 0) + 1);
  // Articles are related when an author's concept card spans them, or when a concept is named in
  // both their titles: a detected word two articles share ("production") is no common subject.
  const articleOf = new Map(bundle.passages.map((p) => [p.id, p.articleId]));
  const titleOf = new Map(bundle.articles.map((a) => [a.id, a.title.toLowerCase()]));
  const relatedText = new Map<string, string>();
  for (const a of bundle.articles) {
    const related = new Set([a.id]);
    for (const c of bundle.concepts) {
      const articles = c.passageIds
        .map((id) => articleOf.get(id))
        .filter((x) => c.origin === "author" || (titleOf.get(x ?? "") ?? "").includes(c.name.toLowerCase()));
      if (articles.includes(a.id)) for (const x of articles) if (x) related.add(x);
    }
    relatedText.set(
      a.id,
      ` ${normalizeAnswer(
        bundle.articles
          .filter((x) => related.has(x.id))
          .map((x) => x.normalizedText)
          .join(" "),
      )} `,
    );
  }
  const camelSpellings = new Set<string>();
  for (const a of bundle.articles)
    for (const w of a.rawText.match(/[A-Za-z]+/g) ?? [])
      if (/^[A-Za-z][a-z]+[A-Z]/.test(w)) camelSpellings.add(w.toLowerCase());
  return {
    bundle,
    lexicon,
    camelSpellings,
    subject,
    wordCounts,
    sentences: bundle.sentences.map((s) => normalizeAnswer(s.text)),
    relatedText,
    conceptNames: new Set(
      bundle.concepts.flatMap((c) => [c.name, ...c.aliases]).map((n) => normalizeAnswer(n)),
    ),
    nameWords: new Set(
      [
        ...bundle.mentions
          .filter((m) => !/^(date|money|percent|number|quantity)$/.test(m.kind))
          .map((m) => m.text),
        ...bundle.concepts.flatMap((c) => [c.name, ...c.aliases]),
      ].flatMap((n) => n.toLowerCase().match(/[a-z][a-z']*/g) ?? []),
    ),
  };
}

/**
 * Garbled text as a reader meets it: a letter tripled or a capital glued inside a word the course
 * rarely uses, a word no dictionary knows (the course's own names aside, and even they when read only
 * once), a word split in two ("AN D", "SCR Atch"), ordinary words capitalised through a line ("Has
 * Gathered some Top Talent").
 */
export function isGarbled(text: string, ctx: FlawContext): boolean {
  const tokens = text.replace(/_{3,}/g, " ").match(/[A-Za-z][A-Za-z']*/g) ?? [];
  for (const token of tokens) {
    const word = token.replace(/'s?$/, "");
    if (word.length < 3 || /^[A-Z]{2,5}s?$/.test(word)) continue;
    const count = ctx.wordCounts.get(word.toLowerCase()) ?? 0;
    if (/([a-z])\1\1/i.test(word) || /[a-z][A-Z][a-z]{2}/.test(word.slice(1))) {
      if (count < 3 && !ctx.nameWords.has(word.toLowerCase())) return true;
    }
    const known = ctx.lexicon.isWord(word) || (/[^s]s$/.test(word) && ctx.lexicon.isWord(word.slice(0, -1)));
    if (!known && (!ctx.nameWords.has(word.toLowerCase()) || count < 2)) return true;
    // One letter from a word ("Explration" for "exploration") and rare: a misspelling, name or not.
    if (!known && count < 3 && word.length >= 5 && ctx.lexicon.nearWords(word).some((n) => n.length >= 5))
      return true;
  }
  for (let i = 1; i < tokens.length; i++) {
    const a = tokens[i - 1] as string;
    const b = tokens[i] as string;
    const oddSplit = /^[A-Z]{2,}$/.test(a) && /^[A-Z]/.test(b) && (b.length === 1 || /^[A-Z][a-z]+$/.test(b));
    if (oddSplit && (a + b).length >= 3 && ctx.lexicon.isWord((a + b).toLowerCase())) return true;
  }
  // The article or an everyday word capitalised mid-sentence ("possesses A vast", "ITS first"), where
  // the course never names anything so.
  if (/[a-z,;]\s+A\s+[a-z]/.test(text)) return true;
  // A letter split off its word ("and eventual Y, one team").
  if (/[a-z]\s[B-HJ-Z][,;.]\s/.test(text)) return true;
  for (const token of tokens) {
    if (!/^[A-Z]{3,4}$/.test(token) || ctx.nameWords.has(token.toLowerCase())) continue;
    if (ctx.lexicon.frequencyPerMillion(token.toLowerCase()) > 150) return true;
  }
  // A name cased like an ordinary word where the course also writes it in camel case ("Openai"
  // beside "OpenAI"): the camel case is the name, the other a misreading, however often repeated.
  for (const token of tokens) {
    if (!/^[A-Z][a-z]+$/.test(token) || ctx.lexicon.isWord(token)) continue;
    if (ctx.camelSpellings.has(token.toLowerCase())) return true;
  }
  // A heading run into its text ("Inflation This article is about …").
  if (/[A-Za-z\d,]\s+(?:The|This|These|Those|That|It|Its|In|Of|And|But|For|With|From)\s+[a-z]/.test(text))
    return true;
  // Capitalised everyday words after the first, outside names: a line cased by a broken tool. A
  // sentence's first word (after a quote mark or a full stop) is capitalised by right, and so are
  // the words English always capitalises (months, "British"), which the dictionary has only so.
  const opened = text.replace(
    /(^|[“"‘(]|[.!?]\s+)([A-Z])(?=[a-z])/g,
    (_, before: string, letter: string) => `${before}${letter.toLowerCase()}`,
  );
  const inner = (opened.replace(/_{3,}/g, " ").match(/[A-Za-z][A-Za-z']*/g) ?? []).slice(1);
  const shouted = inner.filter(
    (w) =>
      /^[A-Z][a-z]+$/.test(w) &&
      !ctx.nameWords.has(w.toLowerCase()) &&
      ctx.lexicon.isWord(w.toLowerCase()) &&
      ctx.lexicon.frequencyPerMillion(w.toLowerCase()) > 20,
  );
  return shouted.length >= 3 && shouted.length / Math.max(1, inner.length) >= 0.2;
}

/** The flaws one item has, by the benchmark's own reading. */
export function findFlaws(q: Question, ctx: FlawContext): FlawName[] {
  const found = new Set<FlawName>();
  const shown = [
    q.stem,
    ...options(q).map((o) => o.text),
    ...(q.type === "true_false" && q.correction ? [q.correction] : []),
    // A typed answer is text the student must write: a misreading there is taught as a word.
    ...(q.type === "cloze" || q.type === "short_answer" ? q.key.accepted.slice(0, 1) : []),
  ];
  if (shown.some((t) => isGarbled(t, ctx))) found.add("garbled text");
  for (const { text: said, isClaim } of statements(q)) {
    const words = said.split(/\s+/).filter(Boolean);
    const body = said.replace(/^According to the article,?\s*/i, "");
    // Too short, numbered, unfinished, or opening without a subject ("Almost surely exceeds _____.").
    if (
      words.length < 6 ||
      /^\d+(\.\d+)*\s/.test(said) ||
      !/[.!?"”)]\s*$|_{3,}\W*$/.test(said) ||
      // (A name cased so, "mRNA vaccine …", may open a sentence.)
      /^[("“'‘]*\p{Ll}(?!\p{Ll}*\p{Lu})/u.test(said) ||
      /^(?:(?:\p{L}+ly|almost|just|even|also|still)\s+){1,2}\p{Ll}+(?:s|ed)\b/iu.test(body)
    )
      found.add("heading or fragment stem");
    // A pronoun opening the statement, behind brackets, an opener or a short adverbial
    // ("(Basically, it means", "At that time, its value"), points back to a sentence not shown.
    const opening = body
      .trim()
      .replace(/^[("“'‘\s]+/, "")
      .replace(/^(?:(?:however|basically|also|and|but|so|yet)\s*,?\s+)+/i, "");
    const afterAdverbial = opening.replace(/^(?:[\w'’-]+\s+){0,3}[\w'’-]+,\s+/, "");
    if (PRONOUN.test(opening) || PRONOUN.test(afterAdverbial)) found.add("unresolved pronoun");
    if (isClaim) {
      if (words.length > 12 && ctx.sentences.includes(normalizeAnswer(body)))
        found.add("whole-sentence true/false");
      if (/\?\s*$/.test(said) || /^(how|why|what|who|when|where|could|would|is|are|can|will)\b/i.test(body))
        found.add("question posed as a statement");
    }
  }
  if (answers(q).some((a) => normalizeAnswer(a) === ctx.subject)) found.add("blank on the subject");
  // What the item presents as true, with the source sentence behind each: a true statement, the
  // statements a select-all keys, a choice item's stem and key where the stem quotes no sentence.
  const sourceOf = (ref: Question["sourceRefs"][number]) =>
    ctx.bundle.sentences.filter(
      (s) => s.articleId === ref.articleId && s.rawEnd > ref.rawStart && s.rawStart < ref.rawEnd,
    );
  const refSentences = q.sourceRefs.flatMap(sourceOf);
  const overlap = (a: string, b: string) => {
    const words = new Set(normalizeAnswer(a).split(" "));
    return normalizeAnswer(b)
      .split(" ")
      .filter((w) => w.length > 3 && words.has(w)).length;
  };
  const claims: { shown: string; sentences: typeof refSentences }[] = [];
  if (q.type === "true_false" && q.key) claims.push({ shown: q.stem, sentences: refSentences });
  if (q.type === "multiple_choice")
    for (const text of answers(q)) {
      const best = [...refSentences].sort((a, b) => overlap(text, b.text) - overlap(text, a.text))[0];
      if (best) claims.push({ shown: text, sentences: [best] });
    }
  if (q.type === "single_choice" && !q.stem.includes("“"))
    claims.push({ shown: `${q.stem} ${answers(q).join(" ")}`, sentences: refSentences });
  for (const claim of claims) {
    // "According to the article" names the author, not whoever made the claim.
    const attributed = ATTRIBUTION.test(claim.shown.replace(/according to the (?:article|source)/gi, ""));
    const doubted = claim.sentences.some((sentence) => {
      const before = ctx.bundle.sentences
        .filter((s) => s.passageId === sentence.passageId && s.rawEnd <= sentence.rawStart)
        .pop();
      return DOUBT.test(sentence.text) || REJECTION.test(before?.text ?? "");
    });
    if (doubted && !attributed) found.add("reported or rejected claim keyed as fact");
  }
  const article = q.sourceRefs[0]?.articleId ?? "";
  const related = ctx.relatedText.get(article) ?? "";
  for (const o of options(q)) {
    // Numbers are made up on purpose; the course's concept names are its own subject.
    if (o.isKey || /\d/.test(o.text) || ctx.conceptNames.has(normalizeAnswer(o.text))) continue;
    // An option is on the subject when the item's articles say it, or say most of its words and
    // every name in it ("Less demand for chips" is; "Great Britain", in an article about prices, is not).
    const words = normalizeAnswer(o.text)
      .split(" ")
      .filter((w) => w.length > 3);
    const said = words.filter((w) => related.includes(` ${w} `)).length;
    const names = (o.text.match(/(?<!^)\b\p{Lu}\p{Ll}+|^\p{Lu}\p{Ll}+(?=\s+\p{Lu})/gu) ?? []).map((n) =>
      normalizeAnswer(n),
    );
    const offSubject =
      !related.includes(` ${normalizeAnswer(o.text)} `) &&
      (names.some((n) => !related.includes(` ${n} `)) || (words.length > 0 && said / words.length < 0.5));
    if (offSubject) found.add("off-subject distractor");
  }
  for (const o of options(q)) {
    if (FUNCTION_END.test(o.text.trim()) || /[—,:;-]\s*$/.test(o.text)) found.add("truncated option");
  }
  return [...found];
}
