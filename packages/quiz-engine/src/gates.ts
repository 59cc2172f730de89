import type { CourseBundle } from "./course.ts";
import { QuizValidationError } from "./errors.ts";
import { gradeResponse } from "./grade.ts";
import type { Option, Question } from "./schemas.ts";
import { findKeyIssues, parseQuestion } from "./student-view.ts";
import {
  ABSOLUTE_WORDS,
  contentWords,
  extractNumbers,
  isNumberClose,
  isSupportedBy,
  normalizeAnswer,
  properNames,
} from "./text.ts";

/** The two gates every item passes, plus the schema check in front of them. */
export type GateName = "schema" | "grounding" | "lint";

export interface GateFailure {
  gate: GateName;
  reason: string;
}

export type GateResult = { passed: true } | { passed: false; failures: GateFailure[] };

/** Where the blank of a cloze stem is. */
export const BLANK = /_{3,}/;

function keyTexts(question: Question): string[] {
  switch (question.type) {
    case "single_choice":
      return [question.options.find((o) => o.id === question.key)?.text ?? ""];
    case "multiple_choice":
      return question.options.filter((o) => question.key.includes(o.id)).map((o) => o.text);
    case "cloze":
    case "short_answer":
      return question.key.accepted.slice(0, 1);
    default:
      return [];
  }
}

/**
 * Grounding: every citation is an exact slice of the bundle's raw text inside its passage, and the
 * cited text supports the key (it contains it, or its numbers, names and most of its words).
 * Returns readable reasons, empty when grounded.
 *
 * @example
 * checkGrounding(question, bundle) // [] or ["key “$6 million” is not supported by the cited passage"]
 */
