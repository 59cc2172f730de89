import {
  buildCourseBundle,
  type ContentProblem,
  ContentValidationError,
  type CourseBundle,
  CourseBundleSchema,
} from "@groundwork/content";
import { generateQuestions, importGift, type Question } from "@groundwork/quiz-engine";
import type { Db, PrismaClient } from "../db/client.ts";
import { toJson } from "../db/json.ts";
import { ForbiddenError, InvalidInputError, NotFoundError } from "../errors.ts";

/** How many variants of each fact are generated, so a retry draws fresh questions. */
export const variantsPerVersion = 3;

export class PackageRejectedError extends InvalidInputError {
  constructor(readonly problems: ContentProblem[]) {
    super(
      `The content package has ${problems.length} problem(s): ${problems
        .slice(0, 10)
        .map((p) => `${p.path}${p.line ? `:${p.line}` : ""}: ${p.message}`)
        .join("; ")}`,
    );
  }
}

/** Builds a bundle from a package's files; every problem is reported as the CLI reports it. */
export function buildBundleFromFiles(files: ReadonlyMap<string, Uint8Array>): CourseBundle {
  try {
    return buildCourseBundle(files);
  } catch (error) {
    if (error instanceof ContentValidationError) throw new PackageRejectedError(error.problems);
    throw error;
  }
}

/** The lesson (bundle id) each question belongs to: the lesson holding its first cited passage. */
function lessonKeyOf(question: Question, lessonByPassage: Map<string, string>, fallback: string): string {
  for (const ref of question.sourceRefs) {
    const key = lessonByPassage.get(ref.passageId);
    if (key) return key;
  }
  return fallback;
}

export interface ImportSummary {
  packageId: string;
  versionId: string;
  versionNumber: number;
  lessons: number;
  questions: number;
  dropped: number;
  /** Author-written questions imported from the package's question files (GIFT). */
  authored: number;
  /** What the question files' import reported: `file:line:column: message`. */
  questionFileProblems: string[];
}

/**
 * The author's own questions from the package's GIFT files: valid ones join the bank as accepted
 * items (after the same gates); every problem, skipped essay or ungrounded draft is reported, and the
 * questions around an error still import.
 */
function importQuestionFiles(bundle: CourseBundle) {
  const questions: Question[] = [];
  const problems: string[] = [];
  for (const file of bundle.questionFiles) {
    if (file.format !== "gift" && !file.file.toLowerCase().endsWith(".gift")) {
      problems.push(`${file.file}: only GIFT question files are read; this one was kept but not imported`);
      continue;
    }
    const result = importGift(file.text, { bundle });
    questions.push(...result.questions);
    for (const p of result.problems)
      problems.push(`${file.file}:${p.line}:${p.column}: ${p.severity}: ${p.message}`);
    for (const s of result.skipped)
      problems.push(`${file.file}:${s.line}:${s.column}: skipped ${s.kind}: ${s.reason}`);
    for (const d of result.drafts)
      problems.push(`${file.file}: not imported: ${JSON.stringify(d).slice(0, 200)}`);
  }
  return { questions, problems };
}

/**
 * Stores a bundle as a new draft version of its package (created on first upload), with its course,
 * articles, passages, lessons, concepts and a generated question bank. Nothing published is touched.
 */
export async function importBundle(
  db: Db,
  input: { bundle: CourseBundle; authorId: string; isAdmin?: boolean; now: Date; seed?: number },
): Promise<ImportSummary> {
  const bundle = CourseBundleSchema.parse(input.bundle);
  const lessonByPassage = new Map<string, string>();
  for (const lesson of bundle.lessons) for (const id of lesson.passageIds) lessonByPassage.set(id, lesson.id);
  const firstLesson = bundle.lessons[0]?.id;
  if (!firstLesson) throw new InvalidInputError("The bundle has no lesson: add at least one article.");

  const generated: Array<{ question: Question; variant: number }> = [];
  let dropped = 0;
  for (let variant = 0; variant < variantsPerVersion; variant++) {
    const result = generateQuestions(bundle, { seed: input.seed ?? 1, variant });
    if (variant === 0) dropped = result.report.dropped.length;
    for (const question of result.questions) generated.push({ question, variant });
  }

  const authored = importQuestionFiles(bundle);
  for (const question of authored.questions) generated.push({ question, variant: -1 });

  return db.transaction(
    async (tx) => {
      const existing = await tx.contentPackage.findUnique({
        where: { slug: bundle.course.id },
        select: {
          id: true,
          ownerId: true,
          versions: { select: { number: true }, orderBy: { number: "desc" }, take: 1 },
        },
      });
      if (existing && existing.ownerId !== input.authorId && !input.isAdmin) {
        throw new ForbiddenError(`The course id "${bundle.course.id}" belongs to another author's package.`);
      }
      const pkg =
        existing ??
        (await tx.contentPackage.create({
          data: { slug: bundle.course.id, ownerId: input.authorId, createdAt: input.now },
          select: { id: true, ownerId: true, versions: { select: { number: true } } },
        }));
      const number = (existing?.versions[0]?.number ?? 0) + 1;
      const version = await tx.packageVersion.create({
        data: {
          packageId: pkg.id,
          number,
          status: "draft",
          bundle: JSON.stringify(bundle),
          createdAt: input.now,
        },
        select: { id: true },
      });
      await importCourseRows(tx as unknown as PrismaClient, version.id, bundle, input.now);
      const seen = new Set<string>();
      const rows = generated
        .filter(({ question, variant }) => {
          const id = `${question.id}#${variant}`;
          if (seen.has(id)) return false;
          seen.add(id);
          return true;
        })
        .map(({ question, variant }) => ({
          versionId: version.id,
          key: question.id,
          lessonKey: lessonKeyOf(question, lessonByPassage, firstLesson),
          type: question.type,
          // An author's own question is accepted as written (it passed the gates on import).
          status: variant < 0 ? "accepted" : "generated",
          payload: toJson(question),
          gate: toJson({ passed: true, failures: [] }),
          variant: Math.max(0, variant),
          createdAt: input.now,
        }));
      for (let i = 0; i < rows.length; i += 200)
        await tx.question.createMany({ data: rows.slice(i, i + 200) });
      return {
        packageId: pkg.id,
        versionId: version.id,
        versionNumber: number,
        lessons: bundle.lessons.length,
        questions: rows.filter((r) => r.variant === 0).length,
        dropped,
        authored: authored.questions.length,
        questionFileProblems: authored.problems,
      };
    },
    { timeoutMs: 120_000 },
  );
}

