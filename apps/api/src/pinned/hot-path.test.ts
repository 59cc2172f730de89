import { randomUUID } from "node:crypto";
import { statSync } from "node:fs";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testProviders } from "../../test/databases.ts";
import { createWorld, type World } from "../../test/world.ts";
import type { Db } from "../db/client.ts";

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

  it.runIf(provider === "sqlite")(
    "checkpoints its writes off the event loop: the database file takes them without a checkpoint here",
    async () => {
      const { db, target } = world.database;
      if (target.provider !== "sqlite") return;
      const [assignment] = await world.as(world.users.student).progress.assignments();
      // A student of its own, so the other tests' counts of the demo student's attempts hold.
      const writer = await world.addUser("student", "Checkpointed");
      const before = statSync(target.file).size;
      const snapshot = JSON.stringify({ stem: "x".repeat(4000) });
      // About 2.5 MB of pages, under Prisma's own autocheckpoint (1,000 pages), which only its commits run.
      await Promise.all(
        Array.from({ length: 30 }, (_, n) =>
          db.hot.createAttempt(
            {
              assignmentId: assignment?.id ?? "",
              userId: writer.id,
              number: 1 + n,
              seed: n,
              viewKey: `wal-${n}`,
              startedAt: new Date(),
              questions: Array.from({ length: 20 }, (_, q) => ({
                id: randomUUID(),
                questionId: `wal-${n}-${q}`,
                snapshot,
              })),
            },
            () => ({ deadlineAt: new Date(Date.now() + 60_000) }),
          ),
        ),
      );
      const grown = async () => {
        for (let waited = 0; waited < 3000; waited += 100) {
          if (statSync(target.file).size - before > 2_000_000) return true;
          await new Promise((resolve) => setTimeout(resolve, 100));
        }
        return false;
      };
      expect(await grown()).toBe(true);
    },
  );

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
    expect(JSON.parse(target?.snapshot ?? "null")).toEqual(row.snapshot);
    expect(target).toEqual({
      attemptQuestionId: id,
      snapshot: target?.snapshot,
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

  it("creates an attempt and its questions that Prisma reads back exactly, once per number", async () => {
    const { db } = world.database;
    const [assignment] = await world.as(world.users.student).progress.assignments();
    const assignmentId = assignment?.id ?? "";
    const questions = [
      {
        id: randomUUID(),
        questionId: "hot-q1",
        snapshot: JSON.stringify({ stem: "naïve “quotes” ✓", key: [1, 2] }),
      },
      { id: randomUUID(), questionId: "hot-q2", snapshot: JSON.stringify({ stem: "second" }) },
    ];
    const attempt = {
      assignmentId,
      userId: world.users.student.id,
      number: 90,
      seed: 12345,
      viewKey: "hot-view-key",
      startedAt: new Date("2026-03-02T09:00:00.120Z"),
      questions,
    };
    const seen: unknown[] = [];
    const deadlineAt = new Date("2026-03-02T10:00:00.450Z");
    const outcome = await db.hot.createAttempt(attempt, (rules) => {
      seen.push(rules);
      return { deadlineAt };
    });
    if (!("created" in outcome)) throw new Error(`not created: ${JSON.stringify(outcome)}`);
    const rules = await db.read.assignment.findUniqueOrThrow({
      where: { id: assignmentId },
      select: { opensAt: true, dueAt: true, attemptsAllowed: true, timeLimitSeconds: true },
    });
    expect(seen).toEqual([rules]);
    const stored = await db.read.attempt.findUniqueOrThrow({
      where: { id: outcome.created.id },
      select: {
        assignmentId: true,
        userId: true,
        number: true,
        state: true,
        seed: true,
        viewKey: true,
        startedAt: true,
        deadlineAt: true,
        finishedAt: true,
        score: true,
        learningAt: true,
        questions: {
          orderBy: { position: "asc" },
          select: { id: true, position: true, questionId: true, snapshot: true },
        },
      },
    });
    expect(stored).toEqual({
      assignmentId,
      userId: world.users.student.id,
      number: 90,
      state: "in_progress",
      seed: 12345,
      viewKey: "hot-view-key",
      startedAt: attempt.startedAt,
      deadlineAt,
      finishedAt: null,
      score: null,
      learningAt: null,
      questions: questions.map((q, position) => ({
        id: q.id,
        position,
        questionId: q.questionId,
        snapshot: JSON.parse(q.snapshot),
      })),
    });
    expect(outcome.created).toEqual({ id: outcome.created.id, state: "in_progress", number: 90 });
    // The same number again collides; a refusal writes nothing and comes back as data.
    expect(await db.hot.createAttempt(attempt, () => ({ deadlineAt }))).toEqual({ taken: true });
    expect(await db.hot.createAttempt({ ...attempt, number: 91 }, () => ({ refused: "closed" }))).toEqual({
      refused: "closed",
    });
    expect(await db.read.attempt.count({ where: { assignmentId, number: { gte: 90 } } })).toBe(1);
    const state = await db.hot.startState({
      classId: (await db.read.assignment.findUniqueOrThrow({ where: { id: assignmentId } })).classId,
      assignmentId,
      userId: world.users.student.id,
    });
    expect(state.enrolled).toBe(true);
    expect(state.attempts).toContainEqual({ id: outcome.created.id, state: "in_progress", number: 90 });
    expect(state.rules).toEqual(rules);
    await db.write((c) => c.attempt.delete({ where: { id: outcome.created.id } }));
  });

  it("creates an attempt on the rules it was given only while they still stand", async () => {
    const { db } = world.database;
    const [assignment] = await world.as(world.users.student).progress.assignments();
    const assignmentId = assignment?.id ?? "";
    const classId = (await db.read.assignment.findUniqueOrThrow({ where: { id: assignmentId } })).classId;
    const { rules: seen } = await db.hot.startState({
      classId,
      assignmentId,
      userId: world.users.student.id,
    });
    if (!seen) throw new Error("no rules");
    // Another instance's instructor changes the attempts allowed after the start state was read.
    await db.write((c) =>
      c.assignment.update({
        where: { id: assignmentId },
        data: { attemptsAllowed: seen.attemptsAllowed + 7 },
      }),
    );
    const decided: unknown[] = [];
    const outcome = await db.hot.createAttempt(
      {
        assignmentId,
        userId: world.users.student.id,
        number: 92,
        seed: 1,
        viewKey: "k",
        startedAt: new Date("2026-03-02T09:00:00.000Z"),
        questions: [{ id: randomUUID(), questionId: "hot-q", snapshot: "{}" }],
      },
      (rules) => {
        decided.push(rules);
        return { deadlineAt: new Date("2026-03-02T10:00:00.000Z") };
      },
      seen,
    );
    if (!("created" in outcome)) throw new Error("not created");
    // PostgreSQL decided on the given rules, found them changed, and decided again on the stored ones;
    // SQLite reads them in its writer.
    const now = { ...seen, attemptsAllowed: seen.attemptsAllowed + 7 };
    expect(decided).toEqual(provider === "postgresql" ? [seen, now] : [now]);
    // A refusal on the given rules writes nothing.
    expect(
      await db.hot.createAttempt(
        {
          assignmentId,
          userId: world.users.student.id,
          number: 93,
          seed: 1,
          viewKey: "k",
          startedAt: new Date(),
          questions: [{ id: randomUUID(), questionId: "hot-q", snapshot: "{}" }],
        },
        () => ({ refused: "closed" }),
        now,
      ),
    ).toEqual({ refused: "closed" });
    expect(await db.read.attempt.count({ where: { assignmentId, number: { in: [92, 93] } } })).toBe(1);
    await db.write((c) => c.attempt.delete({ where: { id: outcome.created.id } }));
    await db.write((c) =>
      c.assignment.update({ where: { id: assignmentId }, data: { attemptsAllowed: seen.attemptsAllowed } }),
    );
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

  it("reads an attempt and its questions with their answers as Prisma stored them", async () => {
    const { db } = world.database;
    const attempt = await db.hot.ownAttempt(attemptId);
    const row = await db.read.attempt.findUniqueOrThrow({
      where: { id: attemptId },
      select: {
        id: true,
        userId: true,
        state: true,
        number: true,
        startedAt: true,
        deadlineAt: true,
        score: true,
        viewKey: true,
        assignment: {
          select: {
            id: true,
            title: true,
            dueAt: true,
            feedbackPolicy: true,
            lesson: { select: { id: true, title: true } },
          },
        },
        questions: {
          orderBy: { position: "asc" },
          select: {
            id: true,
            position: true,
            snapshot: true,
            response: {
              select: { id: true, value: true, revision: true, score: true, correct: true, feedback: true },
            },
          },
        },
      },
    });
    const { questions, ...rest } = row;
    expect(attempt).toEqual(rest);
    const read = await db.hot.attemptQuestions(attemptId);
    expect(read.map((q) => ({ ...q, snapshot: JSON.parse(q.snapshot) }))).toEqual(questions);
    expect(await db.hot.ownAttempt("no-such-attempt")).toBeNull();
    expect(await db.hot.attemptQuestions("no-such-attempt")).toEqual([]);
    // The one-round-trip view reads the same, with and without answers.
    expect(await db.hot.attemptView(attemptId)).toEqual({ attempt, questions: read });
    expect(read.some((q) => q.response !== null)).toBe(true);
    expect(read.some((q) => q.response === null)).toBe(true);
    expect(await db.hot.attemptView("no-such-attempt")).toBeNull();
    // Without the questions: the attempt and exactly its answers, by question.
    expect(await db.hot.attemptAnswers(attemptId)).toEqual({
      attempt,
      answers: new Map(read.flatMap((q) => (q.response ? [[q.id, q.response]] : []))),
    });
    expect(await db.hot.attemptAnswers("no-such-attempt")).toBeNull();
  });

  it("closes and grades an attempt once, as Prisma reads it back", async () => {
    const { db } = world.database;
    const [assignment] = await world.as(world.users.student).progress.assignments();
    const assignmentId = assignment?.id ?? "";
    const created = await db.hot.createAttempt(
      {
        assignmentId,
        userId: world.users.student.id,
        number: 95,
        seed: 1,
        viewKey: "k",
        startedAt: new Date("2026-03-02T09:00:00.000Z"),
        questions: [{ id: randomUUID(), questionId: "hot-q", snapshot: "{}" }],
      },
      () => ({ deadlineAt: new Date("2026-03-02T10:00:00.000Z") }),
    );
    if (!("created" in created)) throw new Error("not created");
    const id = created.created.id;
    const [question] = await db.read.attemptQuestion.findMany({
      where: { attemptId: id },
      select: { id: true },
    });
    const response = await db.write((c) =>
      c.attemptResponse.create({
        data: {
          attemptId: id,
          attemptQuestionId: question?.id ?? "",
          value: "x",
          savedAt: new Date(),
          score: 0,
          correct: false,
          feedback: "old",
        },
      }),
    );
    const versionId = (
      await db.read.assignment.findUniqueOrThrow({
        where: { id: assignmentId },
        select: { lesson: { select: { course: { select: { versionId: true } } } } },
      })
    ).lesson.course.versionId;
    expect(await db.hot.finishTarget(id)).toEqual({ state: "in_progress", grade: null, versionId });
    expect(await db.hot.closeAttempt(id, "submitting")).toBe("submitting");
    // Closed already (say, by the sweep): the state it was closed in.
    expect(await db.hot.closeAttempt(id, "overdue")).toBe("submitting");
    expect(await db.hot.closeAttempt("no-such-attempt", "overdue")).toBeNull();
    const gradedAt = new Date("2026-03-02T09:30:00.250Z");
    const grade = {
      attemptId: id,
      score: 1,
      maxScore: 1,
      gradedAt,
      state: "finished",
      fraction: 1,
      regrades: [{ responseId: response.id, score: 1, correct: true, feedback: "new ✓" }],
      outbox: { createdAt: gradedAt, retryAt: gradedAt },
    };
    expect(await db.hot.recordGrade(grade)).toBe("recorded");
    expect(await db.hot.recordGrade({ ...grade, score: 0 })).toBe("taken");
    const stored = await db.read.attempt.findUniqueOrThrow({
      where: { id },
      select: {
        state: true,
        finishedAt: true,
        score: true,
        grade: { select: { score: true, maxScore: true, gradedAt: true } },
        learningOutbox: { select: { createdAt: true, retryAt: true, failures: true } },
        responses: { select: { score: true, correct: true, feedback: true } },
      },
    });
    expect(stored).toEqual({
      state: "finished",
      finishedAt: gradedAt,
      score: 1,
      grade: { score: 1, maxScore: 1, gradedAt },
      learningOutbox: { createdAt: gradedAt, retryAt: gradedAt, failures: 0 },
      responses: [{ score: 1, correct: true, feedback: "new ✓" }],
    });
    expect(await db.hot.finishTarget(id)).toEqual({
      state: "finished",
      grade: { score: 1, maxScore: 1 },
      versionId,
    });
    await db.write((c) => c.attempt.delete({ where: { id } }));
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
    const sortCells = (book: Awaited<ReturnType<typeof db.hot.gradebook>>) =>
      book && {
        ...book,
        cells: [...book.cells].sort((x, y) =>
          x.userId + x.assignmentId < y.userId + y.assignmentId ? -1 : 1,
        ),
      };
    const hot = sortCells(await db.hot.gradebook(klass.id));
    expect(hot).toEqual(sortCells(await gradebookViaPrisma(db, klass.id)));
    expect(hot?.assignments.map((a) => a.title)).toEqual(["A1", "A0"]);
    expect(hot?.cells.find((c) => c.userId === s0)).toMatchObject({ best: 0.9, attempts: 2 });
    expect(hot?.cells.find((c) => c.userId === s1)).toMatchObject({ best: 0, attempts: 1 });
    expect(hot?.cells).toHaveLength(3);
    expect(await db.hot.gradebook("no-such-class")).toBeNull();
  });
});

/** The gradebook read as Prisma queries: what the hot path's statements must match. */
async function gradebookViaPrisma(db: Db, classId: string) {
  const [found, students, assignments, cells] = await Promise.all([
    db.read.class.findUnique({
      where: { id: classId },
      select: { id: true, name: true, instructorId: true },
    }),
    db.read.enrolment.findMany({
      where: { classId },
      orderBy: [{ user: { name: "asc" } }, { userId: "asc" }],
      select: { user: { select: { id: true, name: true, email: true } } },
    }),
    db.read.assignment.findMany({
      where: { classId },
      orderBy: [{ dueAt: "asc" }, { id: "asc" }],
      select: { id: true, title: true, dueAt: true },
    }),
    db.read.attempt.groupBy({
      by: ["userId", "assignmentId"],
      where: { assignment: { classId }, state: "finished" },
      _max: { score: true },
      _count: { _all: true },
    }),
  ]);
  if (!found) return null;
  return {
    class: found,
    students: students.map((e) => e.user),
    assignments,
    cells: cells.map((c) => ({
      userId: c.userId,
      assignmentId: c.assignmentId,
      best: Math.max(c._max.score ?? 0, 0),
      attempts: c._count._all,
    })),
  };
}
