import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testProviders } from "../../test/databases.ts";
import { createWorld, type World } from "../../test/world.ts";
import { createPrismaHotPath } from "./hot-path.ts";

/**
 * The hot path writes and reads the same rows Prisma does; on SQLite with statements of its own. Each
 * value goes one way through the hot path and back the other way through Prisma.
 */
describe.each(testProviders())("the hot path on %s", (provider) => {
  let world: World;
  let attemptId: string;
  let questionIds: string[];
  beforeAll(async () => {
    world = await createWorld(provider);
    const student = world.as(world.users.student);
    const [assignment] = await student.progress.assignments();
    const started = await student.attempt.start({ assignmentId: assignment?.id ?? "" });
    attemptId = started.id;
    const view = await student.attempt.byId({ attemptId });
    questionIds = view.questions.map((q) => q.attemptQuestionId);
  }, 120_000);
  afterAll(() => world.drop());

  it("reads a session and its user as Prisma stored them", async () => {
    const { db } = world.database;
    const session = await db.write((c) =>
      c.session.create({
        data: {
          id: "hot-session",
          token: "hot-token",
          userId: world.users.student.id,
          expiresAt: new Date("2026-03-09T09:00:00.123Z"),
        },
      }),
    );
    const read = await db.hot.sessionByToken("hot-token");
    expect(read).toEqual({
      id: session.id,
      expiresAt: new Date("2026-03-09T09:00:00.123Z"),
      user: {
        id: world.users.student.id,
        email: world.users.student.email,
        name: world.users.student.name,
        role: "student",
        disabled: false,
      },
    });
    await db.write((c) => c.user.update({ where: { id: world.users.student.id }, data: { disabled: true } }));
    expect((await db.hot.sessionByToken("hot-token"))?.user.disabled).toBe(true);
    await db.write((c) =>
      c.user.update({ where: { id: world.users.student.id }, data: { disabled: false } }),
    );
    expect(await db.hot.sessionByToken("no-such-token")).toBeNull();
  });

  it("reads what a save needs, as Prisma stored it", async () => {
    const { db } = world.database;
    const id = questionIds[0] ?? "";
    const target = await db.hot.saveTarget(id);
    const row = await db.read.attemptQuestion.findUniqueOrThrow({
      where: { id },
      select: {
        snapshot: true,
        attempt: {
          include: {
            assignment: { include: { lesson: { select: { course: { select: { versionId: true } } } } } },
          },
        },
      },
    });
    expect(target).toEqual({
      attemptQuestionId: id,
      snapshot: row.snapshot,
      attemptId,
      userId: world.users.student.id,
      state: "in_progress",
      deadlineAt: row.attempt.deadlineAt,
      feedbackPolicy: row.attempt.assignment.feedbackPolicy,
      viewKey: row.attempt.viewKey,
      versionId: row.attempt.assignment.lesson.course.versionId,
    });
    expect(target?.viewKey).toMatch(/^[\w-]{40,}$/);
    expect(await db.hot.saveTarget("no-such-question")).toBeNull();
  });

  it("writes answers Prisma reads back exactly, once, and refuses stale revisions", async () => {
    const { db } = world.database;
    const attemptQuestionId = questionIds[1] ?? "";
    const first = {
      attemptId,
      attemptQuestionId,
      value: { optionIds: ["b", "c"], note: "naïve “quotes” ✓" },
      revision: 1,
      savedAt: new Date("2026-03-02T09:01:02.345Z"),
      timeOnQuestionMs: 4321,
      score: 0.5,
      correct: false,
      feedback: "Half right: see ¶2.",
    };
    expect(await db.hot.insertResponse(first)).toBe("saved");
    expect(await db.hot.insertResponse({ ...first, value: "again" })).toBe("stale");
    const read = () =>
      db.read.attemptResponse.findUniqueOrThrow({
        where: { attemptQuestionId },
        select: {
          attemptId: true,
          attemptQuestionId: true,
          value: true,
          revision: true,
          savedAt: true,
          timeOnQuestionMs: true,
          score: true,
          correct: true,
          feedback: true,
        },
      });
    expect(await read()).toEqual(first);

    const second = { ...first, value: 42, revision: 2, score: null, correct: null, feedback: null };
    expect(await db.hot.updateResponse(second, 0)).toBe("stale");
    expect(await db.hot.updateResponse(second, 1)).toBe("saved");
    expect(await db.hot.updateResponse({ ...second, revision: 3 }, 1)).toBe("stale");
    expect(await read()).toEqual(second);

    // A Prisma filter on the date still matches: it compares the stored text, so the format matters.
    const byDate = await db.read.attemptResponse.count({
      where: { attemptQuestionId, savedAt: new Date("2026-03-02T09:01:02.345Z") },
    });
    expect(byDate).toBe(1);
  });

  it("acknowledges writes asked for together each on its own: one of two duplicates", async () => {
    const { db } = world.database;
    const ids = questionIds.slice(2);
    const write = (attemptQuestionId: string, value: unknown, revision = 1) => ({
      attemptId,
      attemptQuestionId,
      value,
      revision,
      savedAt: new Date("2026-03-02T09:02:00.000Z"),
      timeOnQuestionMs: 10,
      score: null,
      correct: null,
      feedback: null,
    });
    const inserts = await Promise.all(
      ids.map((id) =>
        Promise.all([db.hot.insertResponse(write(id, "first")), db.hot.insertResponse(write(id, "twin"))]),
      ),
    );
    for (const pair of inserts) expect(pair.filter((o) => o === "saved")).toHaveLength(1);
    const updates = await Promise.all(ids.map((id) => db.hot.updateResponse(write(id, "second", 2), 1)));
    expect(updates).toEqual(ids.map(() => "saved"));
    const rows = await db.read.attemptResponse.findMany({
      where: { attemptQuestionId: { in: ids } },
      select: { value: true, revision: true },
    });
    expect(rows).toEqual(ids.map(() => ({ value: "second", revision: 2 })));
  });

  it("writes nothing once the attempt is closed, and says so", async () => {
    const { db } = world.database;
    const [open, answered] = [questionIds[0] ?? "", questionIds[1] ?? ""];
    await db.write((c) => c.attempt.update({ where: { id: attemptId }, data: { state: "submitting" } }));
    const write = (attemptQuestionId: string, revision: number) => ({
      attemptId,
      attemptQuestionId,
      value: "too late",
      revision,
      savedAt: new Date("2026-03-02T09:03:00.000Z"),
      timeOnQuestionMs: 10,
      score: null,
      correct: null,
      feedback: null,
    });
    expect(await db.hot.insertResponse(write(open, 1))).toBe("closed");
    expect(await db.hot.updateResponse(write(answered, 3), 2)).toBe("closed");
    const rows = await db.read.attemptResponse.findMany({
      where: { attemptQuestionId: { in: [open, answered] } },
      select: { value: true },
    });
    expect(rows.map((r) => r.value)).not.toContain("too late");
  });

  it("reads a gradebook as the Prisma queries do: best finished score, finished attempts, orders", async () => {
    const { db } = world.database;
    const instructor = world.users.instructor;
    const other = await world.as(instructor).class.create({ name: "Other class" });
    const klass = await world.as(instructor).class.create({ name: "Gradebook class" });
    const lesson = await db.read.lesson.findFirstOrThrow({ select: { id: true } });
    const names = ["Zoë", "adam", "Adam", "Émile", "bea"];
    const students = await Promise.all(names.map((name) => world.addUser("student", name)));
    await db.write((c) =>
      c.enrolment.createMany({ data: students.map((s) => ({ classId: klass.id, userId: s.id })) }),
    );
    const at = (day: number) => new Date(Date.UTC(2026, 2, day, 9));
    const assignments = [];
    for (const [i, classId] of [klass.id, klass.id, other.id].entries()) {
      assignments.push(
        await db.write((c) =>
          c.assignment.create({
            data: { classId, lessonId: lesson.id, title: `A${i}`, opensAt: at(1), dueAt: at(9 - i) },
            select: { id: true },
          }),
        ),
      );
    }
    const attempt = (
      userId: string,
      assignmentId: string,
      number: number,
      state: string,
      score: number | null,
    ) => ({
      userId,
      assignmentId,
      number,
      state,
      score,
      seed: number,
      startedAt: at(2),
      deadlineAt: at(3),
    });
    const [a0, a1, a2] = assignments.map((a) => a.id);
    const [s0, s1, s2, s3] = students.map((s) => s.id);
    await db.write((c) =>
      c.attempt.createMany({
        data: [
          attempt(s0 ?? "", a0 ?? "", 1, "finished", 0.4),
          attempt(s0 ?? "", a0 ?? "", 2, "finished", 0.9),
          attempt(s0 ?? "", a0 ?? "", 3, "in_progress", null),
          attempt(s1 ?? "", a0 ?? "", 1, "finished", null),
          attempt(s1 ?? "", a1 ?? "", 1, "abandoned", 1),
          attempt(s2 ?? "", a1 ?? "", 1, "finished", 0.25),
          attempt(s3 ?? "", a2 ?? "", 1, "finished", 1),
        ],
      }),
    );
    const viaPrisma = createPrismaHotPath(db.read, db.write);
    const sortCells = (book: Awaited<ReturnType<typeof db.hot.gradebook>>) =>
      book && {
        ...book,
        cells: [...book.cells].sort((x, y) =>
          x.userId + x.assignmentId < y.userId + y.assignmentId ? -1 : 1,
        ),
      };
    const hot = sortCells(await db.hot.gradebook(klass.id));
    expect(hot).toEqual(sortCells(await viaPrisma.gradebook(klass.id)));
    expect(hot?.assignments.map((a) => a.title)).toEqual(["A1", "A0"]);
    expect(hot?.cells.find((c) => c.userId === s0)).toMatchObject({ best: 0.9, attempts: 2 });
    expect(hot?.cells.find((c) => c.userId === s1)).toMatchObject({ best: 0, attempts: 1 });
    expect(hot?.cells).toHaveLength(3);
    expect(await db.hot.gradebook("no-such-class")).toBeNull();
  });
});
