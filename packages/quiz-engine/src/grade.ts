import { QuizValidationError } from "./errors.ts";
import type {
  ClozeQuestion,
  GradeResult,
  MatchingQuestion,
  MultipleChoiceQuestion,
  NumericQuestion,
  OrderingQuestion,
  Question,
  ShortAnswerQuestion,
  SourceRef,
  Submission,
  TypedAnswer,
} from "./schemas.ts";
import { parseQuestion } from "./student-view.ts";
import { allowedTypos, answerForms, editDistance, initialsOf, readNumericAnswer } from "./text.ts";

export interface GradeOptions {
  /**
   * More wrong answers a typed response must never be taken for, besides the question's own
   * `rejected` list: typically every concept name in the course.
   */
  rejected?: readonly string[];
}

const EPSILON = 1e-9;
const MAX_QUOTE = 320;

function quoteOf(refs: readonly SourceRef[]): string {
  const ref = refs[0];
  return ref ? formatQuote(ref) : "";
}

function formatQuote(ref: SourceRef): string {
  const text = ref.quote.replace(/\s+/g, " ").trim();
  return ` The source says: “${text.length > MAX_QUOTE ? `${text.slice(0, MAX_QUOTE - 1)}…` : text}”`;
}

/**
 * `answerNote` is the author's feedback on the answer given (Moodle's per-answer feedback): shown
 * whatever the score, before what the grader adds.
 */
function result(
  question: Question,
  score: number,
  wrongNote: string,
  extraRefs: SourceRef[] = [],
  answerNote = "",
): GradeResult {
  const clamped = Math.min(1, Math.max(0, score));
  const correct = clamped >= 1 - EPSILON;
  const sourceRefs = [...question.sourceRefs, ...extraRefs];
  const note = answerNote ? `${answerNote} ` : "";
  let lead: string;
  if (correct) lead = `Correct. ${note}`;
  else if (clamped > 0) lead = `Partly right (${Math.round(clamped * 100)}%). ${note}${wrongNote}`;
  else lead = `Not quite. ${note}${wrongNote}`;
  return {
    score: correct ? 1 : clamped,
    correct,
    feedback: `${lead}${quoteOf(question.sourceRefs)}`.trim(),
    sourceRefs,
  };
}

function misuse(question: Question, expected: string, response: unknown): never {
  throw new QuizValidationError(`response to ${question.type} question ${question.id} must be ${expected}`, [
    `got ${JSON.stringify(response)?.slice(0, 80)}`,
  ]);
}

function optionText(question: { options: { id: string; text: string }[] }, id: string): string {
  return question.options.find((o) => o.id === id)?.text ?? id;
}

function optionFeedback(
  question: Question,
  optionId: string,
): { text: string; refs: SourceRef[] } | undefined {
  const entry = question.feedback?.find((f) => f.optionId === optionId);
  return entry ? { text: entry.text, refs: entry.sourceRefs } : undefined;
}

/**
 * Multiple choice partial credit, as Moodle's recommended setup: each right option earns 1/k, each
 * wrong option costs 1/(n-k), floored at 0 (k right options out of n). Ticking everything scores 0,
 * and adding a wrong choice never raises the score.
 */
function prepareChoice(question: MultipleChoiceQuestion) {
  return {
    optionIds: new Set(question.options.map((o) => o.id)),
    key: new Set(question.key),
    textById: new Map(question.options.map((o) => [o.id, `“${o.text}”`])),
  };
}

