import type { Question } from "@groundwork/quiz-engine";
import { afterAll, beforeAll, describe, expect, it } from "vitest";
import { testProviders } from "../../test/databases.ts";
import { type Caller, createWorld, someResponse, type World } from "../../test/world.ts";
import { finishAttempt, sweepOverdueAttempts } from "../domain/attempts/index.ts";
import { factOf } from "../testing.ts";
import type { SessionUser } from "../trpc.ts";

const minute = 60_000;
const day = 86_400_000;

/**
 * Issue 13: answer keys must not reach students, a grade must not leak before its feedback is due,
 * and no acknowledged answer or started attempt may be lost. Each test failed on the code before
 * the fix.
 */
describe.each(testProviders())("exam integrity on %s", (provider) => {
  let world: World;
  let classId: string;
  let lessons: Array<{ id: string; key: string }>;
  let versionId: string;
  let giftLesson: { id: string; key: string };
  let concepts: Array<{ key: string; name: string }>;
  let students = 0;

  /** A new student in the demo class, so each test starts from no attempts and no learning data. */
  async function newStudent(): Promise<{ user: SessionUser; caller: Caller }> {
    const user = await world.addUser("student", `Integrity ${++students}`);
    await world.as(world.users.instructor).class.enrol({ classId, emails: [user.email] });
    return { user, caller: world.as(user) };
  }

  async function newAssignment(settings: {
    feedbackPolicy: "immediate" | "after_submit" | "after_due";
    lessonId?: string;
    questionCount?: number;
    attemptsAllowed?: number;
    dueInMs?: number;
  }) {
    return world.as(world.users.instructor).assignment.create({
      classId,
      lessonId: settings.lessonId ?? lessons[0]?.id ?? "",
      opensAt: new Date(world.clock.current.getTime() - minute),
      dueAt: new Date(world.clock.current.getTime() + (settings.dueInMs ?? 30 * day)),
      feedbackPolicy: settings.feedbackPolicy,
      questionCount: settings.questionCount ?? 5,
      attemptsAllowed: settings.attemptsAllowed ?? 1,
    });
  }

  const snapshotOf = async (attemptQuestionId: string) =>
    (
      await world.database.db.read.attemptQuestion.findUniqueOrThrow({
        where: { id: attemptQuestionId },
        select: { snapshot: true },
      })
    ).snapshot as unknown as Question;

  beforeAll(async () => {
    world = await createWorld(provider);
    const { db } = world.database;
    const [klass] = await world.as(world.users.instructor).class.list();
    classId = klass?.id ?? "";
    const course = await db.read.course.findFirstOrThrow({
      where: { version: { status: "published" } },
      select: {
        versionId: true,
        lessons: { orderBy: { position: "asc" }, select: { id: true, key: true } },
        concepts: { select: { key: true, name: true } },
      },
    });
    versionId = course.versionId;
    lessons = course.lessons;
    concepts = course.concepts;
    giftLesson = lessons[lessons.length - 1] ?? { id: "", key: "" };
    // Questions as the GIFT importer writes them into a lesson's bank: ids are written positions.
    const ref = (
      await db.read.question.findFirstOrThrow({
        where: { versionId, lessonKey: giftLesson.key },
        select: { payload: true },
      })
    ).payload as unknown as Question;
    const common = {
      sourceRefs: ref.sourceRefs,
      conceptIds: [],
      difficulty: 0.4,
      generator: "author",
      // The generator's score and set flag are the author's to read, never the student's.
      quality: { score: 0.91, reasons: ["a reason only authors read"] },
      inQuizSet: true,
    };
    const other = concepts[0]?.name ?? "";
    const gift: Question[] = [
      {
        ...common,
        id: "gift-choice",
        type: "single_choice",
        stem: "Which answer did the author write first?",
        options: [
          { id: "a", text: "The first written answer" },
          { id: "b", text: "A second answer" },
          { id: "c", text: "A third answer" },
        ],
        key: "a",
      },
      {
        ...common,
        id: "gift-match",
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
      },
      {
        ...common,
        id: "gift-order",
        type: "ordering",
        stem: "Put the two steps in order.",
        options: [
          { id: "a", text: "Step one" },
          { id: "b", text: "Step two" },
        ],
        key: ["a", "b"],
      },
      // A typed answer one letter away from another concept's name, and not about that concept.
      {
        ...common,
        id: "gift-typed",
        type: "short_answer",
        stem: "Which word does the source use here?",
        key: { accepted: [`${other}x`] },
      },
    ];
    await db.write((c) =>
      c.question.createMany({
        // Each its own fact (a fact is its generator and cited span: versions/fact-key.ts).
        data: gift.map((payload, i) => ({
          versionId,
          key: payload.id,
          factKey: factOf({ ...payload, generator: `author.${payload.type}` }),
          lessonKey: giftLesson.key,
          type: payload.type,
          status: "accepted",
          payload: { ...payload, generator: `author.${payload.type}` } as never,
          gate: { passed: true, failures: [] },
          variant: 100 + i,
        })),
      }),
    );
  }, 180_000);
  afterAll(() => world.drop());

  describe("1. answer keys in ids and display order", () => {
    it("shows no authored id, and refuses one sent directly; the shown ids grade right", async () => {
      const { caller } = await newStudent();
      const assignment = await newAssignment({
        feedbackPolicy: "after_submit",
        lessonId: giftLesson.id,
        questionCount: 100,
      });
      const attempt = await caller.attempt.start({ assignmentId: assignment.id });
      const view = await caller.attempt.byId({ attemptId: attempt.id });
      const types = new Set<string>();
      for (const q of view.questions) {
        const authored = await snapshotOf(q.attemptQuestionId);
        const authoredIds = new Set(
          "options" in authored
            ? authored.options.map((o) => o.id)
            : authored.type === "matching"
              ? [...authored.left, ...authored.right].map((o) => o.id)
              : [],
        );
        const shown =
          "options" in q.question
            ? q.question.options
            : q.question.type === "matching"
              ? [...q.question.left, ...q.question.right]
              : [];
        for (const option of shown) expect(authoredIds.has(option.id)).toBe(false);
        if (shown.length > 0) types.add(authored.type);
      }
      expect(types.size).toBeGreaterThanOrEqual(3);
      // Author-only fields by their JSON keys: a stem may well say "quality" (a source sentence on
      // "quality assurance" does), a key named so never belongs in a student's view.
      expect(JSON.stringify(view)).not.toMatch(/"quality":|"inQuizSet":|a reason only authors read/);

      const choice = view.questions.find((q) => q.question.id === "gift-choice");
      if (choice?.question.type !== "single_choice") throw new Error("the GIFT question was not drawn");
      const save = (response: string) =>
        caller.attempt.save({
          attemptId: attempt.id,
          attemptQuestionId: choice.attemptQuestionId,
          response,
          expectedRevision: 0,
          timeOnQuestionMs: 1000,
        });
      await expect(save("a")).rejects.toMatchObject({ code: "BAD_REQUEST" });
      const keyShown = choice.question.options.find((o) => o.text === "The first written answer")?.id ?? "";
      await save(keyShown);
      await caller.attempt.submit({ attemptId: attempt.id });
      const results = await caller.attempt.byId({ attemptId: attempt.id });
      const graded = results.questions.find((q) => q.attemptQuestionId === choice.attemptQuestionId);
      expect(graded?.result?.correct).toBe(true);
      expect(graded?.response?.value).toBe(keyShown);
    });

    it("shows a two-item ordering in either order across attempts, not always reversed", async () => {
      const assignment = await newAssignment({
        feedbackPolicy: "after_submit",
        lessonId: giftLesson.id,
        questionCount: 100,
      });
      const orders = new Set<string>();
      for (let i = 0; i < 12; i++) {
        const { caller } = await newStudent();
        const attempt = await caller.attempt.start({ assignmentId: assignment.id });
        const view = await caller.attempt.byId({ attemptId: attempt.id });
        const q = view.questions.find((x) => x.question.id === "gift-order");
        if (q?.question.type !== "ordering") throw new Error("the ordering was not drawn");
        orders.add(q.question.options.map((o) => o.text).join(" > "));
      }
      expect(orders).toEqual(new Set(["Step one > Step two", "Step two > Step one"]));
    });
  });

  describe("2. immediate feedback", () => {
    it("makes the first checked answer final: a second save is refused and the grade keeps the first", async () => {
      const { caller } = await newStudent();
      const assignment = await newAssignment({ feedbackPolicy: "immediate" });
      const attempt = await caller.attempt.start({ assignmentId: assignment.id });
      const view = await caller.attempt.byId({ attemptId: attempt.id });
      const q = view.questions.find((x) => x.question.type === "single_choice") ?? view.questions[0];
      if (!q) throw new Error("no question");
      const base = { attemptId: attempt.id, attemptQuestionId: q.attemptQuestionId, timeOnQuestionMs: 1000 };
      const first = await caller.attempt.save({
        ...base,
        response: someResponse(q.question) as never,
        expectedRevision: 0,
      });
      expect(first.result?.feedback).toBeTruthy();
      // Whatever the feedback said, the student cannot now save it instead.
      for (const expectedRevision of [1, 0]) {
        await expect(
          caller.attempt.save({ ...base, response: someResponse(q.question) as never, expectedRevision }),
        ).rejects.toMatchObject({ code: "CONFLICT", message: expect.stringMatching(/final/) });
      }
      const locked = await caller.attempt.byId({ attemptId: attempt.id });
      expect(locked.questions.find((x) => x.attemptQuestionId === q.attemptQuestionId)?.isLocked).toBe(true);
      expect(locked.questions.find((x) => x.attemptQuestionId !== q.attemptQuestionId)?.isLocked).toBe(false);
      await caller.attempt.submit({ attemptId: attempt.id });
      const stored = await world.database.db.read.attemptResponse.findUniqueOrThrow({
        where: { attemptQuestionId: q.attemptQuestionId },
        select: { revision: true, score: true },
      });
      expect(stored).toEqual({ revision: 1, score: first.result?.score });
    });
  });

  describe("3. after_due", () => {
    it("writes no mastery, review card or xAPI before the due date, and all of it after", async () => {
      const { user, caller } = await newStudent();
      const assignment = await newAssignment({ feedbackPolicy: "after_due", dueInMs: 2 * day });
      const attempt = await caller.attempt.start({ assignmentId: assignment.id });
      const view = await caller.attempt.byId({ attemptId: attempt.id });
      for (const q of view.questions) {
        await caller.attempt.save({
          attemptId: attempt.id,
          attemptQuestionId: q.attemptQuestionId,
          response: someResponse(q.question) as never,
          expectedRevision: 0,
          timeOnQuestionMs: 5000,
        });
      }
      const submitted = await caller.attempt.submit({ attemptId: attempt.id });
      expect(submitted).toEqual({ score: null, state: "finished" });
      const released: string[] = [];
      const { db } = world.database;
      const learning = async () => ({
        cards: await db.read.reviewCard.count({ where: { userId: user.id } }),
        mastery: await caller.progress.mastery(),
        due: (await caller.review.due({ limit: 50 })).total,
        score: (await caller.progress.assignments()).find((a) => a.id === assignment.id)?.attempts[0]?.score,
      });
      world.clock.advance(day);
      await sweepOverdueAttempts(db, world.clock.now(), (id) => released.push(id));
      expect(await learning()).toEqual({ cards: 0, mastery: [], due: 0, score: null });
      expect(released).toEqual([]);

      world.clock.advance(day + minute);
      const releasedAt = world.clock.current.getTime();
      await sweepOverdueAttempts(db, world.clock.now(), (id) => released.push(id));
      expect(released).toEqual([attempt.id]);
      const after = await learning();
      expect(after.cards).toBe(view.questions.length);
      expect(after.mastery.length).toBeGreaterThan(0);
      expect(after.score).not.toBeNull();
      // Scheduled from the release, when the student first sees the answers.
      const cards = await db.read.reviewCard.findMany({ where: { userId: user.id }, select: { due: true } });
      for (const card of cards) expect(card.due.getTime()).toBeGreaterThanOrEqual(releasedAt);
      await sweepOverdueAttempts(db, world.clock.now(), (id) => released.push(id));
      expect(released).toEqual([attempt.id]);
    });
  });

  describe("4. retakes", () => {
    it("does not ask again a fact whose key the last attempt showed, while the bank has others", async () => {
      const { db } = world.database;
      // The lesson whose bank asks the most facts: the generator keeps only items worth asking, so
      // which lesson that is depends on the articles, not on its position.
      const bank = await db.read.question.findMany({
        where: { versionId, status: { not: "rejected" } },
        select: { payload: true, lessonKey: true },
      });
      const factsByLesson = new Map<string, Set<string>>();
      for (const q of bank) {
        const facts = factsByLesson.get(q.lessonKey) ?? new Set<string>();
        facts.add(factOf(q.payload));
        factsByLesson.set(q.lessonKey, facts);
      }
      const size = (key: string) => factsByLesson.get(key)?.size ?? 0;
      const lesson = [...lessons].sort((a, b) => size(b.key) - size(a.key))[0] ?? giftLesson;
      const facts = size(lesson.key);
      expect(facts).toBeGreaterThanOrEqual(4);
      const questionCount = Math.floor(facts / 2);
      const assignment = await newAssignment({
        feedbackPolicy: "after_submit",
        lessonId: lesson.id,
        questionCount,
        attemptsAllowed: 3,
      });
      for (let s = 0; s < 3; s++) {
        const { caller, user } = await newStudent();
        const first = await caller.attempt.start({ assignmentId: assignment.id });
        await caller.attempt.submit({ attemptId: first.id });
        const second = await caller.attempt.start({ assignmentId: assignment.id });
        const drawn = await db.read.attemptQuestion.findMany({
          where: { attempt: { userId: user.id } },
          select: { attemptId: true, snapshot: true },
        });
        const factsOf = (attemptId: string) =>
          drawn.filter((d) => d.attemptId === attemptId).map((d) => factOf(d.snapshot));
        expect(factsOf(second.id)).toHaveLength(questionCount);
        for (const fact of factsOf(second.id)) expect(factsOf(first.id)).not.toContain(fact);
      }
    });
  });

  describe("12. stranded attempts", () => {
    it("grades attempts a crashed sweep or submit left closed, and one answer that cannot be graded", async () => {
      const { db } = world.database;
      const assignment = await newAssignment({ feedbackPolicy: "after_submit" });
      const attempts: string[] = [];
      for (let s = 0; s < 3; s++) {
        const { caller } = await newStudent();
        const attempt = await caller.attempt.start({ assignmentId: assignment.id });
        const view = await caller.attempt.byId({ attemptId: attempt.id });
        const q = view.questions[0];
        if (!q) throw new Error("no question");
        await caller.attempt.save({
          attemptId: attempt.id,
          attemptQuestionId: q.attemptQuestionId,
          response: someResponse(q.question) as never,
          expectedRevision: 0,
          timeOnQuestionMs: 1000,
        });
        attempts.push(attempt.id);
      }
      const [overdue, submitting, broken] = attempts as [string, string, string];
      // What a crash leaves: closed by the sweep or a submit, never graded; and one stored answer the
      // engine refuses (an id the question does not have), which used to throw out of the sweep.
      await db.write((c) => c.attempt.update({ where: { id: overdue }, data: { state: "overdue" } }));
      await db.write((c) => c.attempt.update({ where: { id: submitting }, data: { state: "submitting" } }));
      await db.write((c) =>
        c.attemptResponse.updateMany({ where: { attemptId: broken }, data: { value: ["no-such-id"] } }),
      );
      await db.write((c) => c.attempt.update({ where: { id: broken }, data: { state: "overdue" } }));
      await sweepOverdueAttempts(db, world.clock.now());
      const after = await db.read.attempt.findMany({
        where: { id: { in: attempts } },
        select: { id: true, state: true, grade: { select: { id: true } } },
      });
      expect(after.map((a) => [a.state, a.grade !== null])).toEqual(attempts.map(() => ["finished", true]));
      const brokenAnswer = await db.read.attemptResponse.findFirstOrThrow({
        where: { attemptId: broken },
        select: { score: true, feedback: true },
      });
      expect(brokenAnswer.score).toBe(0);
      expect(brokenAnswer.feedback).toMatch(/could not be graded/);
      expect(
        await finishAttempt(db, { attemptId: overdue, now: world.clock.now(), reason: "overdue" }),
      ).toEqual(expect.objectContaining({ state: "finished", isLearningReleased: false }));
      expect(await db.read.grade.count({ where: { attemptId: { in: attempts } } })).toBe(3);
    });
  });

  describe("13. settings read in the start's transaction", () => {
    it("refuses a start right after another instance closed the assignment, and takes a new time limit", async () => {
      const { db } = world.database;
      const assignment = await newAssignment({ feedbackPolicy: "after_submit" });
      const first = await newStudent();
      await first.caller.attempt.start({ assignmentId: assignment.id }); // this instance now caches it
      // Another API instance closes the assignment: this one's cache is not told.
      await db.write((c) =>
        c.assignment.update({
          where: { id: assignment.id },
          data: { dueAt: new Date(world.clock.current.getTime() - 1000) },
        }),
      );
      const late = await newStudent();
      await expect(late.caller.attempt.start({ assignmentId: assignment.id })).rejects.toMatchObject({
        code: "PRECONDITION_FAILED",
      });
      await db.write((c) =>
        c.assignment.update({
          where: { id: assignment.id },
          data: { dueAt: new Date(world.clock.current.getTime() + day), timeLimitSeconds: 600 },
        }),
      );
      const timed = await newStudent();
      const started = await timed.caller.attempt.start({ assignmentId: assignment.id });
      const view = await timed.caller.attempt.byId({ attemptId: started.id });
      expect(view.deadlineAt.getTime() - view.startedAt.getTime()).toBe(600_000);
    });
  });

  describe("14. save racing submit", () => {
    it("has every acknowledged save in the grade", async () => {
      const { db } = world.database;
      const assignment = await newAssignment({ feedbackPolicy: "after_submit", questionCount: 8 });
      const runs = await Promise.all(
        Array.from({ length: 8 }, async () => {
          const { caller } = await newStudent();
          const attempt = await caller.attempt.start({ assignmentId: assignment.id });
          const view = await caller.attempt.byId({ attemptId: attempt.id });
          const saves = view.questions.map((q) =>
            caller.attempt
              .save({
                attemptId: attempt.id,
                attemptQuestionId: q.attemptQuestionId,
                response: someResponse(q.question) as never,
                expectedRevision: 0,
                timeOnQuestionMs: 100,
              })
              .then(
                () => q.attemptQuestionId,
                () => null,
              ),
          );
          const submit = caller.attempt.submit({ attemptId: attempt.id });
          return { attemptId: attempt.id, acknowledged: (await Promise.all(saves)).filter(Boolean), submit };
        }),
      );
      for (const run of runs) {
        await run.submit;
        const grade = await db.read.grade.findUniqueOrThrow({
          where: { attemptId: run.attemptId },
          select: { score: true, gradedAt: true },
        });
        const stored = await db.read.attemptResponse.findMany({
          where: { attemptId: run.attemptId },
          select: { attemptQuestionId: true, score: true },
        });
        for (const id of run.acknowledged) expect(stored.map((s) => s.attemptQuestionId)).toContain(id);
        expect(stored).toHaveLength(run.acknowledged.length);
        expect(grade.score).toBeCloseTo(stored.reduce((sum, s) => sum + (s.score ?? 0), 0));
      }
    });
  });

  describe("17. time on question", () => {
    it("stores each question's own time under one name, and sends it as the xAPI duration", async () => {
      const { db } = world.database;
      const { caller } = await newStudent();
      const assignment = await newAssignment({ feedbackPolicy: "after_submit" });
      const attempt = await caller.attempt.start({ assignmentId: assignment.id });
      const view = await caller.attempt.byId({ attemptId: attempt.id });
      const times = view.questions.map((_, i) => 3000 + i * 1110);
      for (const [i, q] of view.questions.entries()) {
        await caller.attempt.save({
          attemptId: attempt.id,
          attemptQuestionId: q.attemptQuestionId,
          response: someResponse(q.question) as never,
          expectedRevision: 0,
          timeOnQuestionMs: times[i] ?? 0,
        });
      }
      await caller.attempt.submit({ attemptId: attempt.id });
      const stored = await db.read.attemptResponse.findMany({
        where: { attemptId: attempt.id },
        select: { attemptQuestionId: true, timeOnQuestionMs: true },
      });
      for (const [i, q] of view.questions.entries())
        expect(stored.find((s) => s.attemptQuestionId === q.attemptQuestionId)?.timeOnQuestionMs).toBe(
          times[i],
        );
      const { recordAttemptStatements } = await import("../domain/xapi-statements.ts");
      const sent: Array<{ result?: { duration?: string } }> = [];
      await recordAttemptStatements(
        db,
        {
          enqueue: (s: unknown[]) => sent.push(...(s as typeof sent)),
          close: async () => undefined,
        } as never,
        { attemptId: attempt.id, activityBase: "https://example.test/xapi" },
      );
      const durations = sent.slice(0, times.length).map((s) => s.result?.duration);
      expect(durations.sort()).toEqual(times.map((t) => `PT${t / 1000}S`).sort());
      world.clock.advance(60 * day);
      const due = await caller.review.due({ limit: 1 });
      const item = due.items[0];
      if (!item) throw new Error("nothing due");
      const answered = await caller.review.answer({
        cardId: item.cardId,
        response: someResponse(item.question) as never,
        timeOnQuestionMs: 4000,
      });
      expect(answered.nextDue.getTime()).toBeGreaterThan(world.clock.current.getTime());
    });
  });

  describe("18. one grading entry point", () => {
    it("never takes another concept's name for a typed answer, on save, submit and review", async () => {
      const { db } = world.database;
      const other = concepts[0]?.name ?? "";
      const { user, caller } = await newStudent();
      const assignment = await newAssignment({
        feedbackPolicy: "immediate",
        lessonId: giftLesson.id,
        questionCount: 100,
      });
      const attempt = await caller.attempt.start({ assignmentId: assignment.id });
      const view = await caller.attempt.byId({ attemptId: attempt.id });
      const typed = view.questions.find((q) => q.question.id === "gift-typed");
      if (!typed) throw new Error("the typed question was not drawn");
      const saved = await caller.attempt.save({
        attemptId: attempt.id,
        attemptQuestionId: typed.attemptQuestionId,
        response: other,
        expectedRevision: 0,
        timeOnQuestionMs: 1000,
      });
      expect(saved.result?.correct).toBe(false);
      await caller.attempt.submit({ attemptId: attempt.id });
      const stored = await db.read.attemptResponse.findUniqueOrThrow({
        where: { attemptQuestionId: typed.attemptQuestionId },
        select: { correct: true },
      });
      expect(stored.correct).toBe(false);
      const card = await db.read.reviewCard.findFirstOrThrow({
        where: { userId: user.id, versionId, questionKey: "gift-typed" },
        select: { id: true },
      });
      const reviewed = await caller.review.answer({
        cardId: card.id,
        response: other,
        timeOnQuestionMs: 1000,
      });
      expect(reviewed.result.correct).toBe(false);
    });
  });

  describe("review cards", () => {
    it("are keyed by course version as well as question id", async () => {
      const { db } = world.database;
      const { user, caller } = await newStudent();
      const assignment = await newAssignment({ feedbackPolicy: "after_submit" });
      const attempt = await caller.attempt.start({ assignmentId: assignment.id });
      const [q] = (await caller.attempt.byId({ attemptId: attempt.id })).questions;
      if (!q) throw new Error("no question");
      await caller.attempt.save({
        attemptId: attempt.id,
        attemptQuestionId: q.attemptQuestionId,
        response: someResponse(q.question) as never,
        expectedRevision: 0,
        timeOnQuestionMs: 1000,
      });
      await caller.attempt.submit({ attemptId: attempt.id });
      const card = await db.read.reviewCard.findFirstOrThrow({
        where: { userId: user.id },
        select: {
          questionKey: true,
          versionId: true,
          courseSlug: true,
          questionId: true,
          card: true,
          due: true,
        },
      });
      expect(card.versionId).toBe(versionId);
      // The same question id in another version of the course is another item: a card of its own.
      await db.write((c) =>
        c.reviewCard.create({
          data: {
            ...card,
            userId: user.id,
            versionId: "another-version",
            card: card.card as never,
          },
          select: { id: true },
        }),
      );
      expect(
        await db.read.reviewCard.count({ where: { userId: user.id, questionKey: card.questionKey } }),
      ).toBe(2);
    });
  });
});
