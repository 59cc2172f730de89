import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testProviders } from "../../test/databases.ts";
import { createCaller, createWorld, someResponse, type World } from "../../test/world.ts";
import { deadlineGraceMs } from "../domain/attempts/index.ts";

const keyLike = /"(key|accepted|correct|explanation|feedback|rejected)"\s*:/;

describe.each(testProviders())("attempts on %s", (provider) => {
  let world: World;
  let assignmentId: string;
  beforeAll(async () => {
    world = await createWorld(provider);
    const [first] = await world.as(world.users.student).progress.assignments();
    assignmentId = first?.id ?? "";
  }, 120_000);
  afterAll(() => world.drop());

  it("walks a whole attempt without ever sending a key before grading", async () => {
    const student = world.as(world.users.student);
    const seen: unknown[] = [];
    const started = await student.attempt.start({ assignmentId });
    seen.push(started, await student.progress.assignments());
    const view = await student.attempt.byId({ attemptId: started.id });
    seen.push(view);
    expect(view.questions.length).toBeGreaterThan(0);
    for (const q of view.questions) {
      const saved = await student.attempt.save({
        attemptId: view.id,
        attemptQuestionId: q.attemptQuestionId,
        response: someResponse(q.question) as never,
        expectedRevision: 0,
        timeOnQuestionMs: 4000,
      });
      seen.push(saved);
      expect(saved.result).toBeNull(); // after_submit: no correctness while answering
    }
    seen.push(await student.attempt.byId({ attemptId: started.id }));
    for (const response of seen) expect(JSON.stringify(response)).not.toMatch(keyLike);

    const submitted = await student.attempt.submit({ attemptId: started.id });
    expect(submitted.state).toBe("finished");
    expect(submitted.score).toBeGreaterThanOrEqual(0);
    const results = await student.attempt.byId({ attemptId: started.id });
    expect(results.feedbackVisible).toBe(true);
    for (const q of results.questions) {
      expect(q.result?.sourceRefs.length).toBeGreaterThan(0);
      expect(q.result?.feedback).toBeTruthy();
    }
  });

  it("asks about each fact once in a quiz", async () => {
    const { factOf } = await import("../testing.ts");
    const rows = await world.database.db.read.attemptQuestion.findMany({
      where: { attempt: { assignmentId, userId: world.users.student.id } },
      select: { attemptId: true, snapshot: true },
    });
    expect(rows.length).toBeGreaterThan(0);
    const perAttempt = new Map<string, string[]>();
    for (const row of rows)
      perAttempt.set(row.attemptId, [...(perAttempt.get(row.attemptId) ?? []), factOf(row.snapshot)]);
    for (const facts of perAttempt.values()) expect(new Set(facts).size).toBe(facts.length);
  });

  it("gives fresh variants on a retry", async () => {
    const student = world.as(world.users.student);
    const second = await student.attempt.start({ assignmentId });
    expect(second.number).toBe(2);
    const view = await student.attempt.byId({ attemptId: second.id });
    const first = (await student.progress.assignments())[0]?.attempts[0];
    const firstView = await student.attempt.byId({ attemptId: first?.id ?? "" });
    const stems = (v: typeof view) =>
      v.questions.map((q) => `${q.question.id}|${q.question.stem}`).join("\n");
    expect(stems(view)).not.toBe(stems(firstView));
    await student.attempt.submit({ attemptId: second.id });
  });

  it("refuses a stale save and keeps the newer answer", async () => {
    const student = world.as(world.users.student);
    const attempt = await student.attempt.start({ assignmentId });
    const view = await student.attempt.byId({ attemptId: attempt.id });
    const q = view.questions[0];
    if (!q) throw new Error("no question");
    const response = someResponse(q.question) as never;
    const first = await student.attempt.save({
      attemptId: attempt.id,
      attemptQuestionId: q.attemptQuestionId,
      response,
      expectedRevision: 0,
      timeOnQuestionMs: 1,
    });
    expect(first.revision).toBe(1);
    await student.attempt.save({
      attemptId: attempt.id,
      attemptQuestionId: q.attemptQuestionId,
      response,
      expectedRevision: 1,
      timeOnQuestionMs: 1,
    });
    await expect(
      student.attempt.save({
        attemptId: attempt.id,
        attemptQuestionId: q.attemptQuestionId,
        response,
        expectedRevision: 1,
        timeOnQuestionMs: 1,
      }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
    const after = await student.attempt.byId({ attemptId: attempt.id });
    expect(after.questions[0]?.response?.revision).toBe(2);
    await student.attempt.submit({ attemptId: attempt.id });
  });

  it("refuses a fourth attempt when three are allowed", async () => {
    await expect(world.as(world.users.student).attempt.start({ assignmentId })).rejects.toMatchObject({
      code: "FORBIDDEN",
    });
  });

  it("enforces a time limit by the server clock, then the sweep grades the attempt once", async () => {
    const instructor = world.as(world.users.instructor);
    const [klass] = await instructor.class.list();
    const course = (await world.as(world.users.student).course.list())[0];
    const detail = await world.as(world.users.student).course.byId({ courseId: course?.id ?? "" });
    const timed = await instructor.assignment.create({
      classId: klass?.id ?? "",
      lessonId: detail.lessons[1]?.id ?? detail.lessons[0]?.id ?? "",
      opensAt: new Date(world.clock.current.getTime() - 1000),
      dueAt: new Date(world.clock.current.getTime() + 86_400_000),
      timeLimitMinutes: 5,
      feedbackPolicy: "immediate",
      questionCount: 3,
    });
    const student = world.as(world.users.student);
    const attempt = await student.attempt.start({ assignmentId: timed.id });
    const view = await student.attempt.byId({ attemptId: attempt.id });
    expect(view.deadlineAt.getTime() - view.startedAt.getTime()).toBe(5 * 60 * 1000);
    const q = view.questions[0];
    if (!q) throw new Error("no question");
    const saved = await student.attempt.save({
      attemptId: attempt.id,
      attemptQuestionId: q.attemptQuestionId,
      response: someResponse(q.question) as never,
      expectedRevision: 0,
      timeOnQuestionMs: 1000,
    });
    expect(saved.result).not.toBeNull(); // immediate feedback
    world.clock.advance(6 * 60 * 1000);
    await expect(
      student.attempt.save({
        attemptId: attempt.id,
        attemptQuestionId: q.attemptQuestionId,
        response: someResponse(q.question) as never,
        expectedRevision: 1,
        timeOnQuestionMs: 1,
      }),
    ).rejects.toMatchObject({ code: "PRECONDITION_FAILED", message: expect.stringMatching(/Time is up/) });
    const { sweepOverdueAttempts } = await import("../domain/attempts/index.ts");
    // A sweep told to stop (the process shutting down) closes the attempt but grades nothing.
    const stopped = new AbortController();
    stopped.abort();
    expect(await sweepOverdueAttempts(world.database.db, world.clock.now(), undefined, stopped.signal)).toBe(
      0,
    );
    expect(await world.database.db.read.grade.count({ where: { attemptId: attempt.id } })).toBe(0);
    expect(await sweepOverdueAttempts(world.database.db, world.clock.now())).toBe(1);
    expect(await sweepOverdueAttempts(world.database.db, world.clock.now())).toBe(0);
    const after = await student.attempt.byId({ attemptId: attempt.id });
    expect(after.state).toBe("finished");
    expect(await world.database.db.read.grade.count({ where: { attemptId: attempt.id } })).toBe(1);
  });

  it("takes an answer that arrived before the deadline, however late it is processed", async () => {
    const instructor = world.as(world.users.instructor);
    const [klass] = await instructor.class.list();
    const student = await world.addUser("student", "Queued Quinn");
    await instructor.class.enrol({ classId: klass?.id ?? "", emails: [student.email] });
    const course = (await world.as(student).course.list())[0];
    const detail = await world.as(student).course.byId({ courseId: course?.id ?? "" });
    const timed = await instructor.assignment.create({
      classId: klass?.id ?? "",
      lessonId: detail.lessons[0]?.id ?? "",
      opensAt: new Date(world.clock.current.getTime() - 1000),
      dueAt: new Date(world.clock.current.getTime() + 86_400_000),
      timeLimitMinutes: 1,
      feedbackPolicy: "after_submit",
      questionCount: 2,
    });
    const attempt = await world.as(student).attempt.start({ assignmentId: timed.id });
    const view = await world.as(student).attempt.byId({ attemptId: attempt.id });
    const [first, second] = view.questions;
    if (!first || !second) throw new Error("two questions expected");
    const answer = (q: typeof first) => ({
      attemptId: attempt.id,
      attemptQuestionId: q.attemptQuestionId,
      response: someResponse(q.question) as never,
      expectedRevision: 0,
    });
    // Processed 10 s past the deadline, after arriving 1 s before it: stored.
    world.clock.advance(view.deadlineAt.getTime() + deadlineGraceMs + 10_000 - world.clock.current.getTime());
    const queued = createCaller({
      db: world.database.db,
      now: world.clock.now,
      receivedAt: new Date(view.deadlineAt.getTime() - 1000),
      user: student,
    });
    expect(await queued.attempt.save(answer(first))).toMatchObject({ revision: 1 });
    // Arrived after the deadline and its grace: refused, whenever it is processed.
    const late = createCaller({
      db: world.database.db,
      now: world.clock.now,
      receivedAt: new Date(view.deadlineAt.getTime() + deadlineGraceMs + 1),
      user: student,
    });
    await expect(late.attempt.save(answer(second))).rejects.toMatchObject({ code: "PRECONDITION_FAILED" });
  });

  it("50 parallel starts give one attempt, 50 parallel submits one grade", async () => {
    const student = await world.addUser("student", "Parallel Pat");
    const instructor = world.as(world.users.instructor);
    const [klass] = await instructor.class.list();
    await instructor.class.enrol({ classId: klass?.id ?? "", emails: [student.email] });
    const caller = world.as(student);
    const starts = await Promise.all(
      Array.from({ length: 50 }, () => caller.attempt.start({ assignmentId })),
    );
    expect(new Set(starts.map((s) => s.id)).size).toBe(1);
    const attemptId = starts[0]?.id ?? "";
    const submits = await Promise.allSettled(
      Array.from({ length: 50 }, () => caller.attempt.submit({ attemptId })),
    );
    expect(submits.every((s) => s.status === "fulfilled")).toBe(true);
    expect(await world.database.db.read.grade.count({ where: { attemptId } })).toBe(1);
    expect(await world.database.db.read.attempt.count({ where: { userId: student.id } })).toBe(1);
  });

  it("200 concurrent saves from 20 students are all stored", async () => {
    const instructor = world.as(world.users.instructor);
    const [klass] = await instructor.class.list();
    const students = await Promise.all(
      Array.from({ length: 20 }, (_, i) => world.addUser("student", `Saver ${i}`)),
    );
    await instructor.class.enrol({ classId: klass?.id ?? "", emails: students.map((s) => s.email) });
    const views = await Promise.all(
      students.map(async (s) => {
        const caller = world.as(s);
        const attempt = await caller.attempt.start({ assignmentId });
        return { caller, view: await caller.attempt.byId({ attemptId: attempt.id }) };
      }),
    );
    const saves = views.flatMap(({ caller, view }) =>
      view.questions.slice(0, 10).map((q) =>
        caller.attempt.save({
          attemptId: view.id,
          attemptQuestionId: q.attemptQuestionId,
          response: someResponse(q.question) as never,
          expectedRevision: 0,
          timeOnQuestionMs: 100,
        }),
      ),
    );
    const results = await Promise.allSettled(saves);
    const acknowledged = results.filter((r) => r.status === "fulfilled").length;
    expect(acknowledged).toBe(saves.length);
    const stored = await world.database.db.read.attemptResponse.count({
      where: { attempt: { userId: { in: students.map((s) => s.id) } } },
    });
    expect(stored).toBe(acknowledged);
    expect(saves.length).toBeGreaterThanOrEqual(180);
  });

  it("shows the instructor the result in the gradebook, statistics and CSV", async () => {
    const instructor = world.as(world.users.instructor);
    const [klass] = await instructor.class.list();
    const book = await instructor.assignment.gradebook({ classId: klass?.id ?? "" });
    const row = book.rows.find((r) => r.student.id === world.users.student.id);
    const cell = row?.cells.find((c) => c.assignmentId === assignmentId);
    expect(cell?.attempts).toBe(3);
    expect(cell?.score).not.toBeNull();
    const stats = await instructor.assignment.statistics({ assignmentId });
    expect(stats.items.length).toBeGreaterThan(0);
    expect(stats.items.every((i) => i.source !== null)).toBe(true);
    const { csv } = await instructor.assignment.gradebookCsv({ classId: klass?.id ?? "" });
    expect(csv.split("\r\n")[0]).toMatch(/^"Name","Email",.*"Quiz: /);
    expect(csv).toContain(world.users.student.email);
  });

  it("fills the student's mastery and review queue after grading", async () => {
    const student = world.as(world.users.student);
    const mastery = await student.progress.mastery();
    expect(mastery.length).toBeGreaterThan(0);
    expect(mastery.every((m) => m.mastery >= 0 && m.mastery <= 1)).toBe(true);
    world.clock.advance(60 * 86_400_000);
    const due = await student.review.due({ limit: 5 });
    expect(due.total).toBeGreaterThan(0);
    const item = due.items[0];
    if (!item) throw new Error("nothing due");
    expect(JSON.stringify(item)).not.toMatch(keyLike);
    const answered = await student.review.answer({
      cardId: item.cardId,
      response: someResponse(item.question) as never,
      timeOnQuestionMs: 5000,
    });
    expect(answered.nextDue.getTime()).toBeGreaterThan(world.clock.current.getTime());
  });
});
