import { join } from "node:path";
import { readPackageDir } from "@groundwork/content/cli";
import type { Auth, Role } from "../auth.ts";
import type { Db } from "../db/client.ts";
import { findRepoRoot } from "../db/database-url.ts";
import { buildBundleFromFiles, importBundle, publishVersion } from "../domain/content.ts";
import { UNUSABLE_STATUSES } from "../domain/sourceless.ts";

export const demoPassword = "groundwork-demo";
export const demoDomain = "groundwork.test";
export const demoUsers: Array<{ email: string; name: string; role: Role }> = [
  { email: `student@${demoDomain}`, name: "Sam Student", role: "student" },
  { email: `instructor@${demoDomain}`, name: "Ines Instructor", role: "instructor" },
  { email: `author@${demoDomain}`, name: "Ada Author", role: "author" },
  { email: `admin@${demoDomain}`, name: "Alex Admin", role: "admin" },
];
export const demoPackageDir = () => join(findRepoRoot(), "content", "deepseek-moment");
export const demoClassName = "Period 1: The DeepSeek Moment";

/** Creates an account through the auth library (so the password is hashed as at sign-up), then its role. */
export async function ensureUser(
  db: Db,
  auth: Auth,
  user: { email: string; name: string; role: Role; password: string },
) {
  const existing = await db.read.user.findUnique({ where: { email: user.email }, select: { id: true } });
  const id =
    existing?.id ??
    (await auth.api.signUpEmail({ body: { email: user.email, password: user.password, name: user.name } }))
      .user.id;
  await db.write((client) =>
    client.user.update({ where: { id }, data: { role: user.role }, select: { id: true } }),
  );
  return id;
}

/**
 * The demo: four accounts, the demo course published by the author, a class with the student in it
 * and the first lesson assigned. Running it again changes nothing.
 */
export async function seedDemo(db: Db, auth: Auth, now: Date): Promise<string> {
  const ids: Record<string, string> = {};
  for (const user of demoUsers)
    ids[user.role] = await ensureUser(db, auth, { ...user, password: demoPassword });
  const authorId = ids.author as string;
  const instructorId = ids.instructor as string;
  const studentId = ids.student as string;

  const bundle = buildBundleFromFiles(readPackageDir(demoPackageDir()));
  const published = await db.read.packageVersion.findFirst({
    where: { package: { slug: bundle.course.id }, status: "published" },
    select: { id: true },
  });
  if (!published) {
    const draft = await importBundle(db, { bundle, authorId, now });
    await publishVersion(db, { versionId: draft.versionId, authorId, now });
  }
  const course = await db.read.course.findFirst({
    where: { slug: bundle.course.id, version: { status: "published" } },
    select: {
      id: true,
      title: true,
      versionId: true,
      lessons: { orderBy: { position: "asc" }, select: { id: true, key: true, title: true } },
    },
  });
  if (!course || course.lessons.length === 0) throw new Error("the demo course has no lesson");
  // The demo assignment goes to the lesson with the most usable facts (the first of those that tie):
  // a lesson whose article is mostly unreadable can have too few questions to fill a quiz.
  const facts = await db.read.question.groupBy({
    by: ["lessonKey"],
    where: { versionId: course.versionId, variant: 0, status: { notIn: UNUSABLE_STATUSES } },
    _count: { _all: true },
  });
  const factsOf = new Map(facts.map((f) => [f.lessonKey, f._count._all]));
  const lesson = course.lessons.reduce((best, l) =>
    (factsOf.get(l.key) ?? 0) > (factsOf.get(best.key) ?? 0) ? l : best,
  );

  let klass = await db.read.class.findFirst({
    where: { instructorId, name: demoClassName },
    select: { id: true },
  });
  if (!klass) {
    klass = await db.write((client) =>
      client.class.create({
        data: { name: demoClassName, instructorId, inviteCode: "DEMO2025", createdAt: now },
        select: { id: true },
      }),
    );
  }
  const classId = klass.id;
  await db.write((client) =>
    client.enrolment.upsert({
      where: { classId_userId: { classId, userId: studentId } },
      create: { classId, userId: studentId, createdAt: now },
      update: {},
      select: { id: true },
    }),
  );
  const assigned = await db.read.assignment.count({ where: { classId } });
  if (assigned === 0) {
    const day = 24 * 60 * 60 * 1000;
    await db.write((client) =>
      client.assignment.create({
        data: {
          classId,
          lessonId: lesson.id,
          title: `Quiz: ${lesson.title}`,
          opensAt: new Date(now.getTime() - day),
          dueAt: new Date(now.getTime() + 30 * day),
          attemptsAllowed: 3,
          timeLimitSeconds: null,
          feedbackPolicy: "after_submit",
          questionCount: 10,
          createdAt: now,
        },
        select: { id: true },
      }),
    );
  }
  return `${demoUsers.length} accounts (password ${demoPassword}), course "${course.title}", class "${demoClassName}" with "${lesson.title}" assigned`;
}