export function checkGrounding(question: Question, bundle: CourseBundle): string[] {
  const reasons: string[] = [];
  for (const ref of question.sourceRefs) {
    const article = bundle.articles.find((a) => a.id === ref.articleId);
    if (!article) {
      reasons.push(`cites unknown article ${ref.articleId}`);
      continue;
    }
    const raw = article.rawText.slice(ref.rawStart, ref.rawEnd);
    if (ref.rawEnd > article.rawText.length || raw !== ref.quote) {
      reasons.push(`quote does not match ${ref.articleId} raw text at ${ref.rawStart}..${ref.rawEnd}`);
    }
    const passage = bundle.passages.find((p) => p.id === ref.passageId);
    if (!passage || passage.articleId !== ref.articleId) {
      reasons.push(`cites unknown passage ${ref.passageId} of ${ref.articleId}`);
    } else if (ref.rawStart < passage.rawStart || ref.rawEnd > passage.rawEnd) {
      reasons.push(`quote at ${ref.rawStart}..${ref.rawEnd} lies outside passage ${ref.passageId}`);
    }
  }
  if (reasons.length > 0) return reasons;

  const quotes = question.sourceRefs.map((r) => r.quote);
  const allQuotes = quotes.join(" \n ");
  const unsupported = (text: string) => `“${text}” is not supported by the cited passage`;
  switch (question.type) {
    case "single_choice": {
      for (const text of keyTexts(question)) {
        if (!isSupportedBy(allQuotes, text)) reasons.push(`key ${unsupported(text)}`);
      }
      // A quoted sentence with a blank: no distractor may complete it into something the course says.
      const quoted = /“([^”]*_{3,}[^”]*)”/.exec(question.stem)?.[1];
      if (quoted) {
        for (const o of question.options) {
          if (o.id !== question.key && isSaidInCourse(bundle, quoted.replace(BLANK, o.text))) {
            reasons.push(`distractor “${o.text}” also completes the sentence as the source has it`);
          }
        }
      }
      break;
    }
    case "short_answer":
      for (const text of keyTexts(question)) {
        if (!isSupportedBy(allQuotes, text)) reasons.push(`key ${unsupported(text)}`);
      }
      break;
    case "multiple_choice":
      for (const text of keyTexts(question))
        if (!isSupportedBy(allQuotes, text)) reasons.push(`key ${unsupported(text)}`);
      for (const o of question.options) {
        if (
          !question.key.includes(o.id) &&
          (isContainedIn(allQuotes, o.text) || isSaidInCourse(bundle, o.text))
        ) {
          reasons.push(`distractor “${o.text}” is also true according to the source`);
        }
      }
      break;
    case "cloze": {
      const [answer] = question.key.accepted;
      // The sentence is usually quoted inside an instruction: check only the quoted sentence.
      const quoted = /“([^”]*_{3,}[^”]*)”/.exec(question.stem)?.[1] ?? question.stem;
      const filled = quoted.replace(BLANK, answer ?? "");
      if (!BLANK.test(question.stem)) reasons.push("cloze stem has no blank (___)");
      else if (!isSupportedBy(allQuotes, answer ?? "") || !isSupportedBy(allQuotes, filled)) {
        reasons.push(`the completed sentence ${unsupported(filled)}`);
      }
      break;
    }
    case "true_false":
      if (question.key) {
        if (!isSupportedBy(allQuotes, question.stem))
          reasons.push(`true statement ${unsupported(question.stem)}`);
      } else {
        if (isContainedIn(allQuotes, question.stem) || isSaidInCourse(bundle, question.stem)) {
          reasons.push("the “false” statement is what the source says");
        }
        if (question.correction !== undefined) {
          if (!isSupportedBy(allQuotes, question.correction))
            reasons.push(`correction ${unsupported(question.correction)}`);
          if (normalizeAnswer(question.correction) === normalizeAnswer(question.stem)) {
            reasons.push("the false statement equals its correction");
          }
        }
      }
      break;
    case "numeric": {
      const { value, unit } = question.key;
      const found = extractNumbers(allQuotes).filter((n) => isNumberClose(n.value, value, 1e-6));
      if (found.length === 0) reasons.push(`the value ${value} does not appear in the cited passage`);
      else if (
        unit !== null &&
        (unit === "%" || unit.length === 3) &&
        !found.some((n) => n.unit === null || n.unit === unit)
      ) {
        reasons.push(`the passage gives ${value} in ${found[0]?.unit}, not ${unit}`);
      }
      break;
    }
    case "ordering": {
      const dates: (string | null)[] = [];
      for (const id of question.key) {
        const item = question.options.find((o) => o.id === id);
        const quote = item && quotes.find((q) => isSupportedBy(q, item.text));
        if (!item || !quote) reasons.push(`item ${unsupported(item?.text ?? id)}`);
        dates.push(quote ? readSingleDate(quote) : null);
      }
      // When every item's passage dates it, the key must follow the dates.
      if (reasons.length === 0 && dates.every((d) => d !== null)) {
        for (let i = 1; i < dates.length; i++) {
          if ((dates[i] as string) < (dates[i - 1] as string)) {
            reasons.push(`the cited passages date the items in another order than the key`);
            break;
          }
        }
      }
      break;
    }
    case "matching":
      for (const left of question.left) {
        const right = question.right.find((r) => r.id === question.key[left.id]);
        if (!right || !quotes.some((q) => isSupportedBy(q, left.text) && isSupportedBy(q, right.text))) {
          reasons.push(
            `the pair “${left.text}” – “${right?.text ?? "?"}” is not supported by one cited passage`,
          );
        }
      }
      break;
  }
  return reasons;
}

const MONTHS = [
  "january",
  "february",
  "march",
  "april",
  "may",
  "june",
  "july",
  "august",
  "september",
  "october",
  "november",
  "december",
];
const MONTH_DAY = new RegExp(`\\b(${MONTHS.join("|")})\\s+(\\d{1,2})\\b(?:,?\\s+(\\d{4}))?`, "gi");

