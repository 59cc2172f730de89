import { z } from "zod";
import type { Db } from "../../db/client.ts";

export const MasteryItemSchema = z.object({ conceptIds: z.array(z.string()), difficulty: z.number() });

/** Mastery per concept for a student, with the concept names of the course's published version. */
export async function getMastery(db: Db, userId: string) {
  const rows = await db.read.mastery.findMany({
    where: { userId },
    orderBy: [{ courseSlug: "asc" }, { conceptKey: "asc" }],
    select: { courseSlug: true, conceptKey: true, value: true, evidence: true, updatedAt: true },
  });
  const concepts = await db.read.concept.findMany({
    where: { key: { in: rows.map((r) => r.conceptKey) }, course: { version: { status: "published" } } },
    select: { key: true, name: true, course: { select: { slug: true } } },
  });
  const names = new Map(concepts.map((c) => [`${c.course.slug}:${c.key}`, c.name]));
  return rows.map((r) => ({
    courseSlug: r.courseSlug,
    conceptId: r.conceptKey,
    name: names.get(`${r.courseSlug}:${r.conceptKey}`) ?? r.conceptKey,
    mastery: r.value,
    evidence: r.evidence,
    isMastered: r.evidence >= 3 && r.value >= 0.8,
  }));
}
