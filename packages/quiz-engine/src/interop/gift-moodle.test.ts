import { readFileSync } from "node:fs";
import { describe, expect, it } from "vitest";
import { gradeResponse } from "../grade.ts";
import type { Question } from "../schemas.ts";
import { makeSampleBundle } from "../testing/sample-bundle.ts";
import { exportGift, importGift, NEEDS_SOURCE, type QuestionDraft } from "./gift.ts";

/**
 * The golden test on Moodle's own GIFT examples (tests/fixtures/interop/moodle/examples.txt): every
 * question imports, as a draft that needs a source, with its weights and feedback; GIFT out and in
 * again is equal in meaning, read as Moodle reads it (without the `// groundwork:` line).
 */
const EXAMPLES = readFileSync(
  new URL("../../../../tests/fixtures/interop/moodle/examples.txt", import.meta.url),
  "utf8",
);

/** What a question means to Moodle and to a student, with ids replaced by the texts they name. */
function meaning(question: QuestionDraft) {
  const base = {
    type: question.type,
    title: question.title ?? null,
    stem: question.stem,
    markup: question.stemMarkup ?? null,
    explanation: question.explanation ?? null,
  };
  const feedbackOf = (id: string) => question.feedback?.find((f) => f.optionId === id)?.text ?? null;
  switch (question.type) {
    case "single_choice":
    case "multiple_choice": {
      const isKey = (id: string) =>
        question.type === "single_choice" ? question.key === id : question.key.includes(id);
      return {
        ...base,
        options: question.options.map((o) => ({
          text: o.text,
          isKey: isKey(o.id),
          weight: question.weights?.[o.id] ?? null,
          feedback: feedbackOf(o.id),
        })),
      };
    }
    case "true_false":
      return { ...base, key: question.key, feedback: [feedbackOf("true"), feedbackOf("false")] };
    case "cloze":
    case "short_answer":
      return {
        ...base,
        accepted: question.key.accepted,
        answers: question.answers ?? [],
        rejected: question.rejected ?? [],
      };
    case "numeric":
      return { ...base, key: question.key, answers: question.answers ?? [] };
    case "matching":
      return {
        ...base,
        pairs: question.left.map((l) => [
          l.text,
          question.right.find((r) => r.id === question.key[l.id])?.text,
        ]),
        right: question.right.map((r) => r.text),
      };
    case "ordering":
      return { ...base, order: question.key.map((id) => question.options.find((o) => o.id === id)?.text) };
  }
}

const withoutGroundworkLines = (gift: string) =>
  gift
    .split("\n")
    .filter((line) => !line.startsWith("// groundwork:"))
    .join("\n");

/** A cited copy, so the grader (which needs a citation) can grade a draft. */
const cited = (draft: QuestionDraft): Question =>
  ({
    ...draft,
    sourceRefs: [{ passageId: "p", articleId: "a", rawStart: 0, rawEnd: 1, quote: "x" }],
  }) as Question;

