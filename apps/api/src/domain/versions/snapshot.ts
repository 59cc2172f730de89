import {
  type BundleArticle,
  type Concept,
  ContentError,
  type CourseBundle,
  type Lesson,
  type Passage,
  parseCourseBundle,
} from "@groundwork/content";
import { type Question, QuestionSchema } from "@groundwork/quiz-engine";
import { ConflictError } from "../../errors.ts";

/** One question of a version's bank, parsed: the author view, with its key. */
export interface BankItem {
  /** The Question row's id. */
  id: string;
  /** The question id from the generator or the author's file. */
  key: string;
  /** The fact it asks about (fact-key.ts): variants of one fact share it. */
  factKey: string;
  /** The bundle lesson id it belongs to. */
  lessonKey: string;
  variant: number;
  /** generated | accepted | rejected | edited | needs_source */
  status: string;
  question: Question;
}

/** A lesson of the version: its row (what assignments and URLs name) and what the bundle says. */
export interface VersionLesson {
  /** The Lesson row's id. */
  id: string;
  key: string;
  position: number;
  /** The Article row's id and the bundle's article. */
  article: { id: string } & BundleArticle;
  lesson: Lesson;
}

/**
 * A course version as one typed value: the bundle, the bank, and indexes by id. Row ids (`id`) are
 * what the API hands out; keys are the bundle's own ids.
 */
export interface VersionSnapshot {
  versionId: string;
  number: number;
  /** Published or superseded when read: such a version never changes again, so it is cached. */
  isImmutable: boolean;
  course: { id: string; slug: string; title: string; description: string };
  bundle: CourseBundle;
  /** In teaching order. */
  lessons: readonly VersionLesson[];
  bank: readonly BankItem[];
  lessonById: ReadonlyMap<string, VersionLesson>;
  lessonByKey: ReadonlyMap<string, VersionLesson>;
  questionById: ReadonlyMap<string, BankItem>;
  passageByKey: ReadonlyMap<string, Passage & { rowId: string }>;
  conceptByKey: ReadonlyMap<string, Concept & { rowId: string }>;
  articleByKey: ReadonlyMap<string, BundleArticle>;
}

/** A stored version whose bundle was written by an older build of the content package. */
export class StaleBundleError extends ConflictError {
  override name = "StaleBundleError";
}

/** The rows a snapshot is built from (load.ts reads them). */
export interface VersionRows {
  id: string;
  number: number;
  status: string;
  bundle: unknown;
  package: { slug: string };
  course: {
    id: string;
    slug: string;
    title: string;
    description: string;
    lessons: Array<{ id: string; key: string; position: number; article: { id: string; key: string } }>;
    passages: Array<{ id: string; key: string }>;
    concepts: Array<{ id: string; key: string }>;
  } | null;
  questions: Array<{
    id: string;
    key: string;
    factKey: string;
    lessonKey: string;
    variant: number;
    status: string;
    payload: unknown;
  }>;
}

const versionName = (rows: VersionRows) => `version ${rows.number} of "${rows.package.slug}" (${rows.id})`;

/** Parses a version's rows into its snapshot; what cannot be read is an error naming the version. */
export function buildSnapshot(rows: VersionRows): VersionSnapshot {
  let bundle: CourseBundle;
  try {
    bundle = parseCourseBundle(rows.bundle);
  } catch (error) {
    if (error instanceof ContentError) {
      throw new StaleBundleError(
        `The stored bundle of ${versionName(rows)} cannot be read: ${error.message}. Upload its package again to make a new version.`,
      );
    }
    throw new Error(`The stored bundle of ${versionName(rows)} is not a valid bundle`, { cause: error });
  }
  const course = rows.course;
  if (!course) throw new Error(`${versionName(rows)} has no course rows`);
  const lessonKeys = new Map(bundle.lessons.map((l) => [l.id, l]));
  const articles = new Map(bundle.articles.map((a) => [a.id, a]));
  const lessons = [...course.lessons]
    .sort((a, b) => a.position - b.position)
    .map((row): VersionLesson => {
      const lesson = lessonKeys.get(row.key);
      const article = articles.get(row.article.key);
      if (!lesson || !article)
        throw new Error(`${versionName(rows)}: lesson ${row.key} is not in its bundle`);
      return {
        id: row.id,
        key: row.key,
        position: row.position,
        article: { ...article, id: row.article.id },
        lesson,
      };
    });
  const passageRowIds = new Map(course.passages.map((p) => [p.key, p.id]));
  const conceptRowIds = new Map(course.concepts.map((c) => [c.key, c.id]));
  const rowIdOf = (ids: Map<string, string>, key: string, what: string) => {
    const id = ids.get(key);
    if (!id) throw new Error(`${versionName(rows)}: ${what} ${key} of its bundle has no row`);
    return id;
  };
  const bank = rows.questions.map((row): BankItem => {
    const parsed = QuestionSchema.safeParse(row.payload);
    if (!parsed.success) {
      throw new Error(`${versionName(rows)}: question ${row.key}#${row.variant} is not a valid question`, {
        cause: parsed.error,
      });
    }
    const { payload: _payload, ...item } = row;
    return { ...item, question: parsed.data };
  });
  return {
    versionId: rows.id,
    number: rows.number,
    isImmutable: rows.status === "published" || rows.status === "superseded",
    course: { id: course.id, slug: course.slug, title: course.title, description: course.description },
    bundle,
    lessons,
    bank,
    lessonById: new Map(lessons.map((l) => [l.id, l])),
    lessonByKey: new Map(lessons.map((l) => [l.key, l])),
    questionById: new Map(bank.map((q) => [q.id, q])),
    passageByKey: new Map(
      bundle.passages.map((p) => [p.id, { ...p, rowId: rowIdOf(passageRowIds, p.id, "passage") }]),
    ),
    conceptByKey: new Map(
      bundle.concepts.map((c) => [c.id, { ...c, rowId: rowIdOf(conceptRowIds, c.id, "concept") }]),
    ),
    articleByKey: articles,
  };
}
