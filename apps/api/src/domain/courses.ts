import { LessonSchema } from "@groundwork/content";
import { z } from "zod";
import type { Db } from "../db/client.ts";
import { NotFoundError } from "../errors.ts";
import type { Actor } from "./classes.ts";
import {
  cachedVersionOfLesson,
  loadVersion,
  type VersionLesson,
  type VersionSnapshot,
} from "./versions/index.ts";

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
 * Who may read a course's lessons: any signed-in user for a published or superseded version (so a
 * student keeps the version their assignment uses after a new one is published); its author and
 * admins for a draft.
 */
async function requireReadableCourse(db: Db, actor: Actor, courseId: string) {
  const course = await db.read.course.findUnique({
    where: { id: courseId },
    select: {
      id: true,
      slug: true,
      title: true,
      description: true,
      versionId: true,
      version: { select: { number: true, status: true, package: { select: { ownerId: true } } } },
    },
  });
  if (!course) throw new NotFoundError("No such course.");
  const isOwner = course.version.package.ownerId === actor.id || actor.role === "admin";
  const isPrivate = course.version.status === "draft" || course.version.status === "importing";
  if (isPrivate && !isOwner) throw new NotFoundError("No such course.");
  return course;
}

/** What the course page shows: the version's lessons in order and its concepts by name. */
export async function getCourse(db: Db, actor: Actor, courseId: string) {
  const course = await requireReadableCourse(db, actor, courseId);
  const snapshot = await loadVersion(db, course.versionId);
  const concepts = [...snapshot.conceptByKey.values()].sort((a, b) =>
    a.name < b.name ? -1 : a.name > b.name ? 1 : 0,
  );
  return {
    id: course.id,
    slug: course.slug,
    title: course.title,
    description: course.description,
    version: course.version.number,
    status: course.version.status,
    lessons: snapshot.lessons.map(({ id, lesson, article }) => ({
      id,
      title: lesson.title,
      readingMinutes: lesson.readingMinutes,
      article: { title: article.title, source: article.source ?? null, date: article.date ?? null },
      objectives: lesson.objectives.map((o) => o.text),
      conceptIds: lesson.conceptIds.flatMap((key) => {
        const concept = snapshot.conceptByKey.get(key);
        return concept ? [concept.rowId] : [];
      }),
    })),
    concepts: concepts.map((c) => ({ id: c.rowId, name: c.name, definition: c.definition })),
  };
}

/** A lesson to read, as `lesson.byId` returns it. */
export const LessonViewSchema = z.object({
  id: z.string(),
  title: z.string(),
  readingMinutes: z.number(),
  course: z.object({ id: z.string(), title: z.string() }),
  article: z.object({
    id: z.string(),
    title: z.string(),
    source: z.string().nullable(),
    date: z.string().nullable(),
  }),
  objectives: LessonSchema.shape.objectives,
  summary: LessonSchema.shape.summary,
  keyTerms: LessonSchema.shape.keyTerms,
  passages: z.array(
    z.object({
      id: z.string(),
      key: z.string(),
      text: z.string(),
      rawStart: z.number().int(),
      rawEnd: z.number().int(),
      /** Row ids of the lesson's concepts the passage mentions. */
      conceptIds: z.array(z.string()),
    }),
  ),
  concepts: z.array(
    z.object({ id: z.string(), name: z.string(), definition: z.string(), aliases: z.array(z.string()) }),
  ),
});
export type LessonView = z.infer<typeof LessonViewSchema>;

/** Lesson pages of cached (published) versions, built once: they never change. */
const lessonViews = new WeakMap<VersionLesson, LessonView>();

function buildLessonView(snapshot: VersionSnapshot, entry: VersionLesson): LessonView {
  const { lesson, article } = entry;
  const concepts = lesson.conceptIds.flatMap((key) => {
    const concept = snapshot.conceptByKey.get(key);
    return concept ? [concept] : [];
  });
  return {
    id: entry.id,
    title: lesson.title,
    readingMinutes: lesson.readingMinutes,
    course: { id: snapshot.course.id, title: snapshot.course.title },
    article: {
      id: article.id,
      title: article.title,
      source: article.source ?? null,
      date: article.date ?? null,
    },
    objectives: lesson.objectives,
    summary: lesson.summary,
    keyTerms: lesson.keyTerms,
    passages: lesson.passageIds.flatMap((key) => {
      const passage = snapshot.passageByKey.get(key);
      if (!passage) return [];
      return [
        {
          id: passage.rowId,
          key: passage.id,
          text: passage.text,
          rawStart: passage.rawStart,
          rawEnd: passage.rawEnd,
          conceptIds: concepts.filter((c) => c.passageIds.includes(passage.id)).map((c) => c.rowId),
        },
      ];
    }),
    concepts: concepts.map((c) => ({
      id: c.rowId,
      name: c.name,
      definition: c.definition,
      aliases: c.aliases,
    })),
  };
}

/**
 * A lesson to read: passages in order, objectives, summary and key terms with their citations. A
 * lesson of a published version this instance has read before needs no query at all: such a version
 * is readable by every signed-in user and never changes.
 */
export async function getLesson(db: Db, actor: Actor, lessonId: string): Promise<LessonView> {
  const cached = cachedVersionOfLesson(lessonId);
  const cachedLesson = cached?.lessonById.get(lessonId);
  if (cached && cachedLesson) {
    let view = lessonViews.get(cachedLesson);
    if (!view) {
      view = buildLessonView(cached, cachedLesson);
      lessonViews.set(cachedLesson, view);
    }
    return view;
  }
  const row = await db.read.lesson.findUnique({ where: { id: lessonId }, select: { courseId: true } });
  if (!row) throw new NotFoundError("No such lesson.");
  const course = await requireReadableCourse(db, actor, row.courseId);
  const snapshot = await loadVersion(db, course.versionId);
  const entry = snapshot.lessonById.get(lessonId);
  if (!entry) throw new NotFoundError("No such lesson.");
  return buildLessonView(snapshot, entry);
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
