import type { Db } from "../db/client.ts";

export const demoCourse = {
  id: "deepseek-moment",
  title: "The DeepSeek Moment",
  description:
    "Five news articles on DeepSeek-R1: open reasoning models, distillation, chips and the Jevons paradox.",
};

/** Upserts the demo data; running it twice changes nothing. */
export async function seedDemo(db: Db): Promise<string> {
  await db.write((client) =>
    client.course.upsert({
      where: { id: demoCourse.id },
      create: demoCourse,
      update: { title: demoCourse.title, description: demoCourse.description },
      select: { id: true },
    }),
  );
  return `course "${demoCourse.title}"`;
}
