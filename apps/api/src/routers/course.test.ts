import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { createTestDatabase, type TestDatabase, testProviders } from "../../test/databases.ts";
import { appRouter } from "../router.ts";
import { seedDemo } from "../seed/demo.ts";
import { createCallerFactory } from "../trpc.ts";

const createCaller = createCallerFactory(appRouter);

describe.each(testProviders())("course router on %s", (provider) => {
  let database: TestDatabase;
  let caller: ReturnType<typeof createCaller>;
  beforeAll(async () => {
    database = await createTestDatabase(provider);
    await seedDemo(database.db);
    await seedDemo(database.db); // idempotent
    caller = createCaller({ db: database.db, now: () => new Date() });
  });
  afterAll(() => database.drop());

  it("lists the seeded course once", async () => {
    const courses = await caller.course.list();
    expect(courses).toHaveLength(1);
    expect(courses[0]).toMatchObject({
      id: "deepseek-moment",
      title: "The DeepSeek Moment",
      interestCount: 0,
    });
  });

  it("writes an interest and reads it back", async () => {
    const result = await caller.course.registerInterest({ courseId: "deepseek-moment" });
    expect(result.interestCount).toBe(1);
    expect((await caller.course.list())[0]?.interestCount).toBe(1);
  });

  it("answers NOT_FOUND for an unknown course and stores nothing", async () => {
    await expect(caller.course.registerInterest({ courseId: "nope" })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    expect(await database.db.read.courseInterest.count({ where: { courseId: "nope" } })).toBe(0);
  });

  it("rejects malformed input with BAD_REQUEST", async () => {
    await expect(caller.course.registerInterest({ courseId: "" })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
    await expect(caller.course.registerInterest({ courseId: "x".repeat(10_000) })).rejects.toMatchObject({
      code: "BAD_REQUEST",
    });
  });

  it("keeps every acknowledged write among 200 concurrent ones", async () => {
    const before = await database.db.read.courseInterest.count();
    const results = await Promise.allSettled(
      Array.from({ length: 200 }, () => caller.course.registerInterest({ courseId: "deepseek-moment" })),
    );
    const acknowledged = results.filter((r) => r.status === "fulfilled").length;
    expect(acknowledged).toBe(200);
    expect(await database.db.read.courseInterest.count()).toBe(before + acknowledged);
  });
});
