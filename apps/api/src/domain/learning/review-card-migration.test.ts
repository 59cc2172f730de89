import { afterEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase, testProviders } from "../../../test/databases.ts";
import { createDb } from "../../db/client.ts";
import { migrateDatabase } from "../../db/migrate.ts";

const before = "20261203152022_assignment_updated_at";

/** Two variants of one question id (told apart by their stem) and another question. */
const questions = [
  { row: "row-a0", key: "q-a", variant: 0, stem: "Which gas do plants take in?" },
  { row: "row-a1", key: "q-a", variant: 1, stem: "Plants take in which gas from the air?" },
  { row: "row-b0", key: "q-b", variant: 0, stem: "What do leaves release?" },
];
/** Cards as stored before, each with its copy of the question. */
const cards = [
  { id: "card-a", key: "q-a", stem: questions[1]?.stem, expected: "row-a1" },
  { id: "card-b", key: "q-b", stem: "an older wording of q-b", expected: "row-b0" },
  { id: "card-gone", key: "q-gone", stem: "no such question", expected: undefined },
];

describe.each(testProviders())("the review_card_question_ref migration on %s", (provider) => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });

  it("points each card at the variant it copied, and drops a card with no question left", async () => {
    database = await createTestDatabase(provider, { until: before });
    const { db, target } = database;
    const now = new Date();
    const sql = db.read;
    await sql.$executeRaw`INSERT INTO "User" ("id", "name", "email", "updatedAt") VALUES ('u1', 'A', 'a@example.test', ${now})`;
    await sql.$executeRaw`INSERT INTO "ContentPackage" ("id", "slug", "ownerId") VALUES ('pk', 'c', 'u1')`;
    const bundle = JSON.stringify({ schemaVersion: 2 });
    if (provider === "sqlite")
      await sql.$executeRaw`INSERT INTO "PackageVersion" ("id", "packageId", "number", "status", "bundle") VALUES ('v1', 'pk', 1, 'published', ${bundle})`;
    else
      await sql.$executeRaw`INSERT INTO "PackageVersion" ("id", "packageId", "number", "status", "bundle") VALUES ('v1', 'pk', 1, 'published', ${bundle}::jsonb)`;
    for (const q of questions) {
      const payload = JSON.stringify({ id: q.key, type: "single_choice", stem: q.stem });
      if (provider === "sqlite")
        await sql.$executeRaw`INSERT INTO "Question" ("id", "versionId", "key", "factKey", "lessonKey", "type", "payload", "gate", "variant", "updatedAt") VALUES (${q.row}, 'v1', ${q.key}, ${q.key}, 'l1', 'single_choice', ${payload}, '{}', ${q.variant}, ${now})`;
      else
        await sql.$executeRaw`INSERT INTO "Question" ("id", "versionId", "key", "factKey", "lessonKey", "type", "payload", "gate", "variant", "updatedAt") VALUES (${q.row}, 'v1', ${q.key}, ${q.key}, 'l1', 'single_choice', ${payload}::jsonb, '{}'::jsonb, ${q.variant}, ${now})`;
    }
    for (const c of cards) {
      const copy = JSON.stringify({ stem: c.stem, type: "single_choice", id: c.key });
      const card = JSON.stringify({ due: now.toISOString(), state: 0 });
      if (provider === "sqlite")
        await sql.$executeRaw`INSERT INTO "ReviewCard" ("id", "userId", "questionKey", "versionId", "courseSlug", "question", "card", "due", "updatedAt") VALUES (${c.id}, 'u1', ${c.key}, 'v1', 'c', ${copy}, ${card}, ${now}, ${now})`;
      else
        await sql.$executeRaw`INSERT INTO "ReviewCard" ("id", "userId", "questionKey", "versionId", "courseSlug", "question", "card", "due", "updatedAt") VALUES (${c.id}, 'u1', ${c.key}, 'v1', 'c', ${copy}::jsonb, ${card}::jsonb, ${now}, ${now})`;
    }

    // The migration rewrites a table: on SQLite it needs the file to itself, as at a real upgrade.
    await db.close();
    expect(await migrateDatabase(target)).toContain("20261203153108_review_card_question_ref");
    database.db = createDb(target);

    const stored = await database.db.read.reviewCard.findMany({
      orderBy: { id: "asc" },
      select: { id: true, questionId: true, card: true },
    });
    expect(stored.map((c) => [c.id, c.questionId])).toEqual(
      cards.filter((c) => c.expected).map((c) => [c.id, c.expected]),
    );
    for (const c of stored) expect(c.card).toEqual({ due: now.toISOString(), state: 0 });
  });
});
