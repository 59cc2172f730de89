import { describe, expect, it } from "vitest";
import type { CourseBundle } from "./course.ts";
import { groupStimuli, selectQuizSets } from "./quiz-set.ts";
import type { Question } from "./schemas.ts";
import { toStudentView } from "./student-view.ts";
import { makeBundle } from "./testing/make-bundle.ts";

const short =
  "Because the engine became more efficient, coal use rose. Economists call this the Jevons paradox.";
const long = Array.from(
  { length: 40 },
  (_, i) => `Sentence ${i} says a little more about the long history of coal.`,
).join(" ");
const bundle = makeBundle([{ id: "a", paragraphs: [short, long] }]);
const [shortPassage, longPassage] = bundle.passages.map((p) => p.id) as [string, string];

function item(id: string, passageId: string, stem: string): Question {
  return {
    id,
    type: "true_false",
    stem,
    key: true,
    sourceRefs: [{ passageId, articleId: "a", rawStart: 0, rawEnd: 10, quote: "Because th" }],
    conceptIds: [],
    difficulty: 0.3,
    generator: "test",
  };
}

/** The bundle with one lesson, l1, on the long passage. */
const withLongLesson = {
  ...bundle,
  lessons: [
    { id: "l1", passageIds: [longPassage], conceptIds: [] } as unknown as CourseBundle["lessons"][number],
  ],
};

/** The span of the i-th fact of the long passage. */
const refAt = (i: number) => ({
  passageId: longPassage,
  articleId: "a",
  rawStart: i * 70,
  rawEnd: i * 70 + 10,
  quote: "x",
});

describe("groupStimuli", () => {
  const questions = [
    item("q1", shortPassage, "Coal use rose because the engine became more efficient."),
    item("q2", shortPassage, "Economists call the rise in coal use the Jevons paradox."),
    item(
      "q3",
      shortPassage,
      "Complete the sentence from the source: “Economists call this the _____ paradox.”",
    ),
    item("q4", longPassage, "The long history of coal is told in many sentences."),
    item("q5", longPassage, "Coal has a long history."),
    item("q6", shortPassage, "Coal use fell because the engine became less efficient."),
  ];

  it("groups the set items asked on one short passage, apart from those that quote it", () => {
    const stimuli = groupStimuli(bundle, questions, new Map([["lesson", ["q1", "q2", "q3", "q4", "q5"]]]));
    expect(Object.fromEntries(stimuli)).toEqual({ q1: shortPassage, q2: shortPassage });
  });

  it("never groups one item alone, nor items of different sets", () => {
    const stimuli = groupStimuli(
      bundle,
      questions,
      new Map([
        ["one", ["q1", "q4"]],
        ["two", ["q6"]],
      ]),
    );
    expect(stimuli.size).toBe(0);
  });

  it("shows the stimulus to the student, with no key", () => {
    const view = toStudentView({ ...(questions[0] as Question), stimulus: shortPassage });
    expect(view).toMatchObject({ stimulus: shortPassage });
    expect("key" in view).toBe(false);
  });
});

describe("selectQuizSets", () => {
  it("takes the best-scored facts when a lesson has more than a set holds", () => {
    const lesson = { id: "l1", passageIds: [longPassage], conceptIds: [] };
    const withLesson = {
      ...bundle,
      lessons: [lesson as unknown as CourseBundle["lessons"][number]],
    };
    // 30 facts on 30 sentences, in several types, scored from 0.2 to 0.78.
    const types = ["true_false", "cloze", "single_choice"] as const;
    const scored = Array.from({ length: 30 }, (_, i) => {
      const question = {
        ...item(`q${i}`, longPassage, `Statement ${i} about coal.`),
        sourceRefs: [
          { passageId: longPassage, articleId: "a", rawStart: i * 70, rawEnd: i * 70 + 10, quote: "x" },
        ],
      };
      const type = types[i % 3] as (typeof types)[number];
      const typed =
        type === "cloze"
          ? { ...question, type, key: { accepted: [`alpha ${i}`] }, rejected: [] }
          : type === "single_choice"
            ? {
                ...question,
                type,
                options: [
                  { id: "a", text: `alpha ${i}` },
                  { id: "b", text: `bravo ${i}` },
                  { id: "c", text: `delta ${i}` },
                ],
                key: "a",
              }
            : { ...question, key: i % 2 === 0 };
      return { question: typed as Question, fact: `f${i}`, score: 0.2 + i * 0.02, testsConcepts: [] };
    });
    const set = selectQuizSets(withLesson, scored, 0).get("l1") ?? [];
    expect(set.length).toBeGreaterThanOrEqual(8);
    expect(set.length).toBeLessThanOrEqual(15);
    const mean = (ids: readonly string[]) =>
      ids.reduce((a, id) => a + (scored.find((s) => s.question.id === id)?.score ?? 0), 0) / ids.length;
    const left = scored.map((s) => s.question.id).filter((id) => !set.includes(id));
    expect(mean(set)).toBeGreaterThan(mean(left) + 0.2);
  });
});

