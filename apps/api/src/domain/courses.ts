import type { Db } from "../db/client.ts";

export async function listCourses(db: Db) {
  const courses = await db.read.course.findMany({
    orderBy: { createdAt: "asc" },
    select: { id: true, title: true, description: true, _count: { select: { interests: true } } },
  });
  return courses.map(({ _count, ...course }) => ({ ...course, interestCount: _count.interests }));
}

export const countInterest = (db: Db, courseId: string) =>
  db.read.courseInterest.count({ where: { courseId } });

/** Records one "I'm interested"; false when the course does not exist. */
export function registerInterest(db: Db, courseId: string): Promise<boolean> {
  return db.write(async (client) => {
    const course = await client.course.findUnique({ where: { id: courseId }, select: { id: true } });
    if (!course) return false;
    await client.courseInterest.create({ data: { courseId }, select: { id: true } });
    return true;
  });
}
