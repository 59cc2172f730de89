import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testProviders } from "../../test/databases.ts";
import { createWorld, someResponse, type World } from "../../test/world.ts";
import { sweepOverdueAttempts } from "../domain/attempts/index.ts";

const hour = 3_600_000;

describe.each(testProviders())("editing and deleting assignments on %s", (provider) => {
  let world: World;
  let classId: string;
  let lessonId: string;
  beforeAll(async () => {
    world = await createWorld(provider);
    const [klass] = await world.as(world.users.instructor).class.list();
    classId = klass?.id ?? "";
    const [course] = await world.as(world.users.student).course.list();
    const detail = await world.as(world.users.student).course.byId({ courseId: course?.id ?? "" });
    lessonId = detail.lessons[0]?.id ?? "";
  }, 120_000);
  afterAll(() => world.drop());

  const assign = (settings: { dueInHours?: number; timeLimitMinutes?: number | null } = {}) =>
    world.as(world.users.instructor).assignment.create({
      classId,
      lessonId,
      title: "Week 3 quiz",
      opensAt: new Date(world.clock.now().getTime() - hour),
      dueAt: new Date(world.clock.now().getTime() + (settings.dueInHours ?? 24) * hour),
      timeLimitMinutes: settings.timeLimitMinutes ?? null,
      questionCount: 4,
    });
  const settingsOf = async (assignmentId: string) => {
    const {
      id: _id,
      lesson: _lesson,
      class: _class,
      attemptCount: _count,
      timeLimitSeconds,
      ...rest
    } = await world.as(world.users.instructor).assignment.byId({ assignmentId });
    return {
      ...rest,
      feedbackPolicy: rest.feedbackPolicy as "immediate" | "after_submit" | "after_due",
      timeLimitMinutes: timeLimitSeconds === null ? null : timeLimitSeconds / 60,
    };
  };
  const deadlineOf = async (attemptId: string) =>
    (
      await world.database.db.read.attempt.findUniqueOrThrow({
        where: { id: attemptId },
        select: { deadlineAt: true, state: true },
      })
    ).deadlineAt;

  it("moves the deadline of attempts in progress with the due date and the time limit", async () => {
    const { id } = await assign({ dueInHours: 2 });
    const student = world.as(world.users.student);
    const attempt = await student.attempt.start({ assignmentId: id });
    const dueAt = new Date(world.clock.now().getTime() + 2 * hour);
    expect(await deadlineOf(attempt.id)).toEqual(dueAt);

    const instructor = world.as(world.users.instructor);
    const later = new Date(world.clock.now().getTime() + 48 * hour);
    const before = await settingsOf(id);
    await instructor.assignment.update({
      assignmentId: id,
      ...before,
      dueAt: later,
      title: "Week 3 quiz (extended)",
    });
    expect(await deadlineOf(attempt.id)).toEqual(later);
    const listed = (await instructor.assignment.listByClass({ classId })).find((a) => a.id === id);
    expect(listed).toMatchObject({ title: "Week 3 quiz (extended)", dueAt: later });
    const [mine] = (await student.progress.assignments()).filter((a) => a.id === id);
    expect(mine?.dueAt).toEqual(later);

    // A time limit counts from each attempt's start, and never runs past the due date.
    await instructor.assignment.update({ assignmentId: id, ...before, dueAt: later, timeLimitMinutes: 30 });
    expect(await deadlineOf(attempt.id)).toEqual(new Date(world.clock.now().getTime() + 30 * 60_000));
  });

  it("starts new attempts with the new settings at once on this API process", async () => {
    const { id } = await assign({ dueInHours: 5 });
    const student = world.as(world.users.student);
    // A first start loads (and keeps) the settings; the student then finishes that attempt.
    const first = await student.attempt.start({ assignmentId: id });
    await student.attempt.submit({ attemptId: first.id });
    const instructor = world.as(world.users.instructor);
    const settings = await settingsOf(id);
    const dueAt = new Date(world.clock.now().getTime() + 3 * hour);
    await instructor.assignment.update({ assignmentId: id, ...settings, attemptsAllowed: 2, dueAt });
    const second = await student.attempt.start({ assignmentId: id });
    expect(second.number).toBe(2);
    expect(await deadlineOf(second.id)).toEqual(dueAt);
  });

  it("closes attempts in progress when the due date moves to now, and keeps grades", async () => {
    const { id } = await assign();
    const student = world.as(world.users.student);
    const attempt = await student.attempt.start({ assignmentId: id });
    const view = await student.attempt.byId({ attemptId: attempt.id });
    const [q] = view.questions;
    await student.attempt.save({
      attemptId: attempt.id,
      attemptQuestionId: q?.attemptQuestionId ?? "",
      response: someResponse(q?.question ?? { type: "x" }) as never,
      expectedRevision: 0,
      timeOnQuestionMs: 1000,
    });
    const settings = await settingsOf(id);
    await world
      .as(world.users.instructor)
      .assignment.update({ assignmentId: id, ...settings, dueAt: world.clock.now() });
    world.clock.advance(5000);
    await sweepOverdueAttempts(world.database.db, world.clock.now());
    const closed = await world.database.db.read.attempt.findUniqueOrThrow({
      where: { id: attempt.id },
      select: { state: true, score: true },
    });
    expect(closed.state).toBe("finished");
    expect(closed.score).not.toBeNull();
    await expect(
      student.attempt.save({
        attemptId: attempt.id,
        attemptQuestionId: q?.attemptQuestionId ?? "",
        response: someResponse(q?.question ?? { type: "x" }) as never,
        expectedRevision: 1,
        timeOnQuestionMs: 1000,
      }),
    ).rejects.toMatchObject({ code: "CONFLICT" });
  });

  it("changes the number of questions only before anyone starts", async () => {
    const { id } = await assign();
    const instructor = world.as(world.users.instructor);
    const settings = await settingsOf(id);
    await instructor.assignment.update({ assignmentId: id, ...settings, questionCount: 6 });
    expect((await settingsOf(id)).questionCount).toBe(6);
    await world.as(world.users.student).attempt.start({ assignmentId: id });
    await expect(
      instructor.assignment.update({ assignmentId: id, ...settings, questionCount: 3 }),
    ).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/^questionCount: 1 attempt\(s\) were drawn with 6 questions/),
    });
    await expect(
      instructor.assignment.update({
        assignmentId: id,
        ...settings,
        questionCount: 6,
        dueAt: settings.opensAt,
      }),
    ).rejects.toMatchObject({ code: "BAD_REQUEST", message: expect.stringMatching(/^dueAt:/) });
  });

  it("deletes an assignment nobody started, and refuses to lose anyone's work", async () => {
    const instructor = world.as(world.users.instructor);
    const unstarted = await assign();
    await instructor.assignment.delete({ assignmentId: unstarted.id });
    expect((await instructor.assignment.listByClass({ classId })).some((a) => a.id === unstarted.id)).toBe(
      false,
    );
    await expect(
      world.as(world.users.student).attempt.start({ assignmentId: unstarted.id }),
    ).rejects.toMatchObject({ code: "NOT_FOUND" });

    const started = await assign();
    const attempt = await world.as(world.users.student).attempt.start({ assignmentId: started.id });
    await expect(instructor.assignment.delete({ assignmentId: started.id })).rejects.toMatchObject({
      code: "CONFLICT",
      message: expect.stringMatching(/1 attempt\(s\).*set its due date to now/),
    });
    expect(await world.database.db.read.attempt.count({ where: { id: attempt.id } })).toBe(1);
  });

  it("hides another instructor's assignments", async () => {
    const { id } = await assign();
    const other = world.as(await world.addUser("instructor", "Someone Else"));
    await expect(other.assignment.byId({ assignmentId: id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    await expect(other.assignment.delete({ assignmentId: id })).rejects.toMatchObject({ code: "NOT_FOUND" });
    const settings = await settingsOf(id);
    await expect(other.assignment.update({ assignmentId: id, ...settings })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
  });
});
