import { describe, expect, it } from "vitest";
import { createQualityContext, scoreQuestion, statementOf } from "./quality.ts";
import type { Question } from "./schemas.ts";
import { makeBundle } from "./testing/make-bundle.ts";

describe("statementOf", () => {
  it("reads a quoted sentence whole when it quotes in turn, so its checks see its opening word", () => {
    const cloze = {
      id: "q",
      type: "cloze",
      stem: 'Complete the sentence from the source: “This phenomenon is known as the "_____ paradox."”',
      key: { accepted: ["Jevons"] },
      sourceRefs: [],
      conceptIds: [],
      difficulty: 0.3,
      generator: "entity.person.cloze",
    } as Question;
    expect(statementOf(cloze)).toBe('This phenomenon is known as the "_____ paradox."');
  });
});

describe("scoreQuestion on words no dictionary knows", () => {
  const text = "The team led the Technological Explration of the new tools in the city last year.";
  const repeated = "Openai released a new model. Openai also cut its prices for every developer.";
  const bundle = makeBundle([{ id: "a", paragraphs: [text, repeated] }], {
    mentions: [{ articleId: "a", text: "Technological Explration", kind: "organization" }],
  });
  const context = createQualityContext(bundle);
  const cloze = (stem: string, key: string): Question =>
    ({
      id: "q",
      type: "cloze",
      stem,
      key: { accepted: [key] },
      sourceRefs: [],
      conceptIds: [],
      difficulty: 0.5,
      generator: "entity.organization.cloze",
    }) as Question;

  it("drops a typed answer that is no word and that the course reads once", () => {
    const item = cloze(
      "Complete the sentence from the source: “The team led the Technological _____ of the new tools in the city last year.”",
      "Explration",
    );
    expect(scoreQuestion(item, context, []).flaws.map((f) => f.flaw)).toContain("garbled");
    const clean = cloze(
      "Complete the sentence from the source: “The team led the work on the new _____ in the city last year.”",
      "tools",
    );
    expect(scoreQuestion(clean, context, []).flaws.map((f) => f.flaw)).not.toContain("garbled");
  });

  it("scores down a stem with a repeated word no dictionary knows", () => {
    const odd = cloze(
      "Complete the sentence from the source: “Openai also cut its prices for every _____.”",
      "developer",
    );
    const plain = cloze(
      "Complete the sentence from the source: “The company also cut its prices for every _____.”",
      "developer",
    );
    const a = scoreQuestion(odd, context, []);
    expect(a.reasons.join(" ")).toContain("Openai");
    expect(a.score).toBeLessThan(scoreQuestion(plain, context, []).score);
  });
});

describe("scoreQuestion on a blank its own sentence gives away", () => {
  const text =
    "Classified as a starburst galaxy, it is a powerhouse of star formation, with arms rich in star-forming regions.";
  const bundle = makeBundle([{ id: "a", paragraphs: [text] }]);
  const context = createQualityContext(bundle);
  const cloze = (stem: string, key: string): Question =>
    ({
      id: "q",
      type: "cloze",
      stem: `Complete the sentence from the source: “${stem}”`,
      key: { accepted: [key] },
      sourceRefs: [],
      conceptIds: [],
      difficulty: 0.5,
      generator: "keyterm.cloze",
    }) as Question;
  const flawsOf = (q: Question) => scoreQuestion(q, context, []).flaws.map((f) => f.flaw);

  it("drops a blank whose every word stands elsewhere in the sentence, in another form", () => {
    const item = cloze(
      "Classified as a starburst galaxy, it is a powerhouse of _____, with arms rich in star-forming regions.",
      "star formation",
    );
    expect(flawsOf(item)).toContain("given_away");
  });

  it("keeps a blank only part of which the sentence names, and ignores the template's own words", () => {
    const partly = cloze(
      "Classified as a starburst galaxy, it is a powerhouse of _____, with arms rich in gas.",
      "star formation",
    );
    expect(flawsOf(partly)).not.toContain("given_away");
    const template = cloze("The committee wrote a short _____ for each chapter of the report.", "sentence");
    expect(flawsOf(template)).not.toContain("given_away");
  });
});

describe("scoreQuestion on a number its own sentence gives away", () => {
  const text = "The reaction center of photosystem two is called P680 because it absorbs 680 nm light best.";
  const bundle = makeBundle([{ id: "a", paragraphs: [text] }]);
  const context = createQualityContext(bundle);
  const numeric = (stem: string, value: number): Question =>
    ({
      id: "q",
      type: "numeric",
      stem: `Fill in the number: “${stem}”`,
      key: { value, tolerance: { mode: "relative", amount: 0.01 }, unit: null },
      sourceRefs: [],
      conceptIds: [],
      difficulty: 0.5,
      generator: "number.number",
    }) as Question;
  const flawsOf = (q: Question) => scoreQuestion(q, context, []).flaws.map((f) => f.flaw);

  it("drops a blank whose digits stand in another token of the sentence", () => {
    expect(
      flawsOf(
        numeric(
          "The reaction center of photosystem two is called P680 because it absorbs _____ nm light best.",
          680,
        ),
      ),
    ).toContain("given_away");
  });

  it("keeps a blank whose digits only begin another number", () => {
    expect(
      flawsOf(
        numeric("By 1933, more than 11,000 of the nation's _____ banks had failed, 25,000 in all.", 25),
      ),
    ).not.toContain("given_away");
  });
});

describe("scoreQuestion on a blank on the subject", () => {
  const text = "After a few doses of a vaccine, most people are immune to the disease.";
  const base = makeBundle([{ id: "a", paragraphs: [text] }]);
  const bundle = { ...base, course: { ...base.course, title: "How vaccines work" } };
  const context = createQualityContext(bundle);
  const cloze = (key: string): Question =>
    ({
      id: "q",
      type: "cloze",
      stem: `Complete the sentence from the source: “${text.replace(key, "_____")}”`,
      key: { accepted: [key] },
      sourceRefs: [
        {
          articleId: "a",
          passageId: base.passages[0]?.id ?? "",
          rawStart: 0,
          rawEnd: text.length,
          quote: text,
        },
      ],
      conceptIds: [],
      difficulty: 0.5,
      generator: "keyfact.cloze",
    }) as Question;

  it("flags the course's subject in its other grammatical number", () => {
    expect(scoreQuestion(cloze("vaccine"), context, []).flaws.map((f) => f.flaw)).toContain("subject_answer");
    expect(scoreQuestion(cloze("disease"), context, []).flaws.map((f) => f.flaw)).not.toContain(
      "subject_answer",
    );
  });
});
