import type { CourseBundle, Sentence } from "./course.ts";
import { isEquivalent } from "./phrases.ts";
import type { Question, SourceRef } from "./schemas.ts";
import { contentWords, isSameInNumber, isSamePhraseInNumber, normalizeAnswer, wordRoot } from "./text.ts";
import { courseSubjects, relatedArticles, sentencesAt, textFlags, unknownWords } from "./text-flags.ts";

/**
 * The item quality score: how much a teacher would want to keep an item that passed both gates.
 * Hard flaws (garbled text, a stem that cannot stand alone, the course's subject as the answer, a
 * doubted claim keyed true...) drop the item from the bank; the rest ranks what stays.
 */

export type Flaw =
  | "garbled"
  | "heading_or_fragment"
  | "unresolved_reference"
  | "subject_answer"
  | "stance"
  | "whole_sentence"
  | "question_as_statement"
  | "truncated_option"
  | "off_subject_distractor"
  | "given_away";

export interface ItemQuality {
  /** 0 (discard) to 1 (keep first). */
  score: number;
  /** Readable reasons, strongest first: what raised or lowered the score. */
  reasons: string[];
  /** Hard flaws with their reason: an item with any is dropped. */
  flaws: { flaw: Flaw; reason: string }[];
  /** Concepts the item tests by name (in its stem or key), not only by where it comes from. */
  testsConcepts: string[];
}

/** What the scorer knows about a course, computed once per bundle. */
export interface QualityContext {
  bundle: CourseBundle;
  subjects: string[];
  summaryStarts: Set<string>;
  /** Per article: the article ids it is related to (shares a concept with), itself included. */
  related: Map<string, Set<string>>;
  /** Each article's normalised text, padded with spaces, for whole-word look-ups. */
  normalizedArticles: Map<string, string>;
  /** Content's sentences (fitness, flags, stance) under a span. */
  sentencesAt: (articleId: string, rawStart: number, rawEnd: number) => Sentence[];
}

/** Forms that ask for understanding score above forms that ask to copy a sentence back. */
const FORM_VALUE: [RegExp, number, string][] = [
  [/^definition\.(term|meaning|matching)$/, 1, "term ⇄ definition"],
  [/^definition\.recall$/, 0.85, "recall of a defined term"],
  [/^(definition|analogy)\.(true|swapped|stated)$/, 0.7, "true/false on a definition or likeness"],
  [/^analogy\.(target|point|recall)$/, 0.95, "an analogy and what it is likened to"],
  [/^cause\./, 0.95, "cause and effect"],
  [/^dates\.ordering$/, 0.9, "events in order"],
  [/^number\.[a-z]+$/, 0.75, "a number with its meaning"],
  [/^claims\.select$/, 0.7, "which statements the source supports"],
  [/^dates\.when$/, 0.65, "when an event happened"],
  [/^claim\./, 0.55, "true/false on a claim"],
  [/\.cloze$/, 0.45, "a blank in a copied sentence"],
  [/\.choice$/, 0.5, "a blank in a copied sentence, with options"],
];

/**
 * What the scorer reads once per bundle: the course's subjects, summary sentences and related articles.
 *
 * @example
 * const context = createQualityContext(bundle);
 */
export function createQualityContext(bundle: CourseBundle): QualityContext {
  const related = relatedArticles(bundle);
  return {
    bundle,
    subjects: courseSubjects(bundle),
    summaryStarts: new Set(
      bundle.lessons.flatMap((l) => l.summary.map((s) => `${s.ref.articleId}:${s.ref.rawStart}`)),
    ),
    related,
    normalizedArticles: new Map(bundle.articles.map((a) => [a.id, ` ${normalizeAnswer(a.normalizedText)} `])),
    sentencesAt: (articleId, rawStart, rawEnd) => sentencesAt(bundle, articleId, rawStart, rawEnd),
  };
}

