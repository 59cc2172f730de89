import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { gradeResponse } from "../grade.ts";
import type { Question, Response } from "../schemas.ts";
import { arbitraryBank } from "./testing-arbitraries.ts";
import {
  buildAnsweredStatement,
  buildCompletedStatement,
  formatDuration,
  interactionOf,
  uuidV5,
  validateStatement,
  XAPI_VERBS,
} from "./xapi.ts";

const course = {
  activityBase: "https://groundwork.example/xapi",
  id: "deepseek",
  title: "The DeepSeek moment",
};
const actor = { name: "Ada", mbox: "mailto:ada@example.org" };
const timestamp = new Date("2026-01-05T10:00:00.000Z");
const ref = {
  passageId: "econ-p0",
  articleId: "econ",
  rawStart: 0,
  rawEnd: 20,
  quote: "When steam engines b",
};
const base = { sourceRefs: [ref], conceptIds: [], difficulty: 0.5, generator: "test" };

const cases: [Question, Response, string, string[]][] = [
  [
    {
      ...base,
      id: "q1",
      type: "single_choice",
      stem: "Pick",
      options: [
        { id: "a", text: "A" },
        { id: "b", text: "B" },
      ],
      key: "b",
    },
    "b",
    "choice",
    ["b"],
  ],
  [
    {
      ...base,
      id: "q2",
      type: "multiple_choice",
      stem: "Pick",
      options: [
        { id: "a", text: "A" },
        { id: "b", text: "B" },
        { id: "c", text: "C" },
      ],
      key: ["a", "c"],
    },
    ["a"],
    "choice",
    ["a[,]c"],
  ],
  [{ ...base, id: "q3", type: "true_false", stem: "True?", key: true }, false, "true-false", ["true"]],
  [
    { ...base, id: "q4", type: "cloze", stem: "Coal use ____.", key: { accepted: ["rose", "went up"] } },
    "rose",
    "fill-in",
    ["{case_matters=false}rose", "{case_matters=false}went up"],
  ],
  [
    {
      ...base,
      id: "q5",
      type: "numeric",
      stem: "How much?",
      key: { value: 100, tolerance: { mode: "relative", amount: 0.02 }, unit: "USD" },
    },
    101,
    "numeric",
    ["98[:]102"],
  ],
  [
    {
      ...base,
      id: "q6",
      type: "ordering",
      stem: "Order",
      options: [
        { id: "x", text: "X" },
        { id: "y", text: "Y" },
      ],
      key: ["y", "x"],
    },
    ["x", "y"],
    "sequencing",
    ["y[,]x"],
  ],
  [
    {
      ...base,
      id: "q7",
      type: "matching",
      stem: "Match",
      left: [
        { id: "l1", text: "L1" },
        { id: "l2", text: "L2" },
      ],
      right: [
        { id: "r1", text: "R1" },
        { id: "r2", text: "R2" },
      ],
      key: { l1: "r2", l2: "r1" },
    },
    { l1: "r2", l2: "r2" },
    "matching",
    ["l1[.]r2[,]l2[.]r1"],
  ],
];

