import { afterEach, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase, testProviders } from "../../test/databases.ts";
import { factOf } from "../testing.ts";
import { createDb } from "./client.ts";
import { migrateDatabase } from "./migrate.ts";

const before = "20261201204748_sign_in_throttle";

/** Questions as stored before `factKey` existed: a generated one, one without a generator, an odd one. */
const payloads = [
  {
    id: "q-generated",
    type: "true_false",
    generator: "fact.true_false",
    sourceRefs: [{ passageId: "p-3", rawStart: 120, rawEnd: 188 }],
  },
  { id: "q-authored", type: "single_choice", sourceRefs: [{ passageId: "p-1", rawStart: 0, rawEnd: 10 }] },
  { id: "q-uncited", type: "cloze", generator: "cloze.term", sourceRefs: [] },
];

describe.each(testProviders())("the version_snapshot migration on %s", (provider) => {
  let database: TestDatabase | undefined;
  afterEach(async () => {
    await database?.drop();
    database = undefined;
  });

  it("keeps each stored bundle as a Json value and writes every question's fact", async () => {
    database = await createTestDatabase(provider, { until: before });
    const { db, target } = database;
    const now = new Date();
    const bundle = { schemaVersion: 2, course: { id: "c", title: "C" }, nested: { list: [1, "two", null] } };
    const sql = db.read;
    await sql.$executeRaw`INSERT INTO "User" ("id", "name", "email", "updatedAt") VALUES ('u1', 'A', 'a@example.test', ${now})`;
    await sql.$executeRaw`INSERT INTO "ContentPackage" ("id", "slug", "ownerId") VALUES ('pk', 'c', 'u1')`;
    await sql.$executeRaw`INSERT INTO "PackageVersion" ("id", "packageId", "number", "status", "bundle") VALUES ('v1', 'pk', 1, 'published', ${JSON.stringify(bundle)})`;
    for (const [i, payload] of payloads.entries()) {
      const id = `row-${i}`;
      const json = JSON.stringify(payload);
      if (provider === "sqlite")
        await sql.$executeRaw`INSERT INTO "Question" ("id", "versionId", "key", "lessonKey", "type", "payload", "gate", "updatedAt") VALUES (${id}, 'v1', ${payload.id}, 'l1', ${payload.type}, ${json}, '{}', ${now})`;
      else
        await sql.$executeRaw`INSERT INTO "Question" ("id", "versionId", "key", "lessonKey", "type", "payload", "gate", "updatedAt") VALUES (${id}, 'v1', ${payload.id}, 'l1', ${payload.type}, ${json}::jsonb, '{}', ${now})`;
    }

    // The migration rewrites tables: on SQLite it needs the file to itself, as at a real upgrade.
    await db.close();
    expect(await migrateDatabase(target)).toContain("20261201234528_version_snapshot");
    database.db = createDb(target);

    const version = await database.db.read.packageVersion.findUniqueOrThrow({
      where: { id: "v1" },
      select: { bundle: true },
    });
    expect(version.bundle).toEqual(bundle);
    const questions = await database.db.read.question.findMany({
      orderBy: { id: "asc" },
      select: { factKey: true, payload: true },
    });
    expect(questions.map((q) => q.factKey)).toEqual([
      "fact.true_false|p-3|120-188",
      "id:q-authored",
      "id:q-uncited",
    ]);
    for (const q of questions) expect(q.factKey).toBe(factOf(q.payload));
  });
});
