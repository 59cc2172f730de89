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

const PRONOUN = /^(it|its|it's|this|that|these|those|they|their|he|she|his|her|such)\b/i;
const FUNCTION_END =
  /\b(a|an|the|and|or|but|of|to|in|on|for|with|by|at|from|that|which|who|also|as|than|is|are|was|were|its|their|this)$/i;
/** The author doubting what comes next ("I am skeptical of …"). */
const REJECTION =
  /\b(skeptical|sceptical|doubt\w*|conspiracy|not convinced|disagree|myth|misleading|overblown)\b/i;
const DOUBT =
  /\b(said|says|claim(?:s|ed)?|according to|believ(?:e|es|ed)|thought|think|probably|perhaps|maybe|might|skeptical|sceptical|conspiracy|rumou?r|alleged(?:ly)?|reportedly|supposedly|suspect(?:ed)?|accused|denied)\b/i;

function options(q: Question): { text: string; isKey: boolean }[] {
  if (q.type === "single_choice") return q.options.map((o) => ({ text: o.text, isKey: o.id === q.key }));
  if (q.type === "multiple_choice")
    return q.options.map((o) => ({ text: o.text, isKey: q.key.includes(o.id) }));
  if (q.type === "ordering") return q.options.map((o) => ({ text: o.text, isKey: true }));
  if (q.type === "matching") return [...q.left, ...q.right].map((o) => ({ text: o.text, isKey: true }));
  return [];
}

/** The statement an item shows: a true/false stem, or the quoted sentence of a completion item. */
function statement(q: Question): string | null {
  if (q.type === "true_false") return q.stem;
  const quoted = /“([^”]+)”/.exec(q.stem);
  return quoted && /Complete|completes|Fill in/.test(q.stem) ? (quoted[1] ?? null) : null;
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
  // Articles are related when they are lessons of one concept.
  const articleOf = new Map(bundle.passages.map((p) => [p.id, p.articleId]));
  const relatedText = new Map<string, string>();
  for (const a of bundle.articles) {
    const related = new Set([a.id]);
    for (const c of bundle.concepts) {
      const articles = c.passageIds.map((id) => articleOf.get(id));
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
  return {
    bundle,
    lexicon,
    subject,
    wordCounts,
    sentences: bundle.sentences.map((s) => normalizeAnswer(s.text)),
    relatedText,
    conceptNames: new Set(
      bundle.concepts.flatMap((c) => [c.name, ...c.aliases]).map((n) => normalizeAnswer(n)),
    ),
  };
}

function isGarbled(text: string, ctx: FlawContext): boolean {
  for (const token of text.replace(/_{3,}/g, " ").match(/[A-Za-z][A-Za-z']*/g) ?? []) {
    const word = token.replace(/'s?$/, "");
    if (word.length < 3 || /^[A-Z]{2,5}s?$/.test(word)) continue;
    if (/([a-z])\1\1/i.test(word) || /[a-z][A-Z][a-z]{2}/.test(word.slice(1))) {
      if ((ctx.wordCounts.get(word.toLowerCase()) ?? 0) < 3) return true;
    }
    if (!ctx.lexicon.isWord(word) && (ctx.wordCounts.get(word.toLowerCase()) ?? 0) < 2) return true;
  }
  return false;
}

/** The flaws one item has, by the benchmark's own reading. */
export function findFlaws(q: Question, ctx: FlawContext): FlawName[] {
  const found = new Set<FlawName>();
  const shown = [
    q.stem,
    ...options(q).map((o) => o.text),
    ...(q.type === "true_false" && q.correction ? [q.correction] : []),
  ];
  if (shown.some((t) => isGarbled(t, ctx))) found.add("garbled text");
  const said = statement(q);
  if (said) {
    const words = said.split(/\s+/).filter(Boolean);
    const body = said.replace(/^According to the article,?\s*/i, "");
    if (words.length < 6 || /^\d+(\.\d+)*\s/.test(said) || !/[.!?"”)]\s*$|_{3,}\W*$/.test(said))
      found.add("heading or fragment stem");
    // A pronoun opening the statement, behind brackets, an opener or a short adverbial
    // ("(Basically, it means", "At that time, its value"), points back to a sentence not shown.
    const opening = body
      .trim()
      .replace(/^[("“'‘\s]+/, "")
      .replace(/^(?:(?:however|basically|also|and|but|so|yet)\s*,?\s+)+/i, "");
    const afterAdverbial = opening.replace(/^(?:[\w'’-]+\s+){0,3}[\w'’-]+,\s+/, "");
    if (PRONOUN.test(opening) || PRONOUN.test(afterAdverbial)) found.add("unresolved pronoun");
    if (q.type === "true_false") {
      if (words.length > 12 && ctx.sentences.includes(normalizeAnswer(body)))
        found.add("whole-sentence true/false");
      if (/\?\s*$/.test(said) || /^(how|why|what|who|when|where|could|would|is|are|can|will)\b/i.test(said))
        found.add("question posed as a statement");
    }
  }
  if (answers(q).some((a) => normalizeAnswer(a) === ctx.subject)) found.add("blank on the subject");
  const keyedTrue =
    (q.type === "true_false" && q.key) || q.type === "multiple_choice"
      ? q.type === "true_false"
        ? [q.stem]
        : answers(q)
      : [];
  if (keyedTrue.length) {
    for (const ref of q.sourceRefs) {
      const sentence = ctx.bundle.sentences.find(
        (s) => s.articleId === ref.articleId && s.rawStart <= ref.rawStart && s.rawEnd >= ref.rawStart,
      );
      const before = ctx.bundle.sentences
        .filter((s) => s.passageId === ref.passageId && s.rawEnd <= ref.rawStart)
        .pop();
      const doubted = DOUBT.test(sentence?.text ?? "") || REJECTION.test(before?.text ?? "");
      if (doubted && !keyedTrue.some((t) => DOUBT.test(t)))
        found.add("reported or rejected claim keyed as fact");
    }
  }
  const article = q.sourceRefs[0]?.articleId ?? "";
  const related = ctx.relatedText.get(article) ?? "";
  for (const o of options(q)) {
    // Numbers are made up on purpose; the course's concept names are its own subject.
    if (o.isKey || /\d/.test(o.text) || ctx.conceptNames.has(normalizeAnswer(o.text))) continue;
    if (o.text.split(/\s+/).length <= 4 && !related.includes(` ${normalizeAnswer(o.text)} `))
      found.add("off-subject distractor");
  }
  for (const o of options(q)) {
    if (FUNCTION_END.test(o.text.trim()) || /[—,:;-]\s*$/.test(o.text)) found.add("truncated option");
  }
  return [...found];
}
