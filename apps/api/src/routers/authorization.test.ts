import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testProviders } from "../../test/databases.ts";
import { createWorld, someResponse, type World } from "../../test/world.ts";
import { appRouter } from "../router.ts";
import type { SessionUser } from "../trpc.ts";

type Actor =
  | "anonymous"
  | "student"
  | "otherStudent"
  | "instructor"
  | "otherInstructor"
  | "author"
  | "otherAuthor"
  | "admin";
const actors: Actor[] = [
  "anonymous",
  "student",
  "otherStudent",
  "instructor",
  "otherInstructor",
  "author",
  "otherAuthor",
  "admin",
];

interface Resources {
  assignmentId: string;
  /** The demo assignment's settings as assignment.update takes them (updating changes nothing). */
  assignmentSettings: Record<string, unknown>;
  attemptId: string;
  attemptQuestionId: string;
  response: unknown;
  cardId: string;
  classId: string;
  inviteCode: string;
  courseId: string;
  lessonId: string;
  passageKey: string;
  publishedVersionId: string;
  draftVersionId: string;
  draftQuestionId: string;
  targetUserId: string;
}

type Rule = {
  allowed: Actor[];
  input: (r: Resources) => unknown;
  /** Restores what an earlier allowed call used up, so each allowed actor meets the same state. */
  prepare?: (world: World, r: Resources) => Promise<unknown>;
};

const students: Actor[] = ["student", "otherStudent", "instructor", "otherInstructor", "admin"];
const signedIn: Actor[] = actors.filter((a) => a !== "anonymous");

/**
 * Every procedure, who may call it on resources owned by the demo student, instructor and author,
 * and with what input. A procedure missing here fails the first test.
 */