/** The one date a passage gives ("January 20" -> "0000-01-20"), or null when it gives none or several. */
function readSingleDate(quote: string): string | null {
  const found = [...quote.matchAll(MONTH_DAY)].map((m) => {
    const month = String(MONTHS.indexOf((m[1] as string).toLowerCase()) + 1).padStart(2, "0");
    return `${m[3] ?? "0000"}-${month}-${(m[2] as string).padStart(2, "0")}`;
  });
  if (found.length === 0) {
    const years = [...new Set(quote.match(/\b(1[89]|20)\d{2}\b/g) ?? [])];
    return years.length === 1 ? (years[0] as string) : null;
  }
  return new Set(found).size === 1 ? (found[0] as string) : null;
}

const courseText = new WeakMap<CourseBundle, string>();

/** Whether any passage of the course says `text`, word for word after normalisation. */
function isSaidInCourse(bundle: CourseBundle, text: string): boolean {
  let haystack = courseText.get(bundle);
  if (haystack === undefined) {
    const articles = new Map(bundle.articles.map((a) => [a.id, a.rawText]));
    haystack = ` ${bundle.passages
      .map((p) => normalizeAnswer(articles.get(p.articleId)?.slice(p.rawStart, p.rawEnd) ?? p.text))
      .join(" | ")} `;
    courseText.set(bundle, haystack);
  }
  const normalized = normalizeAnswer(text);
  return normalized.length > 0 && haystack.includes(` ${normalized} `);
}

function isContainedIn(quote: string, text: string): boolean {
  const normalized = normalizeAnswer(text);
  return normalized.length > 0 && ` ${normalizeAnswer(quote)} `.includes(` ${normalized} `);
}

function optionLists(question: Question): Option[][] {
  switch (question.type) {
    case "single_choice":
    case "multiple_choice":
    case "ordering":
      return [question.options];
    case "matching":
      return [question.left, question.right];
    default:
      return [];
  }
}

function hasAbsoluteWord(text: string): boolean {
  const words = new Set(normalizeAnswer(text).split(" "));
  return ABSOLUTE_WORDS.some((w) => words.has(w));
}

function startsWithVowelSound(text: string): boolean {
  const word = text.trim().toLowerCase();
  if (/^(uni|use|usu|eu|one|once)/.test(word)) return false;
  if (/^(hour|honest|honor|honour|heir)/.test(word)) return true;
  if (/^[aeiou]/.test(word)) return true;
  // Initialisms read letter by letter: "an NVIDIA GPU" is wrong but "an FSRS card" is right.
  return /^[fhlmnrsx][A-Z0-9]/.test(text.trim()) && text.trim().length <= 5;
}

function areEquivalent(a: string, b: string): boolean {
  const na = normalizeAnswer(a);
  const nb = normalizeAnswer(b);
  if (na === nb) return true;
  const xs = extractNumbers(a);
  const ys = extractNumbers(b);
  const isBareNumber = (t: string) => contentWords(t).every((w) => /^\d/.test(w));
  // Every number counts: "from 1347 to 1401" is not "from 1347 to 1351".
  return (
    xs.length > 0 &&
    xs.length === ys.length &&
    isBareNumber(a) &&
    isBareNumber(b) &&
    xs.every((x, i) => isNumberClose(x.value, (ys[i] as (typeof ys)[number]).value, 1e-9))
  );
}

/**
 * Item-writing-flaw lint for one item: duplicate or equivalent options, "all/none of the above",
 * absolute words only in wrong options, an article in the stem that fits only some options, a stem
 * that contains its answer, and a key conspicuously longer than every distractor.
 *
 * @example
 * lintQuestion(question) // [] or ["options 2 and 3 are equivalent"]
 */
