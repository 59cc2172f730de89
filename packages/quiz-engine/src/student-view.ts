import { QuizValidationError } from "./errors.ts";
import { sortByHash } from "./random.ts";
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

/**
 * The student view of a question: no key, no feedback, no explanation, quotes withheld, and options
 * in an order computed from the question id and option texts only, so it never hints at the key.
 *
 * @example
 * const student = toStudentView(question);
 * "key" in student; // false
 */
export function toStudentView(question: Question): StudentQuestion {
  const base = {
    id: question.id,
    stem: question.stem,
    sourceRefs: studentRefs(question),
    difficulty: question.difficulty,
  };
  const order = (options: readonly Option[]) =>
    sortByHash(options, question.id, (o) => o.text).map((o) => ({ id: o.id, text: o.text }));
  switch (question.type) {
    case "single_choice":
    case "multiple_choice":
      return { ...base, type: question.type, options: order(question.options) };
    case "ordering": {
      let options = order(question.options);
      // Never present the items already in the right order.
      if (options.every((o, i) => o.id === question.key[i]))
        options = [...options.slice(1), options[0] as Option];
      return { ...base, type: "ordering", options };
    }
    case "matching":
      return { ...base, type: "matching", left: order(question.left), right: order(question.right) };
    case "numeric":
      return { ...base, type: "numeric", unit: question.key.unit };
    case "true_false":
    case "cloze":
    case "short_answer":
      return { ...base, type: question.type };
  }
}