describe("GIFT: Moodle's examples.txt, golden", () => {
  const imported = importGift(EXAMPLES);
  const drafts = imported.drafts.map((d) => d.question);
  const byTitle = (title: string) => drafts.filter((q) => q.title === title);
  const byStem = (stem: string) => drafts.filter((q) => q.stem === stem);

  it("every question imports with no error and nothing lost: 43 drafts that need a source", () => {
    expect(imported.problems).toEqual([]);
    expect(imported.skipped).toEqual([]);
    expect(imported.questions).toEqual([]);
    expect(drafts).toHaveLength(43);
    for (const draft of imported.drafts) {
      expect(draft).toMatchObject({ needsSource: true, reasons: [NEEDS_SOURCE] });
    }
    expect(new Set(drafts.map((d) => d.id)).size).toBe(43);
  });

  it("keeps the weights and per-answer feedback Moodle grades with", () => {
    const [hometown] = byTitle("Jesus' hometown").filter((q) => q.type === "single_choice");
    expect(meaning(hometown as QuestionDraft)).toMatchObject({
      options: [
        {
          text: "Jerusalem",
          isKey: false,
          weight: null,
          feedback: "This was an important city, but the wrong answer.",
        },
        { text: "Bethlehem", isKey: false, weight: 0.25, feedback: "He was born here, but not raised here." },
        { text: "Galilee", isKey: false, weight: 0.5, feedback: "You need to be more specific." },
        { text: "Nazareth", isKey: true, weight: 1, feedback: "Yes! That's right!" },
      ],
    });
    const [typed] = byTitle("Jesus' hometown").filter((q) => q.type === "short_answer");
    expect(typed).toMatchObject({
      key: { accepted: ["Nazareth"] },
      answers: [
        { text: "Nazareth", weight: 1, feedback: "Yes! That's right!" },
        { text: "Nazereth", weight: 0.75, feedback: "Right, but misspelled." },
        { text: "Bethlehem", weight: 0.25, feedback: "He was born here, but not raised here." },
      ],
    });
    const [born] = byTitle("Numerical example");
    expect(born).toMatchObject({
      key: { value: 1822, tolerance: { mode: "absolute", amount: 0 } },
      answers: [
        { value: 1822, weight: 1, feedback: "Correct! 100% credit" },
        {
          value: 1822,
          tolerance: { amount: 2 },
          weight: 0.5,
          feedback: expect.stringMatching(/^He was born in 1822\.\n/),
        },
      ],
    });
    const [zeroForWrong, negative] = byStem("What two people are entombed in Grant's tomb?");
    // Moodle scores ticked weights: with 0% wrong options, ticking all four still earns 100%.
    expect(meaning(zeroForWrong as QuestionDraft)).toMatchObject({
      options: [{ weight: null }, { weight: 0.5 }, { weight: 0.5 }, { weight: null }],
    });
    // -50% wrong options are Groundwork's own default: no weights needed.
    expect(negative).toMatchObject({ type: "multiple_choice" });
    expect((negative as { weights?: unknown }).weights).toBeUndefined();
    const [markdown] = drafts.filter((q) => q.stemMarkup);
    expect(markdown).toMatchObject({
      stem: "Who's buried in Grant's tomb?",
      stemMarkup: { format: "markdown", text: "Who's buried in **Grant's tomb**?" },
    });
  });

  it("grades as Moodle would: partial credit, accepted misspellings, ranges, feedback", () => {
    const [choice] = byTitle("Jesus' hometown").filter((q) => q.type === "single_choice");
    const c = cited(choice as QuestionDraft);
    if (c.type !== "single_choice") throw new Error("not single choice");
    const id = (text: string) => c.options.find((o) => o.text === text)?.id as string;
    expect(gradeResponse(c, id("Galilee"))).toMatchObject({ score: 0.5, correct: false });
    expect(gradeResponse(c, id("Galilee")).feedback).toContain("You need to be more specific.");
    expect(gradeResponse(c, id("Nazareth")).feedback).toMatch(/^Correct\. Yes! That's right!/);
    const typed = cited(byTitle("Jesus' hometown").find((q) => q.type === "short_answer") as QuestionDraft);
    expect(gradeResponse(typed, "Nazereth")).toMatchObject({ score: 0.75 });
    expect(gradeResponse(typed, "nazereth").feedback).toContain("Right, but misspelled.");
    expect(gradeResponse(typed, "Bethlehem")).toMatchObject({ score: 0.25 });
    expect(gradeResponse(typed, "Nazareth")).toMatchObject({ score: 1 });
    expect(gradeResponse(typed, "Rome")).toMatchObject({ score: 0 });
    const born = cited(byTitle("Numerical example")[0] as QuestionDraft);
    expect(gradeResponse(born, "1822")).toMatchObject({ score: 1 });
    expect(gradeResponse(born, "1823").score).toBe(0.5);
    expect(gradeResponse(born, "1830").score).toBe(0);
    const [zeroForWrong] = byStem("What two people are entombed in Grant's tomb?");
    const multi = cited(zeroForWrong as QuestionDraft);
    if (multi.type !== "multiple_choice") throw new Error("not multiple choice");
    expect(
      gradeResponse(
        multi,
        multi.options.map((o) => o.id),
      ).score,
    ).toBe(1);
  });

  it("GIFT out and in again is equal, with and without the groundwork line (as Moodle reads it)", () => {
    const { text, skipped } = exportGift(drafts);
    expect(skipped).toEqual([]);
    const back = importGift(text);
    expect(back.problems).toEqual([]);
    expect(back.drafts.map((d) => d.question)).toEqual(drafts);
    const moodle = importGift(withoutGroundworkLines(text));
    expect(moodle.problems).toEqual([]);
    expect(moodle.drafts.map((d) => meaning(d.question))).toEqual(drafts.map(meaning));
  });

  it("in, edited, out, in: the edit is there and nothing else moved", () => {
    const edited = drafts.map((q) =>
      q.title === "Numerical example" && q.type === "numeric"
        ? {
            ...q,
            stem: "In which year was Ulysses S. Grant born?",
            answers: q.answers?.map((a) => (a.weight < 1 ? { ...a, weight: 0.25 } : a)),
          }
        : q,
    );
    const back = importGift(withoutGroundworkLines(exportGift(edited).text));
    expect(back.drafts.map((d) => meaning(d.question))).toEqual(edited.map(meaning));
  });

  it("with a course, each draft gets the best-matching passages proposed", () => {
    const bundle = makeSampleBundle();
    const text = `Which paradox names coal consumption rising as steam engines became more efficient? {=Jevons paradox ~Moore's law}`;
    const [draft] = importGift(text, { bundle }).drafts;
    expect(draft?.needsSource).toBe(true);
    expect(draft?.proposals[0]).toMatchObject({ passageId: bundle.passages[0]?.id });
    expect(draft?.proposals[0]?.score).toBeGreaterThan(draft?.proposals[1]?.score ?? 0);
  });
});
