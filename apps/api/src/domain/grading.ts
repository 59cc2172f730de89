import { type GradeResult, gradeResponse, type Question, QuizEngineError } from "@groundwork/quiz-engine";
import type { Db } from "../db/client.ts";
import { InvalidInputError } from "../errors.ts";
import { loadVersion } from "./versions/index.ts";

interface ConceptName {
  key: string;
  names: string[];
}

/** A version's concepts never change once written (a new upload is a new version), so each is read once. */
const conceptCache = new Map<string, Promise<ConceptName[]>>();
const conceptCacheLimit = 200;

function loadConceptNames(db: Db, versionId: string): Promise<ConceptName[]> {
  const cached = conceptCache.get(versionId);
  if (cached) return cached;
  const loading = loadVersion(db, versionId).then((snapshot) =>
    snapshot.bundle.concepts.map((c) => ({ key: c.id, names: [c.name, ...c.aliases] })),
  );
  loading.catch(() => conceptCache.delete(versionId));
  if (conceptCache.size >= conceptCacheLimit) conceptCache.delete(conceptCache.keys().next().value as string);
  conceptCache.set(versionId, loading);
  return loading;
}

/**
 * The one way the API grades a student's answer, for saves, submits and reviews alike. A typed answer
 * is never taken for another concept of the course: the names (and aliases) of every concept the
 * question is not about are passed as rejected answers, which matters most for imported questions that
 * carry no `rejected` list of their own. `response` is in authored ids (see `fromStudentResponse`).
 * A response that does not fit the question comes back as a refusal saying why.
 */
export async function gradeOrRefuse(
  db: Db,
  input: { versionId: string; question: Question; response: unknown },
): Promise<{ result: GradeResult } | { refusal: string }> {
  const { question } = input;
  const isTyped = question.type === "cloze" || question.type === "short_answer";
  const rejected = isTyped
    ? (await loadConceptNames(db, input.versionId))
        .filter((c) => !question.conceptIds.includes(c.key))
        .flatMap((c) => c.names)
    : [];
  try {
    return { result: gradeResponse(question, input.response, { rejected }) };
  } catch (error) {
    if (error instanceof QuizEngineError) return { refusal: error.message };
    throw error;
  }
}

/**
 * `gradeOrRefuse` for a student's request: a refusal is the request's error.
 *
 * @throws InvalidInputError when the response does not fit the question.
 */
export async function gradeStudentResponse(
  db: Db,
  input: { versionId: string; question: Question; response: unknown },
): Promise<GradeResult> {
  const graded = await gradeOrRefuse(db, input);
  if ("refusal" in graded) throw new InvalidInputError(graded.refusal);
  return graded.result;
}
