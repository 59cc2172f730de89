import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testProviders } from "../../test/databases.ts";
import { createWorld, type World } from "../../test/world.ts";

// The gradebook is served from a cache while the class's stamp stays the same: every change that
// shows in it must move the stamp, read after read.
describe.each(testProviders())("the gradebook on %s", (provider) => {
  let world: World;
  let classId: string;
  let assignmentId: string;
  const read = () => world.as(world.users.instructor).assignment.gradebook({ classId });
  const cellOf = async (userId: string) =>
    (await read()).rows
      .find((r) => r.student.id === userId)
      ?.cells.find((c) => c.assignmentId === assignmentId);

  beforeAll(async () => {
    world = await createWorld(provider);
    const [klass] = await world.as(world.users.instructor).class.list();
    classId = klass?.id ?? "";
    const [assignment] = await world.as(world.users.instructor).assignment.listByClass({ classId });
    assignmentId = assignment?.id ?? "";
  }, 120_000);
  afterAll(() => world.drop());

  it("shows a grade as soon as the attempt is finished", async () => {
    const before = await cellOf(world.users.student.id);
    expect(await cellOf(world.users.student.id)).toEqual(before);
    const student = world.as(world.users.student);
    const attempt = await student.attempt.start({ assignmentId });
    expect((await cellOf(world.users.student.id))?.attempts).toBe(before?.attempts);
    await student.attempt.submit({ attemptId: attempt.id });
    const after = await cellOf(world.users.student.id);
    expect(after?.attempts).toBe((before?.attempts ?? 0) + 1);
    expect(after?.score).not.toBeNull();
  });

  it("follows enrolments, renamed students and edited assignments", async () => {
    const instructor = world.as(world.users.instructor);
    const newcomer = await world.addUser("student", "Newcomer");
    expect((await read()).rows.some((r) => r.student.id === newcomer.id)).toBe(false);
    await instructor.class.enrol({ classId, emails: [newcomer.email] });
    expect((await read()).rows.find((r) => r.student.id === newcomer.id)?.student.name).toBe("Newcomer");

    await world.database.db.write((c) =>
      c.user.update({ where: { id: newcomer.id }, data: { name: "Renamed" }, select: { id: true } }),
    );
    expect((await read()).rows.find((r) => r.student.id === newcomer.id)?.student.name).toBe("Renamed");

    await instructor.class.removeStudent({ classId, userId: newcomer.id });
    expect((await read()).rows.some((r) => r.student.id === newcomer.id)).toBe(false);

    const settings = await instructor.assignment.byId({ assignmentId });
    await instructor.assignment.update({
      assignmentId,
      title: "Renamed quiz",
      opensAt: settings.opensAt,
      dueAt: settings.dueAt,
      attemptsAllowed: settings.attemptsAllowed,
      timeLimitMinutes: null,
      feedbackPolicy: "after_submit",
      questionCount: settings.questionCount,
    });
    expect((await read()).assignments.find((a) => a.id === assignmentId)?.title).toBe("Renamed quiz");
  });

  it("is nobody else's to read", async () => {
    const other = await world.addUser("instructor", "Other");
    await expect(world.as(other).assignment.gradebook({ classId })).rejects.toThrow(/No such class/);
    await expect(
      world.as(world.users.instructor).assignment.gradebook({ classId: "no-such-class" }),
    ).rejects.toThrow(/No such class/);
  });
});
