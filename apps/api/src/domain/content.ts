import {
  buildCourseBundle,
  type ContentProblem,
  ContentValidationError,
  type CourseBundle,
  CourseBundleSchema,
} from "@groundwork/content";
import { generateQuestions, importGift, type Question } from "@groundwork/quiz-engine";
import type { Db, TransactionClient } from "../db/client.ts";
import { storedJson } from "../db/json.ts";
import { ForbiddenError, InvalidInputError, NotFoundError } from "../errors.ts";
import { collectPackageFiles, decodeBase64, unzipPackage } from "./package-files.ts";
import { NEEDS_SOURCE_STATUS, provisionallyCited, type SourceGate, UNUSABLE_STATUSES } from "./sourceless.ts";
import { factKeyOf } from "./versions/index.ts";

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

/** A package's bundle, or its problems as the CLI reports them (content signals those by throwing). */
function buildBundle(
  files: ReadonlyMap<string, Uint8Array>,
): { ok: true; bundle: CourseBundle } | { ok: false; problems: ContentProblem[] } {
  try {
    return { ok: true, bundle: buildCourseBundle(files) };
  } catch (error) {
    if (error instanceof ContentValidationError) return { ok: false, problems: error.problems };
    throw error;
  }
}

/** Builds a bundle from a package's files (the seed, scripts); its problems throw a PackageRejectedError. */
export function buildBundleFromFiles(files: ReadonlyMap<string, Uint8Array>): CourseBundle {
  const built = buildBundle(files);
  if (!built.ok) throw new PackageRejectedError(built.problems);
  return built.bundle;
}

/** What an author uploads: a zip, or a folder's files, base64-encoded. */
export type PackageUpload = { zipBase64: string } | { files: Array<{ path: string; base64: string }> };

/**
 * Unpacks, checks, builds and prepares an uploaded package: all CPU, so the API runs it on a build
 * worker (workers/package-builder.ts). An invalid package gives its problems as the CLI prints them;
 * an unreadable upload throws an InvalidInputError saying why.
 */
export function prepareUpload(
  upload: PackageUpload,
): { ok: true; prepared: PreparedImport } | { ok: false; problems: ContentProblem[] } {
  const files =
    "zipBase64" in upload
      ? unzipPackage(decodeBase64(upload.zipBase64, "zipBase64"))
      : collectPackageFiles(upload.files);
  const built = buildBundle(files);
  return built.ok ? { ok: true, prepared: prepareImport({ bundle: built.bundle }) } : built;
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
  /** Author-written questions without a source: stored as `needs_source` until the author cites a passage. */
  needsSource: number;
  /** What the question files' import reported: `file:line:column: message`. */
  questionFileProblems: string[];
}

/**
 * The author's own questions from the package's GIFT files: valid ones join the bank as accepted
 * items (after the same gates); one without a source becomes a `needs_source` draft with the course's
 * passages proposed, as `interop.importGift` stores it; every problem, skipped essay or draft failing
 * its gates is reported, and the questions around an error still import.
 */
function importQuestionFiles(bundle: CourseBundle) {
  const questions: Question[] = [];
  const sourceless: Array<{ question: Question; gate: SourceGate }> = [];
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
    for (const d of result.drafts) {
      const cited = d.needsSource ? provisionallyCited(bundle, d) : { error: d.reasons.join("; ") };
      if ("error" in cited) problems.push(`${file.file}:${d.line}:${d.column}: not imported: ${cited.error}`);
      else sourceless.push(cited);
    }
  }
  return { questions, sourceless, problems };
}

/** Rows go to the database this many at a time, each batch in a write of its own. */
const rowsPerWrite = 200;

/** The rows of each table an import writes, as `PreparedImport.batches` carries them. */
interface ImportRows {
  passage: {
    articleKey: string;
    key: string;
    position: number;
    text: string;
    rawStart: number;
    rawEnd: number;
  };
  lesson: { articleKey: string; key: string; position: number; title: string; readingMinutes: number };
  concept: { key: string; name: string; definition: string };
  question: {
    key: string;
    factKey: string;
    lessonKey: string;
    type: string;
    status: string;
    payload: Question;
    gate: { passed: true; failures: never[] } | SourceGate;
    variant: number;
  };
}

/**
 * A package built, its bank generated and its rows serialised, ready to store. Made on a worker
 * thread (workers/package-build.ts): it is all CPU. The rows travel as JSON text, a write's worth per
 * batch, so the API thread parses them a little at a time instead of cloning one large object graph.
 */
export interface PreparedImport {
  course: { id: string; title: string; description: string };
  /** The whole bundle as stored with the version. */
  bundleJson: string;
  articles: Array<{
    key: string;
    title: string;
    file: string;
    sha256: string;
    source: string | null;
    date: string | null;
    rawText: string;
  }>;
  /** Passages and lessons name their article by key (`articleKey`); the store maps it to a row. */
  batches: Array<{ table: keyof ImportRows; rows: string }>;
  summary: Omit<ImportSummary, "packageId" | "versionId" | "versionNumber">;
}

/**
 * Everything an import computes before it touches the database: generated variants, the author's
 * own questions from the package's question files, and the rows of both and of the course.
 */