const matrix: Record<string, Rule> = {
  "account.me": { allowed: actors, input: () => undefined },
  "course.list": { allowed: signedIn, input: () => undefined },
  "course.byId": { allowed: signedIn, input: (r) => ({ courseId: r.courseId }) },
  "lesson.byId": { allowed: signedIn, input: (r) => ({ lessonId: r.lessonId }) },
  "lesson.source": { allowed: signedIn, input: (r) => ({ courseId: r.courseId, passageId: r.passageKey }) },
  "progress.assignments": { allowed: students, input: () => undefined },
  "progress.mastery": { allowed: students, input: () => undefined },
  "review.due": { allowed: students, input: () => ({ limit: 5 }) },
  "review.answer": {
    allowed: ["student"],
    input: (r) => ({ cardId: r.cardId, response: "x", timeOnQuestionMs: 1 }),
  },
  "attempt.start": { allowed: ["student"], input: (r) => ({ assignmentId: r.assignmentId }) },
  "attempt.byId": { allowed: ["student"], input: (r) => ({ attemptId: r.attemptId }) },
  "attempt.save": {
    allowed: ["student"],
    input: (r) => ({
      attemptId: r.attemptId,
      attemptQuestionId: r.attemptQuestionId,
      response: r.response,
      expectedRevision: 0,
      timeOnQuestionMs: 1,
    }),
  },
  "attempt.submit": { allowed: ["student"], input: (r) => ({ attemptId: r.attemptId }) },
  "class.list": { allowed: ["instructor", "otherInstructor", "admin"], input: () => undefined },
  "class.byId": { allowed: ["instructor", "admin"], input: (r) => ({ classId: r.classId }) },
  "class.create": {
    allowed: ["instructor", "otherInstructor", "admin"],
    input: () => ({ name: "Matrix class" }),
  },
  "class.join": { allowed: students, input: (r) => ({ inviteCode: r.inviteCode }) },
  "class.enrol": {
    allowed: ["instructor", "admin"],
    input: (r) => ({ classId: r.classId, emails: ["nobody@example.test"] }),
  },
  "class.removeStudent": {
    allowed: ["instructor", "admin"],
    input: (r) => ({ classId: r.classId, userId: r.targetUserId }),
    prepare: async (world, r) => {
      const target = await world.database.db.read.user.findUniqueOrThrow({
        where: { id: r.targetUserId },
        select: { email: true },
      });
      return world.as(world.users.instructor).class.enrol({ classId: r.classId, emails: [target.email] });
    },
  },
  "assignment.create": {
    allowed: ["instructor", "admin"],
    input: (r) => ({
      classId: r.classId,
      lessonId: r.lessonId,
      opensAt: new Date("2026-03-01"),
      dueAt: new Date("2026-04-01"),
    }),
  },
  "assignment.byId": { allowed: ["instructor", "admin"], input: (r) => ({ assignmentId: r.assignmentId }) },
  "assignment.update": {
    allowed: ["instructor", "admin"],
    input: (r) => ({ assignmentId: r.assignmentId, ...r.assignmentSettings }),
  },
  // Refused as a conflict for allowed actors: the demo assignment has attempts.
  "assignment.delete": { allowed: ["instructor", "admin"], input: (r) => ({ assignmentId: r.assignmentId }) },
  "assignment.listByClass": { allowed: ["instructor", "admin"], input: (r) => ({ classId: r.classId }) },
  "assignment.gradebook": { allowed: ["instructor", "admin"], input: (r) => ({ classId: r.classId }) },
  "assignment.gradebookCsv": { allowed: ["instructor", "admin"], input: (r) => ({ classId: r.classId }) },
  "assignment.statistics": {
    allowed: ["instructor", "admin"],
    input: (r) => ({ assignmentId: r.assignmentId }),
  },
  "authoring.packages": { allowed: ["author", "otherAuthor", "admin"], input: () => undefined },
  "authoring.upload": {
    allowed: ["author", "otherAuthor", "admin"],
    input: () => ({ files: [{ path: "course.yaml", base64: Buffer.from("id: [").toString("base64") }] }),
  },
  "authoring.version": { allowed: ["author", "admin"], input: (r) => ({ versionId: r.publishedVersionId }) },
  "authoring.decide": {
    allowed: ["author", "admin"],
    input: (r) => ({ questionId: r.draftQuestionId, action: "accept" }),
  },
  "authoring.acceptQuizSet": {
    allowed: ["author", "admin"],
    input: (r) => ({ versionId: r.draftVersionId }),
  },
  "authoring.publish": { allowed: ["author", "admin"], input: (r) => ({ versionId: r.draftVersionId }) },
  "authoring.export": {
    allowed: ["author", "admin"],
    input: (r) => ({ versionId: r.publishedVersionId, format: "gift" }),
  },
  "authoring.newDraft": { allowed: ["author", "admin"], input: (r) => ({ versionId: r.publishedVersionId }) },
  "interop.importGift": {
    allowed: ["author", "admin"],
    input: (r) => ({
      versionId: r.draftVersionId,
      fileName: "q.gift",
      text: "Grant is buried in Grant's tomb. {F}",
    }),
  },
  "interop.importQti": {
    allowed: ["author", "admin"],
    input: (r) => ({
      versionId: r.draftVersionId,
      fileName: "q.xml",
      base64: Buffer.from("<questestinterop/>").toString("base64"),
    }),
  },
  "interop.needsSource": { allowed: ["author", "admin"], input: (r) => ({ versionId: r.draftVersionId }) },
  "interop.confirmSource": {
    allowed: ["author", "admin"],
    input: (r) => ({ questionId: r.draftQuestionId, passageId: r.passageKey }),
  },
  "admin.users": { allowed: ["admin"], input: () => ({}) },
  "admin.createUser": {
    allowed: ["admin"],
    input: () => ({
      email: `matrix-${Math.random().toString(36).slice(2)}@example.test`,
      name: "Matrix",
      role: "student",
      password: "a long enough password",
    }),
  },
  "admin.setRole": { allowed: ["admin"], input: (r) => ({ userId: r.targetUserId, role: "student" }) },
  "admin.setDisabled": { allowed: ["admin"], input: (r) => ({ userId: r.targetUserId, disabled: false }) },
};

const procedurePaths = Object.keys(
  (appRouter._def as unknown as { procedures: Record<string, unknown> }).procedures,
).sort();
const deniedCodes = ["UNAUTHORIZED", "FORBIDDEN", "NOT_FOUND"];

async function call(world: World, user: SessionUser | null, path: string, input: unknown) {
  const [ns, name] = path.split(".") as [string, string];
  const caller = world.as(user) as unknown as Record<
    string,
    Record<string, (i: unknown) => Promise<unknown>>
  >;
  const fn = caller[ns]?.[name];
  if (!fn) throw new Error(`no procedure ${path}`);
  return fn(input);
}

describe("the authorisation matrix", () => {
  it("names every procedure of the router, and nothing else", () => {
    expect(Object.keys(matrix).sort()).toEqual(procedurePaths);
  });
});