describe("selectQuizSets on answers asked twice", () => {
  it("asks an answer once in a set, in either number, as a phrase's head, in any type", () => {
    const answers = ["infection", "infection", "infections", "economic downturn", "downturn"];
    const words = ["harbour", "quarry", "meadow", "tannery", "furnace", "granary", "orchard", "foundry"];
    const scored = [...answers, ...words].map((answer, i) => {
      const base = {
        ...item(
          `q${i}`,
          longPassage,
          `Complete the sentence from the source: “Statement ${i} is about _____.”`,
        ),
        sourceRefs: [
          { passageId: longPassage, articleId: "a", rawStart: i * 70, rawEnd: i * 70 + 10, quote: "x" },
        ],
      };
      const question =
        i === 2
          ? {
              ...base,
              type: "single_choice",
              options: [
                { id: "a", text: answer },
                { id: "b", text: "rainfall" },
              ],
              key: "a",
            }
          : { ...base, type: "cloze", key: { accepted: [answer] }, rejected: [] };
      // The repeated answers score best, so only the rule keeps them out.
      return { question: question as Question, fact: `f${i}`, score: 0.9 - i * 0.01, testsConcepts: [] };
    });
    const set = selectQuizSets(withLongLesson, scored, 0).get("l1") ?? [];
    const asked = (ids: string[]) => ids.filter((id) => set.includes(id)).length;
    expect(asked(["q0", "q1", "q2"])).toBe(1);
    expect(asked(["q3", "q4"])).toBe(1);
  });
});

describe("selectQuizSets on a retry", () => {
  it("asks a fact with a single answer in another type than the first set did", () => {
    const lesson = { id: "l1", passageIds: [shortPassage], conceptIds: [] };
    const withLesson = { ...bundle, lessons: [lesson as unknown as CourseBundle["lessons"][number]] };
    const ref = { passageId: shortPassage, articleId: "a", rawStart: 57, rawEnd: 97, quote: "x" };
    const base = { ...item("x", shortPassage, "x"), sourceRefs: [ref] };
    const cloze = {
      ...base,
      id: "cloze",
      type: "cloze",
      stem: "Complete the sentence from the source: “Economists call this the _____.”",
      key: { accepted: ["Jevons paradox"] },
    } as Question;
    const choice = {
      ...base,
      id: "choice",
      type: "single_choice",
      stem: "Which term completes the statement from the source: “Economists call this the _____.”?",
      options: [
        { id: "a", text: "Jevons paradox" },
        { id: "b", text: "rebound effect" },
        { id: "c", text: "Moore's law" },
      ],
      key: "a",
    } as Question;
    const scored = [
      { question: cloze, fact: "f", score: 0.8, testsConcepts: [] },
      { question: choice, fact: "f", score: 0.6, testsConcepts: [] },
    ];
    const first = selectQuizSets(withLesson, scored, 0).get("l1");
    const retry = selectQuizSets(withLesson, scored, 1).get("l1");
    expect(first).toEqual(["cloze"]);
    expect(retry).toEqual(["choice"]);
  });
});

describe("selectQuizSets on a retry of a fact with a statement of both sides", () => {
  it("asks the statement on its other side and the blank in another type, not the statement alone", () => {
    const lesson = { id: "l1", passageIds: [shortPassage], conceptIds: [] };
    const withLesson = { ...bundle, lessons: [lesson as unknown as CourseBundle["lessons"][number]] };
    const ref = { passageId: shortPassage, articleId: "a", rawStart: 57, rawEnd: 97, quote: "x" };
    const base = { ...item("x", shortPassage, "x"), sourceRefs: [ref] };
    const cloze = {
      ...base,
      id: "cloze",
      type: "cloze",
      stem: "Complete the sentence from the source: “Economists call this the _____.”",
      key: { accepted: ["Jevons paradox"] },
    } as Question;
    const choice = {
      ...base,
      id: "choice",
      type: "single_choice",
      stem: "Which term completes the statement from the source: “Economists call this the _____.”?",
      options: [
        { id: "a", text: "Jevons paradox" },
        { id: "b", text: "rebound effect" },
        { id: "c", text: "Moore's law" },
      ],
      key: "a",
    } as Question;
    // The statement changes side with the variant, as the generators' statements do: true on the
    // first attempt (it gives the blank away, so the first set asks the blank alone), false on the retry.
    const truth = "Economists call this the Jevons paradox.";
    const statement = (variant: number) =>
      ({
        ...base,
        id: `tf-${variant}`,
        stem: variant % 2 === 0 ? truth : "Economists call this the rebound effect.",
        key: variant % 2 === 0,
        ...(variant % 2 === 0 ? {} : { correction: truth }),
      }) as Question;
    const scored = (variant: number) =>
      [cloze, choice, statement(variant)].map((question, i) => ({
        question,
        fact: "f",
        score: 0.8 - i * 0.1,
        testsConcepts: [],
      }));
    expect(selectQuizSets(withLesson, scored(0), 0).get("l1")).toEqual(["cloze"]);
    expect([...(selectQuizSets(withLesson, scored(1), 1).get("l1") ?? [])].sort()).toEqual([
      "choice",
      "tf-1",
    ]);
  });
});