export function prepareImport(input: { bundle: CourseBundle; seed?: number }): PreparedImport {
  const bundle = CourseBundleSchema.parse(input.bundle);
  const lessonByPassage = new Map<string, string>();
  for (const lesson of bundle.lessons) for (const id of lesson.passageIds) lessonByPassage.set(id, lesson.id);
  const firstLesson = bundle.lessons[0]?.id;
  if (!firstLesson) throw new InvalidInputError("The bundle has no lesson: add at least one article.");

  const generated: Array<{ question: Question; variant: number; sourceGate?: SourceGate }> = [];
  let dropped = 0;
  for (let variant = 0; variant < variantsPerVersion; variant++) {
    const result = generateQuestions(bundle, { seed: input.seed ?? 1, variant });
    if (variant === 0) dropped = result.report.dropped.length;
    for (const question of result.questions) generated.push({ question, variant });
  }
  const authored = importQuestionFiles(bundle);
  for (const question of authored.questions) generated.push({ question, variant: -1 });
  for (const { question, gate } of authored.sourceless)
    generated.push({ question, variant: -1, sourceGate: gate });

  const seen = new Set<string>();
  const questions = generated
    .filter(({ question, variant }) => {
      const id = `${question.id}#${variant}`;
      if (seen.has(id)) return false;
      seen.add(id);
      return true;
    })
    .map(({ question, variant, sourceGate }) => ({
      key: question.id,
      factKey: factKeyOf(question),
      lessonKey: lessonKeyOf(question, lessonByPassage, firstLesson),
      type: question.type,
      // An author's own question is accepted as written (it passed the gates on import), unless
      // it still needs a source.
      status: sourceGate ? NEEDS_SOURCE_STATUS : variant < 0 ? "accepted" : "generated",
      payload: question,
      gate: sourceGate ?? { passed: true, failures: [] },
      variant: Math.max(0, variant),
    }));
  const order = new Map(bundle.outline.map((id, index) => [id, index]));
  const batches: PreparedImport["batches"] = [];
  const addBatches = <T extends keyof ImportRows>(table: T, rows: Array<ImportRows[T]>) => {
    for (let i = 0; i < rows.length; i += rowsPerWrite)
      batches.push({ table, rows: JSON.stringify(rows.slice(i, i + rowsPerWrite)) });
  };
  addBatches(
    "passage",
    bundle.passages.map((p) => ({
      articleKey: p.articleId,
      key: p.id,
      position: p.index,
      text: p.text,
      rawStart: p.rawStart,
      rawEnd: p.rawEnd,
    })),
  );
  addBatches(
    "lesson",
    bundle.lessons.map((lesson, index) => ({
      articleKey: lesson.articleId,
      key: lesson.id,
      position: order.get(lesson.id) ?? index,
      title: lesson.title,
      readingMinutes: lesson.readingMinutes,
    })),
  );
  addBatches(
    "concept",
    bundle.concepts.map((concept) => ({
      key: concept.id,
      name: concept.name,
      definition: concept.definition,
    })),
  );
  addBatches("question", questions);
  return {
    course: { id: bundle.course.id, title: bundle.course.title, description: bundle.course.description },
    bundleJson: JSON.stringify(bundle),
    articles: bundle.articles.map((article) => ({
      key: article.id,
      title: article.title,
      file: article.file,
      sha256: article.sha256,
      source: article.source ?? null,
      date: article.date ?? null,
      rawText: article.rawText,
    })),
    batches,
    summary: {
      lessons: bundle.lessons.length,
      questions: questions.filter((q) => q.variant === 0).length,
      dropped,
      authored: authored.questions.length,
      needsSource: authored.sourceless.length,
      questionFileProblems: authored.problems,
    },
  };
}

/** A version whose import stopped half-way (the process died) this long ago is removed. */
const strandedImportMs = 15 * 60_000;

/**
 * Stores a prepared import as a new draft version of its package (created on first upload). The rows
 * go in short writes, not one long transaction: on SQLite a transaction holds the only writer, and
 * students' saves would wait behind a large course. Until the last write the version is `importing`,
 * which no one can see or publish; a failed import removes it, and one stranded by a crash is removed
 * by the package's next upload. Nothing published is touched.
 */