function gradeMultipleChoice(question: MultipleChoiceQuestion, response: unknown): GradeResult {
  if (!Array.isArray(response)) misuse(question, "an array of option ids", response);
  const { optionIds, key, textById } = prepareChoice(question);
  const picked = new Set<string>();
  for (const id of response as unknown[]) {
    if (typeof id !== "string" || !optionIds.has(id))
      misuse(question, "option ids of this question", response);
    picked.add(id);
  }
  const wrongCount = question.options.length - key.size;
  const missing: string[] = [];
  const extra: string[] = [];
  let extraRefs: SourceRef[] = [];
  let hits = 0;
  for (const id of picked) {
    if (key.has(id)) hits++;
    else {
      extra.push(textById.get(id) as string);
      const refs = optionFeedback(question, id)?.refs;
      if (refs) extraRefs = [...extraRefs, ...refs];
    }
  }
  for (const id of question.key) if (!picked.has(id)) missing.push(textById.get(id) as string);
  const { weights } = question;
  const score = weights
    ? [...picked].reduce((sum, id) => sum + (weights[id] ?? 0), 0)
    : hits / key.size - (wrongCount > 0 ? extra.length / wrongCount : 0);
  const notes = [
    missing.length > 0 ? `Also true: ${missing.join(", ")}.` : "",
    extra.length > 0 ? `Not supported by the source: ${extra.join(", ")}.` : "",
  ].filter((n) => n);
  return result(question, score, notes.join(" "), extraRefs);
}

/**
 * Ordering partial credit: Kendall's tau between the response and the key, floored at 0, i.e.
 * (concordant - discordant) / pairs. A random order earns about 0, a reversed one exactly 0.
 */
function gradeOrdering(question: OrderingQuestion, response: unknown): GradeResult {
  if (!Array.isArray(response) || response.some((r) => typeof r !== "string")) {
    misuse(question, "an array of item ids", response);
  }
  const ids = response as string[];
  const position = new Map(question.key.map((id, i) => [id, i]));
  if (
    ids.length !== question.key.length ||
    new Set(ids).size !== ids.length ||
    ids.some((id) => !position.has(id))
  ) {
    misuse(question, "every item id exactly once", response);
  }
  let concordant = 0;
  let pairs = 0;
  for (let i = 0; i < ids.length; i++) {
    for (let j = i + 1; j < ids.length; j++) {
      pairs++;
      if ((position.get(ids[i] as string) as number) < (position.get(ids[j] as string) as number))
        concordant++;
    }
  }
  const tau = (2 * concordant - pairs) / pairs;
  const order = question.key.map((id) => `“${optionText(question, id)}”`).join(" → ");
  return result(question, tau, `The order is ${order}.`);
}

/** Matching partial credit: the share of left items matched to the right item. */
function gradeMatching(question: MatchingQuestion, response: unknown): GradeResult {
  if (typeof response !== "object" || response === null || Array.isArray(response)) {
    misuse(question, "an object from left ids to right ids", response);
  }
  const map = response as Record<string, unknown>;
  const leftIds = new Set(question.left.map((o) => o.id));
  const rightIds = new Set(question.right.map((o) => o.id));
  for (const [l, r] of Object.entries(map)) {
    if (!leftIds.has(l) || typeof r !== "string" || !rightIds.has(r)) {
      misuse(question, "left ids mapped to right ids of this question", response);
    }
  }
  const wrong = question.left.filter((l) => map[l.id] !== question.key[l.id]);
  const rightText = (id: string | undefined) => question.right.find((r) => r.id === id)?.text ?? "";
  const note = wrong.map((l) => `“${l.text}” goes with “${rightText(question.key[l.id])}”.`).join(" ");
  return result(question, (question.left.length - wrong.length) / question.left.length, note);
}

/** Units that cannot be confused: a percent is not a dollar amount. */
function hasConflictingUnit(expected: string | null, given: string | null): boolean {
  return (
    expected !== null &&
    given !== null &&
    expected !== given &&
    (expected === "%" || given === "%" || expected.length === 3)
  );
}