export function lintQuestion(question: Question): string[] {
  const reasons: string[] = [];
  for (const list of optionLists(question)) {
    for (let i = 0; i < list.length; i++) {
      const a = list[i] as Option;
      if (/\b(all|none|both|neither) of the (above|following)\b/i.test(a.text)) {
        reasons.push(`option “${a.text}” is an all/none-of-the-above option`);
      }
      for (let j = i + 1; j < list.length; j++) {
        if (areEquivalent(a.text, (list[j] as Option).text)) {
          reasons.push(`options “${a.text}” and “${(list[j] as Option).text}” are equivalent`);
        }
      }
    }
  }
  if (question.type === "single_choice" || question.type === "multiple_choice") {
    const keyIds = new Set(question.type === "single_choice" ? [question.key] : question.key);
    const keys = question.options.filter((o) => keyIds.has(o.id));
    const distractors = question.options.filter((o) => !keyIds.has(o.id));
    if (distractors.length === 0) reasons.push("every option is a key: nothing to choose between");
    if (distractors.some((d) => hasAbsoluteWord(d.text)) && !keys.some((k) => hasAbsoluteWord(k.text))) {
      reasons.push("absolute words (always, never, only...) appear only in wrong options");
    }
    const article = /\b(a|an)\s*$/i.exec(question.stem.replace(/[\s_:…?.]+$/, ""))?.[1]?.toLowerCase();
    if (article) {
      for (const o of question.options) {
        if ((article === "an") !== startsWithVowelSound(o.text)) {
          reasons.push(`option “${o.text}” does not fit the stem's article “${article}”`);
        }
      }
    }
    const longestDistractor = Math.max(...distractors.map((d) => d.text.length));
    if (
      question.type === "single_choice" &&
      keys.every((k) => k.text.length >= 1.5 * longestDistractor + 10)
    ) {
      reasons.push("the key is conspicuously longer than every distractor");
    }
  }
  if (question.type === "true_false" && !question.key && question.correction !== undefined) {
    if (hasAbsoluteWord(question.stem) && !hasAbsoluteWord(question.correction)) {
      reasons.push("an absolute word gives the false statement away");
    }
  }
  const stem = ` ${normalizeAnswer(question.stem.replace(BLANK, " "))} `;
  for (const text of keyTexts(question)) {
    const normalized = normalizeAnswer(text);
    const isSpecific = contentWords(text).length > 0 || extractNumbers(text).length > 0;
    if (isSpecific && normalized.length > 0 && stem.includes(` ${normalized} `)) {
      reasons.push(`the stem contains its answer “${text}”`);
    }
  }
  if (question.type === "numeric") {
    if (extractNumbers(question.stem).some((n) => isNumberClose(n.value, question.key.value, 1e-9))) {
      reasons.push("the stem contains its answer");
    }
  }
  if (question.type === "cloze" && !BLANK.test(question.stem)) reasons.push("cloze stem has no blank (___)");
  return reasons;
}

/**
 * Runs both gates (after a schema check) on an item from any source: this generator, an author, a
 * future model-backed generator.
 *
 * @example
 * const verdict = gateQuestion(question, bundle);
 * if (!verdict.passed) console.log(verdict.failures.map((f) => `${f.gate}: ${f.reason}`));
 */
export function gateQuestion(question: unknown, bundle: CourseBundle): GateResult {
  let parsed: Question;
  try {
    parsed = parseQuestion(question);
  } catch (error) {
    if (error instanceof QuizValidationError)
      return { passed: false, failures: [{ gate: "schema", reason: error.message }] };
    throw error;
  }
  const failures: GateFailure[] = [
    ...findKeyIssues(parsed).map((reason) => ({ gate: "schema" as const, reason })),
    ...checkGrounding(parsed, bundle).map((reason) => ({ gate: "grounding" as const, reason })),
    ...lintQuestion(parsed).map((reason) => ({ gate: "lint" as const, reason })),
  ];
  return failures.length === 0 ? { passed: true } : { passed: false, failures };
}

/** A test-wise strategy: picks options by surface features, without knowing anything. */
export type TestWiseStrategy = "longest" | "stemOverlap" | "mostSpecific";

function specificity(text: string): number {
  return contentWords(text).length + 2 * extractNumbers(text).length + 2 * properNames(text).length;
}

function stemOverlap(stem: string, text: string): number {
  const stemWords = new Set(contentWords(stem));
  return contentWords(text).filter((w) => stemWords.has(w)).length;
}

