import type { Question } from "@groundwork/quiz-engine";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testProviders } from "../../test/databases.ts";
import { createWorld, someResponse, type World } from "../../test/world.ts";
import { releaseHeldAttempts } from "../domain/attempts/index.ts";
import { factOf } from "../testing.ts";
import { AttemptViewSchema } from "./schemas.ts";

const day = 86_400_000;

/**
 * `attempt.byId` is served without tRPC's output validation (it is the largest answer of exam day,
 * built by the server itself, and re-validating it was 8 % of a start's CPU). This is the guard in
 * its place: every view a student can be sent, of every question type, before answering, answered,
 * and with its results, is exactly what AttemptViewSchema allows: nothing missing, nothing extra (the
 * schema would strip a key-like field; here it would fail the comparison).
 */
describe.each(testProviders())("the attempt view's shape on %s", (provider) => {
  let world: World;
  let classId: string;
  let lessons: Array<{ id: string }>;
  let students = 0;

  beforeAll(async () => {
    world = await createWorld(provider);
    const { db } = world.database;
    const [klass] = await world.as(world.users.instructor).class.list();
    classId = klass?.id ?? "";
    const course = await db.read.course.findFirstOrThrow({
      where: { version: { status: "published" } },
      select: { versionId: true, lessons: { orderBy: { position: "asc" }, select: { id: true, key: true } } },
    });
    const asked = await db.read.question.findMany({
      where: { versionId: course.versionId },
      select: { lessonKey: true },
      distinct: ["lessonKey"],
    });
    // The lessons with a bank (the demo has lessons without questions).
    lessons = course.lessons.filter((l) => asked.some((q) => q.lessonKey === l.key));
    // The demo bank need not hold every type (it has no matching question, and a select-all list only
    // where its statements stand alone): add each missing one, as an importer would, before anything
    // is cached.
    const lessonKey = course.lessons[0]?.key ?? "";
    const ref = (
      await db.read.question.findFirstOrThrow({
        where: { versionId: course.versionId, lessonKey },
        select: { payload: true },
      })
    ).payload as unknown as Question;
    const common = { sourceRefs: ref.sourceRefs, conceptIds: [], difficulty: 0.4, inQuizSet: true };
    const authored: Question[] = [
      {
        ...common,
        id: "view-match",
        type: "matching",
        stem: "Match each pair.",
        left: [
          { id: "la", text: "Left one" },
          { id: "lb", text: "Left two" },
        ],
        right: [
          { id: "ra", text: "Right one" },
          { id: "rb", text: "Right two" },
        ],
        key: { la: "ra", lb: "rb" },
        generator: "author.matching",
      },
      {
        ...common,
        id: "view-select-all",
        type: "multiple_choice",
        stem: "Which of these does the source say? Select all that apply.",
        options: [
          { id: "ma", text: "Statement one" },
          { id: "mb", text: "Statement two" },
          { id: "mc", text: "Statement three" },
        ],
        key: ["ma", "mc"],
        generator: "author.multiple_choice",
      },
    ];
    const present = new Set(
      (
        await db.read.question.findMany({ where: { versionId: course.versionId }, select: { type: true } })
      ).map((q) => q.type),
    );
    for (const question of authored.filter((q) => !present.has(q.type))) {
      await db.write((c) =>
        c.question.create({
          data: {
            versionId: course.versionId,
            key: question.id,
            factKey: factOf(question),
            lessonKey,
            type: question.type,
            status: "accepted",
            payload: question as never,
            gate: { passed: true, failures: [] },
            variant: 100,
          },
        }),
      );
    }
  }, 180_000);
  afterAll(() => world.drop());

  const expectSchemaShape = (view: unknown) => expect(view).toStrictEqual(AttemptViewSchema.parse(view));
  /**
   * The view from the questions this process holds (held-questions.ts: only the attempt and its answers
   * are read), checked against the view read in full once they are let go: the same, ids and all.
   */
  const viewBothWays = async (caller: ReturnType<World["as"]>, attemptId: string) => {
    const held = await caller.attempt.byId({ attemptId });
    releaseHeldAttempts();
    const read = await caller.attempt.byId({ attemptId });
    expect(held).toStrictEqual(read);
    return read;
  };

  it.each(["immediate", "after_submit", "after_due"] as const)(
    "is exactly the schema's shape under %s feedback, before, while and after answering",
    async (feedbackPolicy) => {
      const seen = new Set<string>();
      for (const lesson of lessons) {
        const user = await world.addUser("student", `View ${++students}`);
        await world.as(world.users.instructor).class.enrol({ classId, emails: [user.email] });
        const caller = world.as(user);
        const assignment = await world.as(world.users.instructor).assignment.create({
          classId,
          lessonId: lesson.id,
          opensAt: new Date(world.clock.current.getTime() - 60_000),
          dueAt: new Date(world.clock.current.getTime() + (feedbackPolicy === "after_due" ? 1000 : 30 * day)),
          feedbackPolicy,
          questionCount: 50,
          attemptsAllowed: 1,
        });
        const attempt = await caller.attempt.start({ assignmentId: assignment.id });
        const fresh = await viewBothWays(caller, attempt.id);
        expectSchemaShape(fresh);
        for (const q of fresh.questions) {
          seen.add(q.question.type);
          await caller.attempt.save({
            attemptId: attempt.id,
            attemptQuestionId: q.attemptQuestionId,
            response: someResponse(q.question) as never,
            expectedRevision: 0,
          });
        }
        expectSchemaShape(await viewBothWays(caller, attempt.id));
        await caller.attempt.submit({ attemptId: attempt.id });
        world.clock.advance(2000); // past an after_due assignment's due date
        const done = await viewBothWays(caller, attempt.id);
        expect(done.feedbackVisible).toBe(true);
        expect(done.questions.every((q) => q.result !== null)).toBe(true);
        expectSchemaShape(done);
      }
      expect([...seen].sort()).toEqual([
        "cloze",
        "matching",
        "multiple_choice",
        "numeric",
        "ordering",
        "short_answer",
        "single_choice",
        "true_false",
      ]);
    },
    120_000,
  );
});