describe.each(testProviders())("authorisation on %s", (provider) => {
  let world: World;
  let resources: Resources;
  const users = {} as Record<Actor, SessionUser | null>;

  beforeAll(async () => {
    world = await createWorld(provider);
    users.anonymous = null;
    users.student = world.users.student;
    users.instructor = world.users.instructor;
    users.author = world.users.author;
    users.admin = world.users.admin;
    users.otherStudent = await world.addUser("student", "Other Student");
    users.otherInstructor = await world.addUser("instructor", "Other Instructor");
    users.otherAuthor = await world.addUser("author", "Other Author");
    const target = await world.addUser("student", "Target");

    const student = world.as(world.users.student);
    const [assignment] = await student.progress.assignments();
    const attempt = await student.attempt.start({ assignmentId: assignment?.id ?? "" });
    const view = await student.attempt.byId({ attemptId: attempt.id });
    const [finishedQ, openQ] = view.questions;
    // A finished attempt leaves a review card; a second, open attempt is the one under test.
    await student.attempt.save({
      attemptId: attempt.id,
      attemptQuestionId: finishedQ?.attemptQuestionId ?? "",
      response: someResponse(finishedQ?.question ?? { type: "x" }) as never,
      expectedRevision: 0,
      timeOnQuestionMs: 1,
    });
    await student.attempt.submit({ attemptId: attempt.id });
    const open = await student.attempt.start({ assignmentId: assignment?.id ?? "" });
    const openView = await student.attempt.byId({ attemptId: open.id });
    const card = await world.database.db.read.reviewCard.findFirst({
      where: { userId: world.users.student.id },
      select: { id: true },
    });
    const [klass] = await world.as(world.users.instructor).class.list();
    await world.as(world.users.instructor).class.enrol({ classId: klass?.id ?? "", emails: [target.email] });
    const [course] = await student.course.list();
    const detail = await student.course.byId({ courseId: course?.id ?? "" });
    const lesson = await student.lesson.byId({ lessonId: detail.lessons[0]?.id ?? "" });
    const [pkg] = await world.as(world.users.author).authoring.packages();
    const published = pkg?.versions.find((v) => v.status === "published");
    const draft = await world.as(world.users.author).authoring.newDraft({ versionId: published?.id ?? "" });
    const draftDetail = await world.as(world.users.author).authoring.version({ versionId: draft.id });
    const settings = await world
      .as(world.users.instructor)
      .assignment.byId({ assignmentId: assignment?.id ?? "" });
    resources = {
      assignmentId: assignment?.id ?? "",
      assignmentSettings: {
        title: settings.title,
        opensAt: settings.opensAt,
        dueAt: settings.dueAt,
        attemptsAllowed: settings.attemptsAllowed,
        timeLimitMinutes: settings.timeLimitSeconds === null ? null : settings.timeLimitSeconds / 60,
        feedbackPolicy: settings.feedbackPolicy,
        questionCount: settings.questionCount,
      },
      attemptId: open.id,
      attemptQuestionId: openView.questions[0]?.attemptQuestionId ?? openQ?.attemptQuestionId ?? "",
      response: someResponse(openView.questions[0]?.question ?? { type: "x" }),
      cardId: card?.id ?? "",
      classId: klass?.id ?? "",
      inviteCode: "DEMO2025",
      courseId: course?.id ?? "",
      lessonId: lesson.id,
      passageKey: lesson.passages[0]?.key ?? "",
      publishedVersionId: published?.id ?? "",
      draftVersionId: draft.id,
      draftQuestionId: draftDetail.questions[0]?.id ?? "",
      targetUserId: target.id,
    };
    for (const [key, value] of Object.entries(resources))
      if (value === "") throw new Error(`fixture ${key} is empty`);
    // The matrix's first call to assignment.delete must meet attempts, or it would delete the fixture.
    expect(settings.attemptCount).toBeGreaterThan(0);
  }, 180_000);
  afterAll(() => world.drop());

  it("refuses every actor outside a procedure's allowed set with 401, 403 or 404", async () => {
    const leaks: string[] = [];
    for (const path of procedurePaths) {
      const rule = matrix[path];
      if (!rule) continue;
      for (const actor of actors.filter((a) => !rule.allowed.includes(a))) {
        try {
          await call(world, users[actor], path, rule.input(resources));
          leaks.push(`${actor} called ${path}`);
        } catch (error) {
          const code = (error as { code?: string }).code ?? "";
          if (!deniedCodes.includes(code))
            leaks.push(`${actor} on ${path}: ${code} ${(error as Error).message}`);
        }
      }
    }
    expect(leaks).toEqual([]);
  });

  it("lets every allowed actor through the access checks", async () => {
    const refused: string[] = [];
    for (const path of procedurePaths) {
      const rule = matrix[path];
      if (!rule) continue;
      for (const actor of rule.allowed) {
        await rule.prepare?.(world, resources);
        try {
          await call(world, users[actor], path, rule.input(resources));
        } catch (error) {
          const code = (error as { code?: string }).code ?? "";
          // A rule of the domain may still say no (publishing a version twice); access may not.
          if (deniedCodes.includes(code) || code === "INTERNAL_SERVER_ERROR")
            refused.push(`${actor} on ${path}: ${code} ${(error as Error).message}`);
        }
      }
    }
    expect(refused).toEqual([]);
  });
});

