import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testProviders } from "../../../test/databases.ts";
import { createWorld, type World } from "../../../test/world.ts";
import { factOf } from "../../testing.ts";
import { forgetVersion, loadVersion, StaleBundleError, versionCacheStats } from "./index.ts";

describe.each(testProviders())("version snapshots on %s", (provider) => {
  let world: World;
  let publishedId: string;
  let lessonIds: string[];
  beforeAll(async () => {
    world = await createWorld(provider);
    const version = await world.database.db.read.packageVersion.findFirstOrThrow({
      where: { status: "published" },
      select: { id: true, course: { select: { lessons: { select: { id: true } } } } },
    });
    publishedId = version.id;
    lessonIds = version.course?.lessons.map((l) => l.id) ?? [];
  }, 120_000);
  afterAll(() => world.drop());
  beforeEach(() => forgetVersion());

  it("parses a published version once per process, however many requests read it", async () => {
    const before = versionCacheStats().parses;
    const student = world.as(world.users.student);
    const [course] = await student.course.list();
    const lessonId = lessonIds[0] ?? "";
    // Cold and concurrent: the first readers share one parse.
    await Promise.all(Array.from({ length: 20 }, () => student.lesson.byId({ lessonId })));
    for (let i = 0; i < 30; i++) {
      await student.lesson.byId({ lessonId: lessonIds[i % lessonIds.length] ?? "" });
      await student.course.byId({ courseId: course?.id ?? "" });
    }
    expect(versionCacheStats().parses - before).toBe(1);
    expect((await loadVersion(world.database.db, publishedId)).isImmutable).toBe(true);
    expect(versionCacheStats().parses - before).toBe(1);
  });

  it("serves a cached lesson without reading its rows again, and a forgotten one from them", async () => {
    const student = world.as(world.users.student);
    const lessonId = lessonIds[0] ?? "";
    const first = await student.lesson.byId({ lessonId });
    // Rows changed behind the API's back stay unseen while the version is cached (it never changes)…
    const db = world.database.db;
    const original = await db.read.packageVersion.findUniqueOrThrow({
      where: { id: publishedId },
      select: { bundle: true },
    });
    await db.write((c) =>
      c.packageVersion.update({ where: { id: publishedId }, data: { bundle: { schemaVersion: 1 } } }),
    );
    try {
      expect(await student.lesson.byId({ lessonId })).toEqual(first);
      // …and a stale bundle read afresh is an error that names the version.
      forgetVersion(publishedId);
      const error = await student.lesson.byId({ lessonId }).catch((e: unknown) => e);
      expect(String(error)).toMatch(
        /version 1 of "[^"]+" \(\w+\).*schemaVersion 1 is not 3.*Upload its package again/,
      );
      await expect(loadVersion(db, publishedId)).rejects.toBeInstanceOf(StaleBundleError);
    } finally {
      await db.write((c) =>
        c.packageVersion.update({
          where: { id: publishedId },
          data: { bundle: original.bundle ?? {} },
        }),
      );
    }
    forgetVersion(publishedId);
    expect(await student.lesson.byId({ lessonId })).toEqual(first);
    // A bundle stored at schema version 2 (it has no repair kind the current version added) is read
    // as the current version: the lesson is the same.
    await db.write((c) =>
      c.packageVersion.update({
        where: { id: publishedId },
        data: { bundle: { ...(original.bundle as object), schemaVersion: 2 } },
      }),
    );
    forgetVersion(publishedId);
    expect(await student.lesson.byId({ lessonId })).toEqual(first);
  });

  it("reads a draft afresh: an author's decision shows at once", async () => {
    const author = world.as(world.users.author);
    const draft = await author.authoring.newDraft({ versionId: publishedId });
    const before = versionCacheStats().parses;
    const first = await loadVersion(world.database.db, draft.id);
    expect(first.isImmutable).toBe(false);
    const target = first.bank.find((q) => q.variant === 0 && q.status !== "rejected");
    if (!target) throw new Error("the draft has no question");
    await author.authoring.decide({ questionId: target.id, action: "reject" });
    const after = await loadVersion(world.database.db, draft.id);
    const siblings = after.bank.filter((q) => q.factKey === target.factKey);
    expect(siblings.length).toBeGreaterThan(1);
    expect(siblings.every((q) => q.status === "rejected")).toBe(true);
    expect(after.bank.filter((q) => q.status === "rejected").length).toBe(siblings.length);
    // Each read parsed it again: this test's two and the decision's own.
    expect(versionCacheStats().parses - before).toBe(3);
  });

  it("stores each question's fact at import, the same as computed from its payload", async () => {
    const rows = await world.database.db.read.question.findMany({
      where: { versionId: publishedId },
      select: { factKey: true, payload: true },
    });
    expect(rows.length).toBeGreaterThan(10);
    for (const row of rows) expect(row.factKey).toBe(factOf(row.payload));
    expect(new Set(rows.map((r) => r.factKey)).size).toBeLessThan(rows.length);
  });
});