/** The options a test-wise strategy would pick (several when tied; it then picks among them at random). */
export function pickByStrategy(question: Question, strategy: TestWiseStrategy): Option[] {
  if (question.type !== "single_choice" && question.type !== "multiple_choice") return [];
  const measure = (o: Option) =>
    strategy === "longest"
      ? o.text.length
      : strategy === "stemOverlap"
        ? stemOverlap(question.stem, o.text)
        : specificity(o.text);
  const scores = question.options.map(measure);
  const best = Math.max(...scores);
  return question.options.filter((_, i) => scores[i] === best);
}

export interface BankQuality {
  /** Single- and multiple-choice items considered. */
  choiceItems: number;
  /** Expected score of picking one option at random (1/n averaged over items). */
  chance: number;
  /** Expected score of each test-wise strategy (ties broken at random, so counted as their mean). */
  strategies: Record<TestWiseStrategy, number>;
  /** Share of single-choice items whose key is the longest option (ties shared), against chance. */
  keyLongestShare: number;
  keyLongestChance: number;
  /** True/false items, and the share of them whose answer is "true" (answering one way must not pay). */
  trueFalseItems: number;
  trueShare: number;
  /** Readable problems: a strategy beating chance by more than `margin`. */
  flags: string[];
}

/**
 * Bank-level lint: do surface strategies beat chance across the choice items of a bank? A picked
 * single option is graded as a response (for multiple_choice: partial credit, chance 1/n too).
 *
 * @example
 * const quality = measureBankQuality(questions);
 * quality.strategies.longest <= quality.chance + 0.1 // the fairness target
 */
export function measureBankQuality(questions: readonly Question[], margin = 0.1): BankQuality {
  const choice = questions.filter((q) => q.type === "single_choice" || q.type === "multiple_choice");
  const trueFalse = questions.filter((q): q is Question & { type: "true_false" } => q.type === "true_false");
  const strategies: Record<TestWiseStrategy, number> = { longest: 0, stemOverlap: 0, mostSpecific: 0 };
  let chance = 0;
  let keyLongest = 0;
  let keyLongestChance = 0;
  let singles = 0;
  for (const q of choice) {
    if (q.type !== "single_choice" && q.type !== "multiple_choice") continue;
    chance += 1 / q.options.length;
    for (const strategy of Object.keys(strategies) as TestWiseStrategy[]) {
      const picks = pickByStrategy(q, strategy);
      const total = picks.reduce(
        (sum, o) => sum + gradeResponse(q, q.type === "single_choice" ? o.id : [o.id]).score,
        0,
      );
      strategies[strategy] += total / picks.length;
    }
    if (q.type === "single_choice") {
      singles++;
      const longest = pickByStrategy(q, "longest");
      if (longest.some((o) => o.id === q.key)) keyLongest += 1 / longest.length;
      keyLongestChance += 1 / q.options.length;
    }
  }
  const n = Math.max(1, choice.length);
  const result: BankQuality = {
    choiceItems: choice.length,
    chance: chance / n,
    strategies: {
      longest: strategies.longest / n,
      stemOverlap: strategies.stemOverlap / n,
      mostSpecific: strategies.mostSpecific / n,
    },
    keyLongestShare: keyLongest / Math.max(1, singles),
    keyLongestChance: keyLongestChance / Math.max(1, singles),
    trueFalseItems: trueFalse.length,
    trueShare: trueFalse.length === 0 ? 0.5 : trueFalse.filter((q) => q.key).length / trueFalse.length,
    flags: [],
  };
  if (trueFalse.length >= 10 && Math.abs(result.trueShare - 0.5) > margin) {
    result.flags.push(
      `${(result.trueShare * 100).toFixed(0)}% of true/false items are true: always answering one way pays`,
    );
  }
  for (const [name, score] of Object.entries(result.strategies)) {
    if (score > result.chance + margin) {
      result.flags.push(
        `strategy “${name}” scores ${(score * 100).toFixed(0)}% against chance ${(result.chance * 100).toFixed(0)}%`,
      );
    }
  }
  if (result.keyLongestShare > result.keyLongestChance + margin) {
    result.flags.push(
      `the key is the longest option in ${(result.keyLongestShare * 100).toFixed(0)}% of items`,
    );
  }
  return result;
}