/** The statement a stem quotes or makes, without the frame around it ("Complete the sentence…: “…”"). */
export function statementOf(question: Question): string | null {
  // From the first opening quote to the closing one at the end: the sentence may quote in turn
  // ('known as the "Jevons paradox."').
  const quoted = /[“"](.+)[”"]\??\.?$/s.exec(question.stem);
  if (question.type === "true_false") return question.stem;
  if ((question.type === "cloze" || question.type === "numeric") && quoted) return quoted[1] ?? null;
  if (
    question.type === "single_choice" &&
    /completes the statement|Complete the statement/.test(question.stem)
  )
    return quoted?.[1] ?? null;
  return null;
}

/**
 * A true statement with no false version of its fact: a sentence asked by a term blank, stated
 * ("claim.term"), or a definition with no sibling meaning to swap in ("definition.stated"). It says
 * what the fact's other items ask, so it is asked on its own turn, and the bank keeps it apart from
 * its true/false balance.
 */
export function isOneSided(question: Pick<Question, "generator">): boolean {
  return question.generator === "claim.term" || question.generator === "definition.stated";
}

/** The texts a question presents as correct. */
/** A number's digits without separators ("11,000" -> "11000"); null for text that is not one number. */
function numberDigits(text: string): string | null {
  const m = /^\D{0,3}?(\d[\d,]*(?:\.\d+)?)\D{0,3}$/u.exec(text.trim());
  return m?.[1] ? m[1].replace(/,/g, "") : null;
}

/** The numbers written in a text, as digits without separators; also those inside a name ("P680"). */
function numberTokens(text: string): string[] {
  return [...text.matchAll(/\d[\d,]*(?:\.\d+)?/g)].map((m) => m[0].replace(/,$/, "").replace(/,/g, ""));
}

export function answerTexts(question: Question): string[] {
  switch (question.type) {
    case "single_choice":
      return question.options.filter((o) => o.id === question.key).map((o) => o.text);
    case "multiple_choice":
      return question.options.filter((o) => question.key.includes(o.id)).map((o) => o.text);
    case "cloze":
    case "short_answer":
      return question.key.accepted.slice(0, 1);
    case "numeric":
      return [String(question.key.value)];
    case "true_false":
      return [question.key ? "true" : "false"];
    case "ordering":
      return [question.key.join(",")];
    case "matching":
      return [JSON.stringify(question.key)];
  }
}

function distractorTexts(question: Question): string[] {
  if (question.type === "single_choice")
    return question.options.filter((o) => o.id !== question.key).map((o) => o.text);
  if (question.type === "multiple_choice")
    return question.options.filter((o) => !question.key.includes(o.id)).map((o) => o.text);
  return [];
}

/** Every text a student reads in an item. */
function shownTexts(question: Question): string[] {
  const texts = [question.stem];
  if (question.type === "true_false" && question.correction) texts.push(question.correction);
  if ("options" in question) texts.push(...question.options.map((o) => o.text));
  if (question.type === "matching")
    texts.push(...question.left.map((o) => o.text), ...question.right.map((o) => o.text));
  return texts;
}

function formOf(generator: string): { value: number; name: string } {
  for (const [pattern, value, name] of FORM_VALUE) if (pattern.test(generator)) return { value, name };
  return { value: 0.6, name: generator };
}

/** Whether a text is in one of the given articles, by words (case and spacing aside). */
function mentionedIn(ctx: QualityContext, articleIds: Set<string>, text: string): boolean {
  const needle = ` ${normalizeAnswer(text)} `;
  return [...articleIds].some((id) => ctx.normalizedArticles.get(id)?.includes(needle) ?? false);
}

/**
 * Scores one item that passed both gates, with readable reasons.
 *
 * @example
 * const quality = scoreQuestion(question, createQualityContext(bundle));
 * quality.flaws.length === 0 && quality.score > 0.6 // a keeper
 */
