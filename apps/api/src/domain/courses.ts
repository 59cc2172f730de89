import type { Db } from "../db/client.ts";
import { NotFoundError } from "../errors.ts";
import type { Actor } from "./classes.ts";

/** The published courses (one per package: its current version). */
export async function listPublishedCourses(db: Db) {
  const courses = await db.read.course.findMany({
    where: { version: { status: "published" } },
    orderBy: { title: "asc" },
    select: {
      id: true,
      slug: true,
      title: true,
      description: true,
      version: { select: { number: true } },
      _count: { select: { lessons: true } },
    },
  });
  return courses.map(({ _count, version, ...c }) => ({
    ...c,
    version: version.number,
    lessonCount: _count.lessons,
  }));
}

/**
 * Who may read a course's lessons: any signed-in user for the published version; authors and admins
 * for drafts of their own packages; students also keep access to the version their assignment uses.
 */
async function requireReadableCourse(db: Db, actor: Actor, courseId: string) {
  const course = await db.read.course.findUnique({
    where: { id: courseId },
    select: {
      id: true,
      slug: true,
      title: true,
      description: true,
      version: { select: { number: true, status: true, package: { select: { ownerId: true } } } },
    },
  });
  if (!course) throw new NotFoundError("No such course.");
  const isOwner = course.version.package.ownerId === actor.id || actor.role === "admin";
  const isPrivate = course.version.status === "draft" || course.version.status === "importing";
  if (isPrivate && !isOwner) throw new NotFoundError("No such course.");
  return course;
}

export async function getCourse(db: Db, actor: Actor, courseId: string) {
  const course = await requireReadableCourse(db, actor, courseId);
  const [lessons, concepts] = await Promise.all([
    db.read.lesson.findMany({
      where: { courseId },
      orderBy: { position: "asc" },
      select: {
        id: true,
        key: true,
        title: true,
        readingMinutes: true,
        content: true,
        article: { select: { title: true, source: true, date: true } },
      },
    }),
    db.read.concept.findMany({
      where: { courseId },
      orderBy: { name: "asc" },
      select: { id: true, key: true, name: true, definition: true },
    }),
  ]);
  const conceptByKey = new Map(concepts.map((c) => [c.key, c]));
  return {
    id: course.id,
    slug: course.slug,
    title: course.title,
    description: course.description,
    version: course.version.number,
    status: course.version.status,
    lessons: lessons.map((l) => {
      const content = l.content as { conceptIds?: string[]; objectives?: Array<{ text: string }> };
      return {
        id: l.id,
        title: l.title,
        readingMinutes: l.readingMinutes,
        article: l.article,
        objectives: (content.objectives ?? []).map((o) => o.text),
        conceptIds: (content.conceptIds ?? [])
          .map((k) => conceptByKey.get(k)?.id)
          .filter((id): id is string => !!id),
      };
    }),
    concepts: concepts.map(({ key: _key, ...c }) => c),
  };
}

export interface CitationView {
  passageId: string;
  articleId: string;
  rawStart: number;
  rawEnd: number;
  quote: string;
}

/** A lesson to read: passages in order, objectives, summary and key terms with their citations. */
export async function getLesson(db: Db, actor: Actor, lessonId: string) {
  const lesson = await db.read.lesson.findUnique({
    where: { id: lessonId },
    select: {
      id: true,
      key: true,
      title: true,
      readingMinutes: true,
      content: true,
      courseId: true,
      article: { select: { id: true, key: true, title: true, source: true, date: true } },
    },
  });
  if (!lesson) throw new NotFoundError("No such lesson.");
  const course = await requireReadableCourse(db, actor, lesson.courseId);
  const content = lesson.content as unknown as {
    objectives: Array<{ text: string; ref: CitationView }>;
    summary: Array<{ text: string; ref: CitationView }>;
    keyTerms: Array<{ term: string; gloss: string; ref?: CitationView; conceptId?: string }>;
    passageIds: string[];
    conceptIds: string[];
  };
  const [passages, concepts] = await Promise.all([
    db.read.passage.findMany({
      where: { courseId: lesson.courseId, key: { in: content.passageIds } },
      select: { id: true, key: true, position: true, text: true, rawStart: true, rawEnd: true },
    }),
    db.read.concept.findMany({
      where: { courseId: lesson.courseId },
      select: { id: true, key: true, name: true, definition: true, details: true },
    }),
  ]);
  const order = new Map(content.passageIds.map((id, i) => [id, i]));
  passages.sort((a, b) => (order.get(a.key) ?? 0) - (order.get(b.key) ?? 0));
  const lessonConcepts = concepts.filter((c) => content.conceptIds.includes(c.key));
  return {
    id: lesson.id,
    title: lesson.title,
    readingMinutes: lesson.readingMinutes,
    course: { id: course.id, title: course.title },
    article: {
      id: lesson.article.id,
      title: lesson.article.title,
      source: lesson.article.source,
      date: lesson.article.date,
    },
    objectives: content.objectives,
    summary: content.summary,
    keyTerms: content.keyTerms,
    passages: passages.map((p) => ({
      id: p.id,
      key: p.key,
      text: p.text,
      rawStart: p.rawStart,
      rawEnd: p.rawEnd,
      conceptIds: lessonConcepts
        .filter((c) => ((c.details as { passageIds?: string[] }).passageIds ?? []).includes(p.key))
        .map((c) => c.id),
    })),
    concepts: lessonConcepts.map((c) => ({
      id: c.id,
      name: c.name,
      definition: c.definition,
      aliases: ((c.details as { aliases?: string[] }).aliases ?? []) as string[],
    })),
  };
}

/** The raw article around a cited span: what "view source" shows, with the span's exact offsets. */
export async function getSource(db: Db, actor: Actor, input: { courseId: string; passageKey: string }) {
  await requireReadableCourse(db, actor, input.courseId);
  const passage = await db.read.passage.findUnique({
    where: { courseId_key: { courseId: input.courseId, key: input.passageKey } },
    select: {
      key: true,
      rawStart: true,
      rawEnd: true,
      article: { select: { title: true, file: true, sha256: true, rawText: true } },
    },
  });
  if (!passage) throw new NotFoundError("No such passage.");
  return {
    passageId: passage.key,
    articleTitle: passage.article.title,
    file: passage.article.file,
    sha256: passage.article.sha256,
    rawText: passage.article.rawText,
    rawStart: passage.rawStart,
    rawEnd: passage.rawEnd,
  };
}