describe("xAPI statements", () => {
  it.each(cases)("answered: %#", (question, response, interactionType, patterns) => {
    const statement = buildAnsweredStatement({
      actor,
      course,
      attemptId: "att-1",
      question,
      response,
      grade: gradeResponse(question, response),
      durationMs: 12_340,
      timestamp,
    });
    expect(validateStatement(statement)).toEqual([]);
    expect(statement.verb.id).toBe(XAPI_VERBS.answered);
    expect(statement.object.definition).toMatchObject({
      type: "http://adlnet.gov/expapi/activities/cmi.interaction",
      interactionType,
      correctResponsesPattern: patterns,
    });
    expect(statement.result?.duration).toBe("PT12.34S");
    expect(statement.context?.contextActivities?.other?.[0]?.id).toBe(
      "https://groundwork.example/xapi/courses/deepseek/articles/econ/passages/econ-p0",
    );
    expect(statement.context?.contextActivities?.parent?.[0]?.id).toBe(
      "https://groundwork.example/xapi/courses/deepseek",
    );
    expect(statement.timestamp).toBe("2026-01-05T10:00:00.000Z");
  });

  it("ids are UUID v5, stable for the same attempt and question, distinct otherwise", () => {
    expect(uuidV5("www.example.com", "6ba7b810-9dad-11d1-80b4-00c04fd430c8")).toBe(
      "2ed6657d-e927-568b-95e1-2665a8aea6a2",
    );
    const [question, response] = cases[0] as [Question, Response, string, string[]];
    const input = {
      actor,
      course,
      attemptId: "att-1",
      question,
      response,
      grade: gradeResponse(question, response),
      durationMs: 1,
      timestamp,
    };
    expect(buildAnsweredStatement(input).id).toBe(buildAnsweredStatement(input).id);
    expect(buildAnsweredStatement({ ...input, attemptId: "att-2" }).id).not.toBe(
      buildAnsweredStatement(input).id,
    );
  });

  it("completed: score, success, duration, registration shared with the attempt's answers", () => {
    const completed = buildCompletedStatement({
      actor: { account: { homePage: "https://groundwork.example", name: "user-42" } },
      course,
      attemptId: "att-1",
      assessmentId: "quiz-1",
      assessmentTitle: "Week 1",
      score: 0.8,
      passed: true,
      durationMs: 3_723_450,
      timestamp,
    });
    expect(validateStatement(completed)).toEqual([]);
    expect(completed.verb.id).toBe(XAPI_VERBS.completed);
    expect(completed.result).toMatchObject({
      score: { scaled: 0.8 },
      success: true,
      duration: "PT1H2M3.45S",
    });
    const [question, response] = cases[0] as [Question, Response, string, string[]];
    const answered = buildAnsweredStatement({
      actor,
      course,
      attemptId: "att-1",
      question,
      response,
      grade: gradeResponse(question, response),
      durationMs: 1,
      timestamp,
    });
    expect(completed.context?.registration).toBe(answered.context?.registration);
  });

  it("durations", () => {
    expect(formatDuration(0)).toBe("PT0S");
    expect(formatDuration(60_000)).toBe("PT1M");
    expect(formatDuration(3_600_000)).toBe("PT1H");
    expect(formatDuration(5)).toBe("PT0.01S");
    expect(() => formatDuration(-1)).toThrow();
    fc.assert(
      fc.property(fc.nat(10 ** 9), (ms) => {
        const statement = buildCompletedStatement({
          actor,
          course,
          attemptId: "a",
          assessmentId: "q",
          assessmentTitle: "Q",
          score: 0.5,
          passed: false,
          durationMs: ms,
          timestamp,
        });
        expect(validateStatement(statement)).toEqual([]);
      }),
    );
  });

  it("the validator catches what the 1.0.3 rules forbid", () => {
    const [question, response] = cases[1] as [Question, Response, string, string[]];
    const good = buildAnsweredStatement({
      actor,
      course,
      attemptId: "att-1",
      question,
      response,
      grade: gradeResponse(question, response),
      durationMs: 1000,
      timestamp,
    });
    // Statements broken on purpose: any is the honest type of a mutated copy.
    // biome-ignore lint/suspicious/noExplicitAny: see above
    type Loose = Record<string, any>;
    const broken = (mutate: (s: Loose) => void) => {
      const copy = structuredClone(good) as Loose;
      mutate(copy);
      return validateStatement(copy);
    };
    expect(broken((s) => (s.actor = { mbox: "ada@example.org" }))).toContain(
      'actor.mbox must be "mailto:" and an email address',
    );
    expect(
      broken((s) => (s.actor = { mbox: "mailto:a@b.c", account: { homePage: "https://x", name: "n" } }))[0],
    ).toMatch(/exactly one/);
    expect(broken((s) => (s.verb.id = "answered"))).toContain("verb.id must be an IRI");
    expect(broken((s) => (s.id = "not-a-uuid"))).toContain("id must be a UUID");
    expect(broken((s) => (s.result.score.scaled = 1.5))).toContain("result.score.scaled must be in [-1, 1]");
    expect(broken((s) => (s.result.duration = "12 seconds"))).toContain(
      "result.duration must be an ISO 8601 duration",
    );
    expect(broken((s) => (s.result.duration = "PT"))).toContain(
      "result.duration must be an ISO 8601 duration",
    );
    expect(broken((s) => (s.object.definition.interactionType = "multiple-choice"))[0]).toMatch(
      /not an xAPI interaction type/,
    );
    expect(broken((s) => (s.object.definition.correctResponsesPattern = ["a[,]zz"]))[0]).toMatch(
      /"zz" is not a choice id/,
    );
    expect(broken((s) => (s.object.definition.source = []))[0]).toMatch(/source is not allowed for choice/);
    expect(broken((s) => (s.verb.display = { "not a tag": "x" }))[0]).toMatch(/language tag/);
    expect(broken((s) => (s.context.registration = "x"))).toContain("context.registration must be a UUID");
    expect(broken((s) => (s.timestamp = "yesterday"))[0]).toMatch(/timestamp/);
    expect(broken((s) => (s.extra = 1))).toContain("statement.extra is not an xAPI property");
    expect(broken((s) => delete s.actor)).toContain("actor is required");
    expect(broken((s) => delete s.verb)).toContain("verb is required");
    expect(broken((s) => delete s.object)).toContain("object is required");
    expect(broken((s) => (s.result.score.raw = 2))).toContain(
      "result.score.raw must lie between min and max",
    );
  });

  it("numeric and matching pattern syntax", () => {
    const numeric = interactionOf(cases[4]?.[0] as Question, course);
    const statement = (definition: object) => ({
      actor,
      verb: { id: XAPI_VERBS.answered },
      object: { objectType: "Activity", id: "https://x/q", definition },
      timestamp: timestamp.toISOString(),
    });
    expect(validateStatement(statement(numeric))).toEqual([]);
    expect(validateStatement(statement({ ...numeric, correctResponsesPattern: ["5[:]"] }))).toEqual([]);
    expect(validateStatement(statement({ ...numeric, correctResponsesPattern: ["5[:]1"] }))[0]).toMatch(
      /backwards/,
    );
    expect(validateStatement(statement({ ...numeric, correctResponsesPattern: ["five"] }))[0]).toMatch(
      /not a number/,
    );
    const matching = interactionOf(cases[6]?.[0] as Question, course);
    expect(validateStatement(statement({ ...matching, correctResponsesPattern: ["l1-r2"] }))[0]).toMatch(
      /source\[\.\]target/,
    );
    expect(
      validateStatement(statement({ interactionType: "true-false", correctResponsesPattern: ["yes"] }))[0],
    ).toMatch(/"true" or "false"/);
  });

  it("every question of generated banks gives a valid answered statement", () => {
    fc.assert(
      fc.property(arbitraryBank, fc.double({ min: 0, max: 1, noNaN: true }), (bank, score) => {
        for (const question of bank) {
          const statement = buildAnsweredStatement({
            actor,
            course,
            attemptId: "a",
            question,
            response: "x",
            grade: { score, correct: score === 1, feedback: "", sourceRefs: [] },
            durationMs: 1500,
            timestamp,
          });
          expect(validateStatement(statement)).toEqual([]);
        }
      }),
      { numRuns: 150 },
    );
  }, 30_000);
});