function gradeNumeric(question: NumericQuestion, response: unknown): GradeResult {
  if (typeof response !== "string" && (typeof response !== "number" || !Number.isFinite(response))) {
    misuse(question, "a number or a string", response);
  }
  const { value, unit } = question.key;
  const expected = `${value.toLocaleString("en-US")}${unit ? ` ${unit}` : ""}`;
  const parsed = typeof response === "number" ? { value: response, unit: null } : readNumericAnswer(response);
  if (!parsed) return result(question, 0, `No number could be read; the answer is ${expected}.`);
  if (hasConflictingUnit(unit, parsed.unit)) {
    return result(question, 0, `The answer is in ${unit}, not ${parsed.unit}: ${expected}.`);
  }
  const holds = (range: { value: number; tolerance: NumericQuestion["key"]["tolerance"] }) => {
    const allowed =
      range.tolerance.mode === "absolute"
        ? range.tolerance.amount
        : range.tolerance.amount * Math.abs(range.value);
    return Math.abs(parsed.value - range.value) <= allowed + EPSILON * Math.max(1, Math.abs(range.value));
  };
  const note = `The answer is ${expected}.`;
  const answers = question.answers ?? [];
  if (holds(question.key)) {
    const same = answers.find((a) => a.weight === 1 && a.value === value && holds(a));
    return result(question, 1, note, [], same?.feedback);
  }
  const graded = answers.find(holds);
  return result(question, graded?.weight ?? 0, note, [], graded?.feedback);
}

/** One normalised reading of an answer, with what the comparisons need precomputed. */
interface Form {
  text: string;
  /** The number tokens, which must match exactly. */
  numbers: string;
  /** Letters without spaces, and the initials of a several-word name. */
  compact: string;
  initials: string;
}

function toForms(answer: string): Form[] {
  return answerForms(answer).map((text) => ({
    text,
    numbers: text
      .split(" ")
      .filter((t) => /\d/.test(t))
      .join(" "),
    compact: text.replace(/ /g, ""),
    initials: initialsOf(text),
  }));
}

interface PreparedTypedAnswer {
  accepted: Form[];
  rejected: Form[];
  expected: string;
}

function prepareTypedAnswer(
  question: ClozeQuestion | ShortAnswerQuestion,
  extra: readonly string[],
): PreparedTypedAnswer {
  const accepted = question.key.accepted.flatMap(toForms).filter((f) => f.text !== "");
  const acceptedTexts = new Set(accepted.map((f) => f.text));
  const rejected = [...(question.rejected ?? []), ...extra]
    .map(toForms)
    .filter(
      (forms) => forms.length > 0 && forms[0]?.text !== "" && !forms.some((f) => acceptedTexts.has(f.text)),
    )
    .flat();
  return { accepted, rejected, expected: `The answer is “${question.key.accepted[0]}”.` };
}

/** Edit distance to the nearest candidate; numbers never get typo tolerance ("5.58" is not "5.576"). */
function nearest(forms: readonly Form[], candidates: readonly Form[]): { distance: number; length: number } {
  let best = { distance: Number.POSITIVE_INFINITY, length: 0 };
  for (const c of candidates) {
    for (const f of forms) {
      if (f.numbers !== c.numbers) continue;
      const d = f.text === c.text ? 0 : editDistance(f.text, c.text);
      if (d < best.distance) best = { distance: d, length: c.compact.length };
    }
  }
  return best;
}

/**
 * Typed answers: equal after normalisation (case, punctuation, spacing, articles, number words), or
 * within a typo budget scaled to the answer's length, and always strictly closer to an accepted
 * answer than to any rejected one (distractors, other concepts' names). Initials count as the name
 * ("US" for "United States") unless they are exactly a rejected answer.
 */
function gradeTypedAnswer(
  question: ClozeQuestion | ShortAnswerQuestion,
  response: unknown,
  extra: readonly string[],
): GradeResult {
  if (typeof response !== "string") misuse(question, "a string", response);
  const { accepted, rejected, expected } = prepareTypedAnswer(question, extra);
  const forms = toForms(response as string);
  if (forms[0]?.text === "") return result(question, 0, expected);
  const graded = matchGradedAnswer(question, forms);
  const full = () => result(question, 1, expected, [], graded?.weight === 1 ? graded.feedback : undefined);
  const partial = () => result(question, graded?.weight ?? 0, expected, [], graded?.feedback);
  const toKey = nearest(forms, accepted);
  if (toKey.distance === 0) return full();
  const isInitialism = accepted.some((a) =>
    forms.some(
      (f) =>
        (a.initials !== "" && f.compact === a.initials) || (f.initials !== "" && f.initials === a.compact),
    ),
  );
  if (isInitialism && !rejected.some((r) => forms.some((f) => f.text === r.text))) return full();
  // An answer the author graded below full credit is taken as graded, never as a typo of the key.
  if (graded && graded.weight < 1) return partial();
  if (toKey.distance > allowedTypos(toKey.length)) return partial();
  return toKey.distance < nearest(forms, rejected).distance ? full() : partial();
}