describe("selectQuizSets on a retry of a long lesson", () => {
  it("turns to facts the first set left out before asking its facts again", () => {
    // 30 facts of one answer each, in three types, scored close together (0.6 to 0.75).
    const scored = Array.from({ length: 30 }, (_, i) => {
      const ref = refAt(i);
      const base = { ...item(`q${i}`, longPassage, `Statement ${i} about coal.`), sourceRefs: [ref] };
      const question =
        i % 3 === 0
          ? { ...base, type: "cloze", key: { accepted: [`alpha ${i}`] } }
          : i % 3 === 1
            ? {
                ...base,
                type: "single_choice",
                options: [
                  { id: "a", text: `alpha ${i}` },
                  { id: "b", text: `bravo ${i}` },
                  { id: "c", text: `delta ${i}` },
                ],
                key: "a",
              }
            : { ...base, key: i % 4 === 0 };
      return { question: question as Question, fact: `f${i}`, score: 0.6 + i * 0.005, testsConcepts: [] };
    });
    const first = selectQuizSets(withLongLesson, scored, 0).get("l1") ?? [];
    const retry = selectQuizSets(withLongLesson, scored, 1).get("l1") ?? [];
    expect(retry.length).toBe(first.length);
    const again = retry.filter((id) => first.includes(id));
    expect(again.length).toBeLessThanOrEqual(first.length / 3);
  });
});

describe("selectQuizSets on a retry of a lesson with facts it cannot ask afresh", () => {
  it("asks at most a third of the retry's set again, leaving out the weakest repeats", () => {
    // Six facts asked by a blank or a choice (a retry switches the form) and six with one typed
    // answer only, a word or a number (a retry can only ask them again), scored close together.
    const scored = Array.from({ length: 12 }, (_, i) => {
      const ref = refAt(i);
      const base = { ...item(`q${i}`, longPassage, `Statement ${i} about coal.`), sourceRefs: [ref] };
      const answer = `alpha ${i}`;
      const forms: Question[] =
        i < 6
          ? [
              { ...base, id: `cloze${i}`, type: "cloze", key: { accepted: [answer] } } as Question,
              {
                ...base,
                id: `choice${i}`,
                type: "single_choice",
                options: [
                  { id: "a", text: answer },
                  { id: "b", text: `bravo ${i}` },
                  { id: "c", text: `delta ${i}` },
                ],
                key: "a",
              } as Question,
            ]
          : i % 2 === 0
            ? [{ ...base, id: `typed${i}`, type: "short_answer", key: { accepted: [answer] } } as Question]
            : [
                {
                  ...base,
                  id: `typed${i}`,
                  type: "numeric",
                  key: { value: 100 + i, tolerance: { mode: "absolute", amount: 0 } },
                } as Question,
              ];
      return forms.map((question) => ({ question, fact: `f${i}`, score: 0.6 + i * 0.01, testsConcepts: [] }));
    }).flat();
    const first = selectQuizSets(withLongLesson, scored, 0).get("l1") ?? [];
    const retry = selectQuizSets(withLongLesson, scored, 1).get("l1") ?? [];
    const again = retry.filter((id) => first.includes(id));
    expect(first.filter((id) => id.startsWith("typed"))).toHaveLength(6);
    expect(again.length).toBeGreaterThan(0);
    expect(again.length).toBeLessThanOrEqual(retry.length / 3);
    // What leaves is the weakest of what the student met: the strongest typed facts stay.
    expect(again).toContain("typed11");
    expect(retry).not.toContain("typed6");
  });
});

describe("selectQuizSets on a lesson whose facts come in one form", () => {
  it("fills the set to eight with its facts, whatever their type, rather than stopping at the type's share", () => {
    // Ten facts, each asked only by a blank: one type, 35% of eight would be three of them.
    const scored = Array.from({ length: 10 }, (_, i) => {
      const ref = refAt(i);
      const question = {
        ...item(`cloze${i}`, longPassage, `Statement ${i} about _____.`),
        type: "cloze",
        key: { accepted: [`word${i}`] },
        sourceRefs: [ref],
      } as Question;
      return { question, fact: `f${i}`, score: 0.6 + i * 0.01, testsConcepts: [] };
    });
    const set = selectQuizSets(withLongLesson, scored, 0).get("l1") ?? [];
    expect(set).toHaveLength(8);
    // The best-scored facts, one item each.
    expect(set).toContain("cloze9");
    expect(set).not.toContain("cloze0");
  });
});
