import { QuizValidationError } from "./errors.ts";
import { sortByHash } from "./random.ts";
import { renderMarkup } from "./render-markup.ts";
import {
  type Option,
  type Question,
  QuestionSchema,
  type StudentQuestion,
  type StudentSourceRef,
} from "./schemas.ts";

/**
 * Validates unknown input as an author-view question.
 *
 * @throws QuizValidationError when the input is not a well-formed question or its key does not
 *   refer to its own options.
 * @example
 * const question = parseQuestion(JSON.parse(text));
 */
export function parseQuestion(input: unknown): Question {
  const parsed = QuestionSchema.safeParse(input);
  if (!parsed.success) {
    throw new QuizValidationError(
      "malformed question",
      parsed.error.issues.map((i) => `${i.path.join(".") || "(root)"}: ${i.message}`),
    );
  }
  const issues = findKeyIssues(parsed.data);
  if (issues.length > 0) throw new QuizValidationError(`question ${parsed.data.id} has a broken key`, issues);
  return parsed.data;
}

/** Problems with how a question's key refers to its options (empty when consistent). */
export function findKeyIssues(question: Question): string[] {
  const issues: string[] = [];
  const ids = (options: readonly Option[]) => new Set(options.map((o) => o.id));
  const hasDuplicateIds = (options: readonly Option[]) => ids(options).size !== options.length;
  switch (question.type) {
    case "single_choice":
      if (hasDuplicateIds(question.options)) issues.push("duplicate option ids");
      if (!ids(question.options).has(question.key)) issues.push(`key "${question.key}" is not an option id`);
      break;
    case "multiple_choice": {
      const optionIds = ids(question.options);
      if (hasDuplicateIds(question.options)) issues.push("duplicate option ids");
      for (const id of question.key) if (!optionIds.has(id)) issues.push(`key "${id}" is not an option id`);
      if (new Set(question.key).size !== question.key.length) issues.push("key repeats an option id");
      break;
    }
    case "ordering": {
      const optionIds = ids(question.options);
      if (hasDuplicateIds(question.options)) issues.push("duplicate option ids");
      const keyIds = new Set(question.key);
      if (keyIds.size !== question.key.length || keyIds.size !== optionIds.size) {
        issues.push("key must list every item exactly once");
      }
      for (const id of question.key) if (!optionIds.has(id)) issues.push(`key "${id}" is not an item id`);
      break;
    }
    case "matching": {
      const leftIds = ids(question.left);
      const rightIds = ids(question.right);
      for (const id of leftIds)
        if (!(id in question.key)) issues.push(`left "${id}" has no match in the key`);
      for (const [l, r] of Object.entries(question.key)) {
        if (!leftIds.has(l)) issues.push(`key left "${l}" is not a left id`);
        if (!rightIds.has(r)) issues.push(`key right "${r}" is not a right id`);
      }
      break;
    }
    default:
      break;
  }
  return issues;
}

/** Distinct passages, sorted: the order of an ordering item's citations would reveal its key. */
function studentRefs(question: Question): StudentSourceRef[] {
  const seen = new Map<string, StudentSourceRef>();
  for (const r of question.sourceRefs)
    seen.set(`${r.articleId}\u0000${r.passageId}`, { passageId: r.passageId, articleId: r.articleId });
  return [...seen.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0)).map(([, ref]) => ref);
}

/** Which list of a question an option id belongs to: a matching's left and right ids are separate. */
export type OptionSide = "options" | "left" | "right";

/**
 * How one student sees a question's ids. The id shown for each authored option id should be
 * unguessable without a secret (the API derives it with an HMAC per attempt), because authored ids
 * can spell the key: GIFT's `a` is its first written answer, its matching pairs are `la`→`ra`.
 * The student's options are listed in the order of their shown ids, so the order is as secret as the
 * ids and blind to the key.
 */
export interface StudentIdMask {
  toStudent(side: OptionSide, authoredId: string): string;
}

function sidesOf(question: Question): Array<{ side: OptionSide; options: readonly Option[] }> {
  switch (question.type) {
    case "single_choice":
    case "multiple_choice":
    case "ordering":
      return [{ side: "options", options: question.options }];
    case "matching":
      return [
        { side: "left", options: question.left },
        { side: "right", options: question.right },
      ];
    default:
      return [];
  }
}