export function scoreQuestion(question: Question, ctx: QualityContext, testsConcepts: string[]): ItemQuality {
  const { bundle } = ctx;
  const flaws: ItemQuality["flaws"] = [];
  const reasons: { weight: number; text: string }[] = [];
  const flaw = (f: Flaw, reason: string) => {
    if (!flaws.some((x) => x.flaw === f)) flaws.push({ flaw: f, reason });
  };
  const refs: SourceRef[] = question.sourceRefs;
  const sentences = refs.flatMap((r) => ctx.sentencesAt(r.articleId, r.rawStart, r.rawEnd));
  const isComposed = /^(definition|analogy|cause|dates\.ordering|claims\.select)/.test(question.generator);

  // Fitness of what the student reads: the stem, the options, the key.
  for (const text of shownTexts(question)) {
    for (const f of textFlags(bundle, text.replace(/_{3,}/g, "X"), false)) {
      if (f.flag === "truncated" && text !== question.stem) flaw("truncated_option", `option ${f.reason}`);
      else if (f.flag !== "truncated" && f.flag !== "citation")
        flaw("garbled", `“${text.slice(0, 60)}”: ${f.reason}`);
    }
  }
  // A typed answer is what the student must spell: "Explration", read once, is a misreading, not a
  // name to learn.
  if (question.type === "cloze" || question.type === "short_answer") {
    for (const answer of question.key.accepted.slice(0, 1)) {
      for (const f of textFlags(bundle, answer, false))
        if (f.flag === "misspelt" || f.flag === "garbled") flaw("garbled", `the answer ${f.reason}`);
    }
  }
  // Words no dictionary knows, even where the course repeats them ("Openai"), make an item harder to
  // read for the wrong reason.
  const unknown = [...new Set(shownTexts(question).flatMap((t) => unknownWords(bundle, t)))];
  if (unknown.length)
    reasons.push({
      weight: -0.1 * Math.min(3, unknown.length),
      text: `words no dictionary knows: ${unknown.slice(0, 3).join(", ")}`,
    });
  // The source sentence: a sentence-based item is only as good as its sentence.
  const sourceScore = sentences.length
    ? sentences.reduce((s, x) => s + x.fitness, 0) / sentences.length
    : 0.5;
  reasons.push({ weight: sourceScore - 0.7, text: `source sentence fitness ${sourceScore.toFixed(2)}` });
  // Each statement of a "select all" item must stand alone like a true/false stem.
  if (question.type === "multiple_choice") {
    for (const o of question.options) {
      for (const f of textFlags(bundle, o.text, true)) {
        if (f.flag === "unresolved_reference")
          flaw("unresolved_reference", `option “${o.text.slice(0, 40)}” ${f.reason}`);
        if (f.flag === "heading" || f.flag === "fragment") flaw("heading_or_fragment", `option ${f.reason}`);
        if (f.flag === "question") flaw("question_as_statement", "an option is a question");
      }
    }
  }
  const statement = statementOf(question);
  if (statement) {
    const flags = textFlags(bundle, statement.replace(/_{3,}/g, "X"), true);
    for (const f of flags) {
      if (f.flag === "heading" || f.flag === "fragment")
        flaw("heading_or_fragment", `the statement ${f.reason}`);
      if (f.flag === "unresolved_reference") flaw("unresolved_reference", `the statement ${f.reason}`);
      if (f.flag === "question") flaw("question_as_statement", "the statement is a question");
    }
    if (question.type === "true_false") {
      const body = normalizeAnswer(statement.replace(/^According to the article,?\s*/i, ""));
      if (sentences.some((s) => normalizeAnswer(s.text) === body) && body.split(" ").length > 12)
        flaw("whole_sentence", "the statement is a whole source sentence, copied");
    }
  }
  // Stance: only the author's own assertions are keyed as fact.
  const keyedTrue = question.type === "true_false" ? question.key : question.type === "multiple_choice";
  for (const s of sentences) {
    if (s.stance.kind === "rejected")
      flaw("stance", `the source sentence is a claim the author rejects (${s.stance.cues.join(", ")})`);
    else if (keyedTrue && s.stance.kind !== "asserted" && !isComposed) {
      const attributed = s.stance.cues.some((c) =>
        normalizeAnswer(question.stem).includes(normalizeAnswer(c)),
      );
      if (!attributed || s.stance.kind === "hedged")
        flaw("stance", `a ${s.stance.kind} claim (${s.stance.cues.join(", ")}) is keyed as fact`);
    }
  }
  // The answer: a fact-bearing term, not the course's subject.
  if (["cloze", "short_answer", "single_choice"].includes(question.type)) {
    for (const answer of answerTexts(question)) {
      if (ctx.subjects.some((s) => isEquivalent(s, answer) || isSamePhraseInNumber(s, answer)))
        flaw("subject_answer", `the answer “${answer}” is the course's own subject`);
    }
  }
  // A blank in a sentence on the lesson's own subject ("There is a trend towards _____ targeting"
  // in an article titled "Inflation") is answered by the title, not by reading.
  if (/\.(?:cloze|choice)$/.test(question.generator) && statement) {
    // The course's title names the subject of every lesson; either title, in either number.
    const titles = [
      bundle.course.title,
      bundle.articles.find((a) => a.id === refs[0]?.articleId)?.title ?? "",
    ];
    for (const answer of answerTexts(question)) {
      const words = contentWords(answer);
      const isIn = (title: string[], w: string) => title.some((t) => isSameInNumber(t, w));
      const named = titles.map(contentWords).some((title) => {
        const covered = title.filter((t) => isIn(words, t)).length;
        return words.length > 0 && words.every((w) => isIn(title, w)) && covered * 2 >= title.length;
      });
      if (named)
        flaw("subject_answer", `the answer “${answer}” is the lesson's own subject, named in its title`);
    }
  }
  // A blank its own sentence spells out elsewhere ("a powerhouse of _____, with spiral arms rich in
  // star-forming regions" for "star formation"): every word of the answer stands there in some form.
  if (statement?.includes("_____")) {
    const rest = new Set(contentWords(statement.replace(/_{3,}/g, " ")).map(wordRoot));
    for (const answer of answerTexts(question).slice(0, 1)) {
      const roots = contentWords(answer).map(wordRoot);
      if (roots.length > 0 && roots.every((r) => r.length >= 4 && rest.has(r)))
        flaw("given_away", `the rest of the sentence gives the answer “${answer}” away`);
    }
  }
  // A number the rest of its sentence spells out ("called P680 because it is best at absorbing
  // _____ mm light" for 680): the same digits stand in another token of the sentence.
  if (statement?.includes("_____")) {
    for (const answer of answerTexts(question).slice(0, 1)) {
      const digits = numberDigits(answer);
      if (digits && numberTokens(statement.replace(/_{3,}/g, " ")).includes(digits))
        flaw("given_away", `the rest of the sentence gives the number “${answer}” away`);
    }
  }
  // Distractors: from the item's own article or a related one, never from an unrelated article.
  const article = refs[0]?.articleId ?? "";
  const related = ctx.related.get(article) ?? new Set([article]);
  if (/^(entity|analogy\.target)/.test(question.generator)) {
    for (const d of distractorTexts(question)) {
      if (!mentionedIn(ctx, related, d))
        flaw("off_subject_distractor", `distractor “${d}” comes from an unrelated article`);
    }
  }

  const form = formOf(question.generator);
  reasons.push({ weight: form.value - 0.6, text: `form: ${form.name}` });
  const inSummary = sentences.some((s) =>
    bundle.sentences.some((b) => b.text === s.text && ctx.summaryStarts.has(`${b.articleId}:${b.rawStart}`)),
  );
  if (inSummary) reasons.push({ weight: 0.1, text: "its fact is in the lesson summary" });
  if (testsConcepts.length)
    reasons.push({
      weight: 0.15,
      text: `tests ${testsConcepts.map((id) => bundle.concepts.find((c) => c.id === id)?.name ?? id).join(", ")}`,
    });
  const asserted = sentences.every((s) => s.stance.kind === "asserted");
  if (!asserted && !flaws.some((f) => f.flaw === "stance"))
    reasons.push({ weight: -0.05, text: "built on a reported or hedged sentence" });

  const importance = (inSummary ? 0.4 : 0) + (testsConcepts.length ? 0.6 : 0.1);
  let score = 0.35 * sourceScore + 0.3 * form.value + 0.35 * importance - 0.1 * Math.min(3, unknown.length);
  if (flaws.length) score *= 0.3;
  score = Math.round(Math.max(0, Math.min(1, score)) * 100) / 100;
  return {
    score,
    reasons: [
      ...flaws.map((f) => `flaw: ${f.reason}`),
      ...reasons.sort((a, b) => Math.abs(b.weight) - Math.abs(a.weight)).map((r) => r.text),
    ],
    flaws,
    testsConcepts,
  };
}
