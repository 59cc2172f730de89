import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testProviders } from "../../test/databases.ts";
import { createWorld, someResponse, type World } from "../../test/world.ts";
import { toJson } from "../db/json.ts";
import { type DrawItem, forgetBanks, loadBank } from "../domain/attempts/index.ts";
import { factOf } from "../testing.ts";

const day = 86_400_000;

/**
 * Issue 15: an assignment draws its lesson's default quiz set first, then the reserve by quality
 * score; a retry asks each fact again in a fresh variant, with a different answer where the bank has one.
 */
describe.each(testProviders())("drawing from the quiz set on %s", (provider) => {
  let world: World;
  let classId: string;
  let lesson: { id: string; key: string };
  let versionId: string;
  let setFacts: string[];
  let bestReserve: string[];
  let bank: ReadonlyArray<readonly DrawItem[]>;

  beforeAll(async () => {
    world = await createWorld(provider);
    const { db } = world.database;
    const [klass] = await world.as(world.users.instructor).class.list();
    classId = klass?.id ?? "";
    const [assignment] = await world.as(world.users.student).progress.assignments();
    const row = await db.read.lesson.findUniqueOrThrow({
      where: { id: assignment?.lesson.id ?? "" },
      select: { id: true, key: true, course: { select: { versionId: true } } },
    });
    lesson = { id: row.id, key: row.key };
    versionId = row.course.versionId;
    const plain = await loadBank(db, { versionId, lessonKey: lesson.key });
    const choiceFacts = plain.filter((v) => {
      return v[0]?.payload.type === "single_choice";
    });
    expect(choiceFacts.length).toBeGreaterThan(3);
    expect(plain.length).toBeGreaterThan(8);
    setFacts = choiceFacts.slice(0, 3).map((v) => v[0]?.fact ?? "");
    bestReserve = plain
      .filter((v) => !setFacts.includes(v[0]?.fact ?? ""))
      .slice(0, 2)
      .map((v) => v[0]?.fact ?? "");
    // Each set fact gets a variant keyed on another option, after one that repeats the first answer
    // (as the generator's retry variants mostly do today): a retry must pick the one with a new answer.
    for (const variants of choiceFacts.slice(0, 3)) {
      const source = await db.read.question.findUniqueOrThrow({
        where: { id: variants[0]?.id ?? "" },
        select: {
          key: true,
          factKey: true,
          lessonKey: true,
          type: true,
          status: true,
          payload: true,
          gate: true,
        },
      });
      const payload = source.payload as { key: string; options: Array<{ id: string }> };
      const other = payload.options.find((o) => o.id !== payload.key)?.id ?? "";
      const last = Math.max(...variants.map((v) => v.variant));
      for (const [offset, key] of [
        [1, payload.key],
        [2, other],
      ] as const) {
        await db.write((c) =>
          c.question.create({
            data: {
              versionId,
              key: source.key,
              factKey: source.factKey,
              lessonKey: source.lessonKey,
              type: source.type,
              status: source.status,
              gate: toJson(source.gate),
              variant: last + offset,
              payload: toJson({ ...payload, key }),
            },
            select: { id: true },
          }),
        );
      }
    }
    // The generator's marks, as a package built after issue 15 carries them: the set's first variant,
    // and a quality score on every item (the two best reserve facts well above the rest).
    const questions = await db.read.question.findMany({
      where: { versionId, lessonKey: lesson.key },
      select: { id: true, payload: true },
    });
    for (const q of questions) {
      const fact = factOf(q.payload);
      const variants = plain.find((v) => v[0]?.fact === fact) ?? [];
      const isInQuizSet = setFacts.includes(fact) && variants[0]?.id === q.id;
      const score = bestReserve.includes(fact) ? 0.9 - bestReserve.indexOf(fact) * 0.05 : 0.3;
      await db.write((c) =>
        c.question.update({
          where: { id: q.id },
          data: {
            payload: toJson({
              ...(q.payload as object),
              // Only the facts chosen here are in the set, whatever the generator chose.
              inQuizSet: isInQuizSet,
              quality: { score, reasons: ["test"] },
            }),
          },
          select: { id: true },
        }),
      );
    }
    // The published bank changed under this process's cache (a test fixture): drop the cached copy.
    forgetBanks(versionId);
    bank = await loadBank(db, { versionId, lessonKey: lesson.key });
  }, 120_000);
  afterAll(() => world.drop());

  it("draws the set first, then the best-scored reserve, and a retry re-asks each fact with a fresh answer", async () => {
    const user = await world.addUser("student", "Quiz set");
    await world.as(world.users.instructor).class.enrol({ classId, emails: [user.email] });
    const assignment = await world.as(world.users.instructor).assignment.create({
      classId,
      lessonId: lesson.id,
      opensAt: new Date(world.clock.current.getTime() - 60_000),
      dueAt: new Date(world.clock.current.getTime() + day),
      // Results after the due date: the first try reveals nothing, so the retry asks the same facts.
      feedbackPolicy: "after_due",
      questionCount: 5,
      attemptsAllowed: 2,
    });
    const student = world.as(user);
    const drawn = async () => {
      const attempt = await student.attempt.start({ assignmentId: assignment.id });
      const rows = await world.database.db.read.attemptQuestion.findMany({
        where: { attemptId: attempt.id },
        orderBy: { position: "asc" },
        select: { questionId: true, snapshot: true },
      });
      return { attempt, rows: rows.map((r) => ({ questionId: r.questionId, fact: factOf(r.snapshot) })) };
    };
    const first = await drawn();
    expect(
      first.rows
        .map((r) => r.fact)
        .slice(0, 3)
        .sort(),
    ).toEqual([...setFacts].sort());
    expect(first.rows.map((r) => r.fact).slice(3)).toEqual(bestReserve);
    const itemOf = (questionId: string) => bank.flat().find((i) => i.id === questionId);
    for (const r of first.rows.slice(0, 3)) expect(itemOf(r.questionId)?.isInQuizSet).toBe(true);

    const view = await student.attempt.byId({ attemptId: first.attempt.id });
    for (const q of view.questions) {
      await student.attempt.save({
        attemptId: first.attempt.id,
        attemptQuestionId: q.attemptQuestionId,
        response: someResponse(q.question) as never,
        expectedRevision: 0,
        timeOnQuestionMs: 3000,
      });
    }
    await student.attempt.submit({ attemptId: first.attempt.id });

    const second = await drawn();
    expect(second.rows.map((r) => r.fact).sort()).toEqual(first.rows.map((r) => r.fact).sort());
    let differentAnswers = 0;
    for (const r of second.rows) {
      const before = first.rows.find((f) => f.fact === r.fact);
      const variants = bank.find((v) => v[0]?.fact === r.fact) ?? [];
      if (variants.length > 1) expect(r.questionId).not.toBe(before?.questionId);
      if (new Set(variants.map((v) => v.answer)).size > 1) {
        expect(itemOf(r.questionId)?.answer).not.toBe(itemOf(before?.questionId ?? "")?.answer);
        differentAnswers++;
      }
    }
    expect(differentAnswers).toBeGreaterThan(0);
  });
});