/**
 * The student view of a question: no key, no feedback, no explanation, quotes withheld. With a mask,
 * option ids are the mask's and options are listed in the order of those ids; without one (the CLI,
 * an author's preview) the authored ids stay and the order comes from the question id and option
 * texts. Either way the order never depends on the key: an ordering item may happen to be shown in
 * its right order, as often as chance says.
 *
 * @example
 * const student = toStudentView(question, mask);
 * "key" in student; // false
 */
export function toStudentView(question: Question, mask?: StudentIdMask): StudentQuestion {
  const stemHtml = question.stemMarkup ? renderMarkup(question.stemMarkup) : "";
  const base = {
    id: question.id,
    stem: question.stem,
    ...(stemHtml ? { stemHtml } : {}),
    sourceRefs: studentRefs(question),
    difficulty: question.difficulty,
    ...(question.stimulus ? { stimulus: question.stimulus } : {}),
  };
  const order = (side: OptionSide, options: readonly Option[]) => {
    if (!mask)
      return sortByHash(options, question.id, (o) => o.text).map((o) => ({ id: o.id, text: o.text }));
    return options
      .map((o) => ({ id: mask.toStudent(side, o.id), text: o.text }))
      .sort((a, b) => (a.id < b.id ? -1 : a.id > b.id ? 1 : 0));
  };
  switch (question.type) {
    case "single_choice":
    case "multiple_choice":
    case "ordering":
      return { ...base, type: question.type, options: order("options", question.options) };
    case "matching":
      return {
        ...base,
        type: "matching",
        left: order("left", question.left),
        right: order("right", question.right),
      };
    case "numeric":
      return { ...base, type: "numeric", unit: question.key.unit };
    case "true_false":
    case "cloze":
    case "short_answer":
      return { ...base, type: question.type };
  }
}

/** Shown id -> authored id for each side of a question under a mask. */
function unmaskTables(question: Question, mask: StudentIdMask): Map<OptionSide, Map<string, string>> {
  return new Map(
    sidesOf(question).map(({ side, options }) => [
      side,
      new Map(options.map((o) => [mask.toStudent(side, o.id), o.id])),
    ]),
  );
}

/**
 * A student's response in authored ids, for grading and storing. Only shown ids are accepted: an
 * authored id sent directly (`a`, the GIFT key) is refused, or a mask would be no protection.
 *
 * @throws QuizValidationError when the response names an id the student was not shown, or has the
 *   wrong shape for the question type.
 * @example
 * gradeResponse(question, fromStudentResponse(question, mask, "Xk2p9w"))
 */
export function fromStudentResponse(question: Question, mask: StudentIdMask, response: unknown): unknown {
  const tables = unmaskTables(question, mask);
  const unmask = (side: OptionSide, id: unknown): string => {
    const authored = typeof id === "string" ? tables.get(side)?.get(id) : undefined;
    if (authored === undefined)
      throw new QuizValidationError(
        `response to ${question.type} question ${question.id} names an unknown id`,
        [`got ${JSON.stringify(id)?.slice(0, 40)}`],
      );
    return authored;
  };
  const misshapen = (expected: string) =>
    new QuizValidationError(`response to ${question.type} question ${question.id} must be ${expected}`);
  switch (question.type) {
    case "single_choice":
      return unmask("options", response);
    case "multiple_choice":
    case "ordering":
      if (!Array.isArray(response)) throw misshapen("an array of ids");
      return response.map((id) => unmask("options", id));
    case "matching": {
      if (typeof response !== "object" || response === null || Array.isArray(response))
        throw misshapen("an object from left ids to right ids");
      return Object.fromEntries(
        Object.entries(response).map(([l, r]) => [unmask("left", l), unmask("right", r)]),
      );
    }
    default:
      return response;
  }
}

/**
 * A stored (authored-id) response as the student saw it: the inverse of `fromStudentResponse`.
 * Ids the question does not have are left as they are.
 *
 * @example
 * toStudentResponse(question, mask, ["b", "a"]) // ["Xk2p9w", "T0m3qa"]
 */
export function toStudentResponse(question: Question, mask: StudentIdMask, stored: unknown): unknown {
  const show = (side: OptionSide, id: unknown) => (typeof id === "string" ? mask.toStudent(side, id) : id);
  switch (question.type) {
    case "single_choice":
      return show("options", stored);
    case "multiple_choice":
    case "ordering":
      return Array.isArray(stored) ? stored.map((id) => show("options", id)) : stored;
    case "matching":
      return typeof stored === "object" && stored !== null && !Array.isArray(stored)
        ? Object.fromEntries(Object.entries(stored).map(([l, r]) => [show("left", l), show("right", r)]))
        : stored;
    default:
      return stored;
  }
}