export async function importCourseRows(
  tx: PrismaClient,
  versionId: string,
  bundle: CourseBundle,
  now: Date,
): Promise<void> {
  const course = await tx.course.create({
    data: {
      versionId,
      slug: bundle.course.id,
      title: bundle.course.title,
      description: bundle.course.description,
      createdAt: now,
    },
    select: { id: true },
  });
  const articleIds = new Map<string, string>();
  for (const article of bundle.articles) {
    const row = await tx.article.create({
      data: {
        courseId: course.id,
        key: article.id,
        title: article.title,
        file: article.file,
        sha256: article.sha256,
        source: article.source ?? null,
        date: article.date ?? null,
        rawText: article.rawText,
      },
      select: { id: true },
    });
    articleIds.set(article.id, row.id);
  }
  const articleRow = (key: string) => {
    const id = articleIds.get(key);
    if (!id) throw new InvalidInputError(`The bundle cites an unknown article "${key}".`);
    return id;
  };
  const passages = bundle.passages.map((p) => ({
    courseId: course.id,
    articleId: articleRow(p.articleId),
    key: p.id,
    position: p.index,
    text: p.text,
    rawStart: p.rawStart,
    rawEnd: p.rawEnd,
  }));
  for (let i = 0; i < passages.length; i += 200)
    await tx.passage.createMany({ data: passages.slice(i, i + 200) });
  const order = new Map(bundle.outline.map((id, index) => [id, index]));
  await tx.lesson.createMany({
    data: bundle.lessons.map((lesson, index) => ({
      courseId: course.id,
      articleId: articleRow(lesson.articleId),
      key: lesson.id,
      position: order.get(lesson.id) ?? index,
      title: lesson.title,
      readingMinutes: lesson.readingMinutes,
      content: toJson({
        objectives: lesson.objectives,
        summary: lesson.summary,
        keyTerms: lesson.keyTerms,
        passageIds: lesson.passageIds,
        conceptIds: lesson.conceptIds,
      }),
    })),
  });
  await tx.concept.createMany({
    data: bundle.concepts.map((concept) => ({
      courseId: course.id,
      key: concept.id,
      name: concept.name,
      definition: concept.definition,
      details: toJson({
        aliases: concept.aliases,
        passageIds: concept.passageIds,
        definitionRef: concept.definitionRef ?? null,
        origin: concept.origin,
      }),
    })),
  });
}

/** Publishes a draft: it becomes the version new assignments use; the one before is superseded. */
export async function publishVersion(
  db: Db,
  input: { versionId: string; authorId: string; isAdmin?: boolean; now: Date },
): Promise<{ versionId: string; number: number }> {
  return db.transaction(async (tx) => {
    const version = await tx.packageVersion.findUnique({
      where: { id: input.versionId },
      select: {
        id: true,
        number: true,
        status: true,
        packageId: true,
        package: { select: { ownerId: true } },
      },
    });
    if (!version) throw new NotFoundError("No such package version.");
    if (version.package.ownerId !== input.authorId && !input.isAdmin) {
      throw new ForbiddenError("Only the package's author can publish it.");
    }
    if (version.status !== "draft") {
      throw new InvalidInputError(`Version ${version.number} is already ${version.status}; publish a draft.`);
    }
    const usable = await tx.question.count({
      where: { versionId: version.id, status: { not: "rejected" }, variant: 0 },
    });
    if (usable === 0)
      throw new InvalidInputError("Every question is rejected: keep at least one before publishing.");
    await tx.packageVersion.updateMany({
      where: { packageId: version.packageId, status: "published" },
      data: { status: "superseded" },
    });
    await tx.packageVersion.update({
      where: { id: version.id },
      data: { status: "published", publishedAt: input.now },
      select: { id: true },
    });
    return { versionId: version.id, number: version.number };
  });
}

/** The bundle stored with a version. */
export async function loadBundle(db: Db, versionId: string): Promise<CourseBundle> {
  const version = await db.read.packageVersion.findUnique({
    where: { id: versionId },
    select: { bundle: true },
  });
  if (!version) throw new NotFoundError("No such package version.");
  return CourseBundleSchema.parse(JSON.parse(version.bundle));
}