/**
 * The learning-data and review procedures under each feedback policy: what the student who took a
 * quiz sees of its grade, before and after the due date, and that no one else sees it at all.
 */
describe.each(testProviders())("learning data and reviews under each feedback policy on %s", (provider) => {
  let world: World;
  beforeAll(async () => {
    world = await createWorld(provider);
  }, 180_000);
  afterAll(() => world.drop());

  it.each(["immediate", "after_submit", "after_due"] as const)("%s", async (feedbackPolicy) => {
    const instructor = world.as(world.users.instructor);
    const [klass] = await instructor.class.list();
    const owner = await world.addUser("student", `Owner ${feedbackPolicy}`);
    const other = await world.addUser("student", `Other ${feedbackPolicy}`);
    await instructor.class.enrol({ classId: klass?.id ?? "", emails: [owner.email, other.email] });
    const detail = await world.as(owner).course.byId({
      courseId: (await world.as(owner).course.list())[0]?.id ?? "",
    });
    const dueAt = new Date(world.clock.current.getTime() + 86_400_000);
    const assignment = await instructor.assignment.create({
      classId: klass?.id ?? "",
      lessonId: detail.lessons[0]?.id ?? "",
      opensAt: new Date(world.clock.current.getTime() - 60_000),
      dueAt,
      feedbackPolicy,
      questionCount: 6,
    });
    const student = world.as(owner);
    const attempt = await student.attempt.start({ assignmentId: assignment.id });
    const view = await student.attempt.byId({ attemptId: attempt.id });
    const saves = [];
    for (const q of view.questions) {
      saves.push(
        await student.attempt.save({
          attemptId: attempt.id,
          attemptQuestionId: q.attemptQuestionId,
          response: someResponse(q.question) as never,
          expectedRevision: 0,
          timeOnQuestionMs: 3000,
        }),
      );
    }
    expect(saves.every((s) => (s.result !== null) === (feedbackPolicy === "immediate"))).toBe(true);
    const submitted = await student.attempt.submit({ attemptId: attempt.id });

    const seen = async () => {
      const results = await student.attempt.byId({ attemptId: attempt.id });
      const listed = (await student.progress.assignments()).find((a) => a.id === assignment.id);
      const cards = await world.database.db.read.reviewCard.findMany({
        where: { userId: owner.id },
        select: { id: true },
      });
      return {
        results: results.questions.every((q) => q.result !== null),
        score: results.score !== null && listed?.attempts[0]?.score !== null,
        mastery: (await student.progress.mastery()).length > 0,
        // Far enough on for every card to be due, not past the due date.
        reviews: (await world.as(owner).review.due({ limit: 50 })).total,
        cards,
      };
    };
    const isHidden = feedbackPolicy === "after_due";
    expect(submitted.score === null).toBe(isHidden);
    world.clock.advance(60 * 60_000);
    const before = await seen();
    expect({ results: before.results, score: before.score, mastery: before.mastery }).toEqual({
      results: !isHidden,
      score: !isHidden,
      mastery: !isHidden,
    });
    expect(before.cards.length).toBe(isHidden ? 0 : view.questions.length);
    if (isHidden) expect(before.reviews).toBe(0);

    // No one else reaches the attempt or the cards, whatever the policy.
    const intruder = world.as(other);
    await expect(intruder.attempt.byId({ attemptId: attempt.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    await expect(intruder.attempt.submit({ attemptId: attempt.id })).rejects.toMatchObject({
      code: "NOT_FOUND",
    });
    for (const card of before.cards) {
      await expect(
        intruder.review.answer({ cardId: card.id, response: "x", timeOnQuestionMs: 1 }),
      ).rejects.toMatchObject({ code: "NOT_FOUND" });
    }
    expect(await intruder.progress.mastery()).toEqual([]);
    expect((await intruder.review.due({ limit: 50 })).total).toBe(0);

    // After the due date, and the sweep, everything is there under every policy.
    world.clock.current = new Date(dueAt.getTime() + 60_000);
    const { sweepOverdueAttempts } = await import("../domain/attempts/index.ts");
    await sweepOverdueAttempts(world.database.db, world.clock.now());
    const after = await seen();
    expect({ results: after.results, score: after.score, mastery: after.mastery }).toEqual({
      results: true,
      score: true,
      mastery: true,
    });
    expect(after.cards.length).toBe(view.questions.length);
  });
});
