import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testProviders } from "../../../test/databases.ts";
import { type Caller, createWorld, someResponse, type World } from "../../../test/world.ts";
import { storedJson } from "../../db/json.ts";
import { submitAttempt } from "../attempts/index.ts";
import { drainLearningOutbox, startLearningWriter } from "./index.ts";

/**
 * Issue 16: learning data is written after the grade commits, from a durable outbox, so a submit does
 * not wait for it and a process that dies in between loses nothing.
 */
describe.each(testProviders())("learning outbox on %s", (provider) => {
  let world: World;
  let classId: string;
  let lessonId: string;
  let students = 0;

  beforeAll(async () => {
    world = await createWorld(provider);
    const [klass] = await world.as(world.users.instructor).class.list();
    classId = klass?.id ?? "";
    const [assignment] = await world.as(world.users.student).progress.assignments();
    lessonId = assignment?.lesson.id ?? "";
  }, 120_000);
  afterAll(() => world.drop());

  /** A new student with every question of a fresh after_submit assignment answered, not yet submitted. */
  async function answeredAttempt(): Promise<{
    userId: string;
    caller: Caller;
    attemptId: string;
    count: number;
  }> {
    const user = await world.addUser("student", `Outbox ${++students}`);
    await world.as(world.users.instructor).class.enrol({ classId, emails: [user.email] });
    const assignment = await world.as(world.users.instructor).assignment.create({
      classId,
      lessonId,
      opensAt: new Date(world.clock.current.getTime() - 60_000),
      dueAt: new Date(world.clock.current.getTime() + 86_400_000),
      feedbackPolicy: "after_submit",
      questionCount: 5,
      attemptsAllowed: 1,
    });
    const caller = world.as(user);
    const attempt = await caller.attempt.start({ assignmentId: assignment.id });
    const view = await caller.attempt.byId({ attemptId: attempt.id });
    for (const q of view.questions) {
      await caller.attempt.save({
        attemptId: attempt.id,
        attemptQuestionId: q.attemptQuestionId,
        response: someResponse(q.question) as never,
        expectedRevision: 0,
        timeOnQuestionMs: 4000,
      });
    }
    return { userId: user.id, caller, attemptId: attempt.id, count: view.questions.length };
  }

  const learningOf = async (userId: string, attemptId: string) => {
    const { db } = world.database;
    return {
      cards: await db.read.reviewCard.count({ where: { userId } }),
      mastery: await db.read.mastery.count({ where: { userId } }),
      inOutbox: await db.read.learningOutbox.count({ where: { attemptId } }),
      learningAt: (
        await db.read.attempt.findUniqueOrThrow({ where: { id: attemptId }, select: { learningAt: true } })
      ).learningAt,
    };
  };

  it("commits the grade with its outbox row, and a later drain writes the data exactly once", async () => {
    const { db } = world.database;
    const { userId, attemptId, count } = await answeredAttempt();
    // The process dies right after the grade commits: the writer it told never runs.
    const told: string[] = [];
    const submitted = await submitAttempt(db, {
      userId,
      attemptId,
      now: world.clock.now(),
      onGraded: (id) => told.push(id),
    });
    expect(submitted.state).toBe("finished");
    expect(told).toEqual([attemptId]);
    expect(await learningOf(userId, attemptId)).toEqual({
      cards: 0,
      mastery: 0,
      inOutbox: 1,
      learningAt: null,
    });

    // Another instance (or the restarted one) drains: twice at once, and the data is written once.
    const released: string[] = [];
    const onReleased = (id: string) => released.push(id);
    await Promise.all([
      drainLearningOutbox(db, world.clock.now(), { limit: 10, onReleased }),
      drainLearningOutbox(db, world.clock.now(), { limit: 10, onReleased }),
    ]);
    expect(released).toEqual([attemptId]);
    const after = await learningOf(userId, attemptId);
    expect(after).toEqual({
      cards: count,
      mastery: after.mastery,
      inOutbox: 0,
      learningAt: world.clock.now(),
    });
    expect(after.mastery).toBeGreaterThan(0);
    expect(await drainLearningOutbox(db, world.clock.now(), { limit: 10, onReleased })).toBe(0);
    expect(released).toEqual([attemptId]);
  });

  it("the process's writer drains after a kick, without the submit waiting for it", async () => {
    const { db } = world.database;
    const released: string[] = [];
    const writer = startLearningWriter(db, { onReleased: (id) => released.push(id), batchSize: 2 });
    const attempts = [await answeredAttempt(), await answeredAttempt(), await answeredAttempt()];
    for (const a of attempts) {
      await submitAttempt(db, {
        userId: a.userId,
        attemptId: a.attemptId,
        now: world.clock.now(),
        onGraded: writer.kick,
      });
    }
    const until = Date.now() + 20_000;
    while (released.length < attempts.length && Date.now() < until)
      await new Promise((r) => setTimeout(r, 20));
    await writer.close();
    expect(released.sort()).toEqual(attempts.map((a) => a.attemptId).sort());
    for (const a of attempts) {
      expect((await learningOf(a.userId, a.attemptId)).cards).toBe(a.count);
    }
    expect(await db.read.learningOutbox.count()).toBe(0);
  });

  it("keeps a row whose write fails and tries it again after a back-off", async () => {
    const { db } = world.database;
    const { userId, attemptId, count } = await answeredAttempt();
    await submitAttempt(db, { userId, attemptId, now: world.clock.now(), onGraded: () => {} });
    // A snapshot the engine can no longer read: the write fails until it is repaired.
    const [first] = await db.read.attemptQuestion.findMany({
      where: { attemptId },
      select: { id: true, snapshot: true },
    });
    await db.write((c) =>
      c.attemptQuestion.update({ where: { id: first?.id ?? "" }, data: { snapshot: { broken: true } } }),
    );
    const errors = console.error;
    console.error = () => {};
    try {
      expect(await drainLearningOutbox(db, world.clock.now(), { limit: 10 })).toBe(1);
    } finally {
      console.error = errors;
    }
    const waiting = await db.read.learningOutbox.findUniqueOrThrow({
      where: { attemptId },
      select: { failures: true, retryAt: true },
    });
    expect(waiting.failures).toBe(1);
    expect(waiting.retryAt.getTime()).toBeGreaterThan(world.clock.current.getTime());
    expect(await drainLearningOutbox(db, world.clock.now(), { limit: 10 })).toBe(0);

    await db.write((c) =>
      c.attemptQuestion.update({
        where: { id: first?.id ?? "" },
        data: { snapshot: storedJson(first?.snapshot) },
      }),
    );
    expect(await drainLearningOutbox(db, waiting.retryAt, { limit: 10 })).toBe(1);
    expect((await learningOf(userId, attemptId)).cards).toBe(count);
  });
});