/** The author-graded answer equal to the response after normalisation, if any. */
function matchGradedAnswer(
  question: ClozeQuestion | ShortAnswerQuestion,
  forms: readonly Form[],
): TypedAnswer | undefined {
  const texts = new Set(forms.map((f) => f.text));
  return question.answers?.find((a) => toForms(a.text).some((f) => texts.has(f.text)));
}

/**
 * Grades one response. Wrong answers are data (`score` 0, `correct` false); a response of the wrong
 * shape for the question type, or naming ids the question does not have, throws.
 *
 * @throws QuizValidationError on a malformed response.
 * @example
 * gradeResponse(question, "o-3f2a") // { score: 1, correct: true, feedback: "Correct. The source says: …", sourceRefs }
 * gradeResponse(numericQuestion, "5.6 million") // within a 1% relative tolerance of 5,576,000
 */
export function gradeResponse(
  question: Question,
  response: unknown,
  options: GradeOptions = {},
): GradeResult {
  // Malformed questions throw. Every call checks: a caller (the API) parses each question afresh
  // from storage, so a check remembered per object would never be reused.
  parseQuestion(question);
  switch (question.type) {
    case "single_choice": {
      if (typeof response !== "string") misuse(question, "an option id", response);
      if (!question.options.some((o) => o.id === response))
        misuse(question, "an option id of this question", response);
      const isRight = response === question.key;
      const fb = optionFeedback(question, response as string);
      const credit = isRight ? 1 : (question.weights?.[response as string] ?? 0);
      const note = `The answer is “${optionText(question, question.key)}”.`;
      return result(question, credit, note, isRight ? [] : fb?.refs, fb?.text);
    }
    case "multiple_choice":
      return gradeMultipleChoice(question, response);
    case "true_false": {
      if (typeof response !== "boolean") misuse(question, "a boolean", response);
      const note = question.key
        ? "The statement is true."
        : `The statement is false.${question.correction ? ` In fact: ${question.correction}` : ""}`;
      return result(question, response === question.key ? 1 : 0, note);
    }
    case "cloze":
    case "short_answer":
      return gradeTypedAnswer(question, response, options.rejected ?? []);
    case "numeric":
      return gradeNumeric(question, response);
    case "ordering":
      return gradeOrdering(question, response);
    case "matching":
      return gradeMatching(question, response);
    default:
      throw new QuizValidationError("unknown question type", [String((question as { type?: unknown }).type)]);
  }
}

/** A grade with the question it answers, as `quiz grade` prints it. */
export type GradedSubmission = GradeResult & { questionId: string };

/**
 * Grades a batch of `[{questionId, response}]`, results in the same order.
 *
 * @throws QuizValidationError when a submission names an unknown question or has a malformed response.
 * @example
 * gradeSubmissions(questions, [{ questionId: "q-1", response: "o-2" }]) // [{ questionId: "q-1", score: 0, ... }]
 */
export function gradeSubmissions(
  questions: readonly Question[],
  submissions: readonly Submission[],
  options: GradeOptions = {},
): GradedSubmission[] {
  const byId = new Map(questions.map((q) => [q.id, q]));
  return submissions.map(({ questionId, response }, index) => {
    const question = byId.get(questionId);
    if (!question)
      throw new QuizValidationError(`submission ${index} names an unknown question`, [questionId]);
    return { questionId, ...gradeResponse(question, response, options) };
  });
}