export async function storeImport(
  db: Db,
  prepared: PreparedImport,
  input: { authorId: string; isAdmin?: boolean; now: Date },
): Promise<ImportSummary> {
  const { version, course, packageId, number } = await db.transaction(async (tx) => {
    const existing = await tx.contentPackage.findUnique({
      where: { slug: prepared.course.id },
      select: { id: true, ownerId: true },
    });
    if (existing && existing.ownerId !== input.authorId && !input.isAdmin) {
      throw new ForbiddenError(`The course id "${prepared.course.id}" belongs to another author's package.`);
    }
    if (existing) {
      await tx.packageVersion.deleteMany({
        where: {
          packageId: existing.id,
          status: "importing",
          createdAt: { lt: new Date(input.now.getTime() - strandedImportMs) },
        },
      });
    }
    const pkg =
      existing ??
      (await tx.contentPackage.create({
        data: { slug: prepared.course.id, ownerId: input.authorId, createdAt: input.now },
        select: { id: true },
      }));
    const last = await tx.packageVersion.findFirst({
      where: { packageId: pkg.id },
      orderBy: { number: "desc" },
      select: { number: true },
    });
    const number = (last?.number ?? 0) + 1;
    const version = await tx.packageVersion.create({
      data: {
        packageId: pkg.id,
        number,
        status: "importing",
        bundle: storedJson(JSON.parse(prepared.bundleJson)),
        createdAt: input.now,
      },
      select: { id: true },
    });
    const course = await tx.course.create({
      data: {
        versionId: version.id,
        slug: prepared.course.id,
        title: prepared.course.title,
        description: prepared.course.description,
        createdAt: input.now,
      },
      select: { id: true },
    });
    return { version, course, packageId: pkg.id, number };
  });
  try {
    const articleIds = new Map<string, string>();
    for (const article of prepared.articles) {
      await new Promise((resolve) => setImmediate(resolve));
      const row = await db.write((c) =>
        c.article.create({ data: { courseId: course.id, ...article }, select: { id: true } }),
      );
      articleIds.set(article.key, row.id);
    }
    const articleRow = (key: string) => {
      const id = articleIds.get(key);
      if (!id) throw new InvalidInputError(`The bundle cites an unknown article "${key}".`);
      return id;
    };
    /** A batch of passage or lesson rows, placed in the course and tied to their article's row. */
    const inCourse = <Row extends { articleKey: string }>(json: string) =>
      (JSON.parse(json) as Row[]).map(({ articleKey, ...row }) => ({
        ...row,
        courseId: course.id,
        articleId: articleRow(articleKey),
      }));
    for (const batch of prepared.batches) {
      // A turn of the event loop between writes: SQLite's driver is synchronous, so without it the
      // whole import would run in one go of promise callbacks while requests wait.
      await new Promise((resolve) => setImmediate(resolve));
      // The worker wrote these rows (addBatches above), so their shape is known.
      if (batch.table === "passage") {
        const data = inCourse<ImportRows["passage"]>(batch.rows);
        await db.write((c) => c.passage.createMany({ data }));
      } else if (batch.table === "lesson") {
        const data = inCourse<ImportRows["lesson"]>(batch.rows);
        await db.write((c) => c.lesson.createMany({ data }));
      } else if (batch.table === "concept") {
        const rows: Array<ImportRows["concept"]> = JSON.parse(batch.rows);
        await db.write((c) =>
          c.concept.createMany({ data: rows.map((row) => ({ ...row, courseId: course.id })) }),
        );
      } else {
        const rows: Array<ImportRows["question"]> = JSON.parse(batch.rows);
        const data = rows.map((row) => ({
          ...row,
          payload: storedJson(row.payload),
          gate: storedJson(row.gate),
          versionId: version.id,
          createdAt: input.now,
        }));
        await db.write((c) => c.question.createMany({ data }));
      }
    }
    await db.write((c) =>
      c.packageVersion.update({ where: { id: version.id }, data: { status: "draft" }, select: { id: true } }),
    );
  } catch (error) {
    await db.write((c) => c.packageVersion.deleteMany({ where: { id: version.id } }));
    throw error;
  }
  return { packageId, versionId: version.id, versionNumber: number, ...prepared.summary };
}

/** What builds an upload off the event loop: the API's package builder (workers/package-builder.ts). */
export interface UploadBuilder {
  build(upload: PackageUpload): Promise<ReturnType<typeof prepareUpload>>;
}

/**
 * An author's upload: built on a package builder's worker, then stored as a new draft. An invalid
 * package is answered with its problems; a full builder queue with a BusyError.
 */
export async function uploadPackage(
  db: Db,
  input: { upload: PackageUpload; authorId: string; isAdmin?: boolean; now: Date },
  builder: UploadBuilder,
): Promise<({ ok: true } & ImportSummary) | { ok: false; problems: ContentProblem[] }> {
  const built = await builder.build(input.upload);
  if (!built.ok) return built;
  return { ok: true, ...(await storeImport(db, built.prepared, input)) };
}

/** Imports a bundle in this thread (the seed and scripts; uploads go through the package builder). */
export function importBundle(
  db: Db,
  input: { bundle: CourseBundle; authorId: string; isAdmin?: boolean; now: Date; seed?: number },
): Promise<ImportSummary> {
  return storeImport(db, prepareImport({ bundle: input.bundle, seed: input.seed }), input);
}

/** The course rows of a bundle for a new version (a draft made from another keeps its bundle). */
export async function importCourseRows(
  tx: TransactionClient,
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
    })),
  });
  await tx.concept.createMany({
    data: bundle.concepts.map((concept) => ({
      courseId: course.id,
      key: concept.id,
      name: concept.name,
      definition: concept.definition,
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
      where: { versionId: version.id, status: { notIn: UNUSABLE_STATUSES }, variant: 0 },
    });
    if (usable === 0)
      throw new InvalidInputError(
        "No question is usable: every one is rejected or waits for a source; keep or cite at least one before publishing.",
      );
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
