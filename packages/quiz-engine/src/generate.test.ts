import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { QuizValidationError } from "./errors.ts";
import { gateQuestion, measureBankQuality } from "./gates.ts";
import { flipDirection, generateQuestions, isLabelBeforeNoun } from "./generate.ts";
import { gradeResponse } from "./grade.ts";
import type { Question } from "./schemas.ts";
import { makeSampleBundle } from "./testing/sample-bundle.ts";

const bundle = makeSampleBundle();

function keyResponse(q: Question): unknown {
  switch (q.type) {
    case "cloze":
    case "short_answer":
      return q.key.accepted[0];
    case "numeric":
      return q.key.value;
    default:
      return q.key;
  }
}

describe("generateQuestions", () => {
  it("is deterministic: same bundle and seed, same questions", () => {
    fc.assert(
      fc.property(fc.integer(), fc.integer({ min: 0, max: 5 }), (seed, variant) => {
        expect(generateQuestions(bundle, { seed, variant })).toEqual(
          generateQuestions(bundle, { seed, variant }),
        );
      }),
      { numRuns: 10 },
    );
  });

  it("gives fresh variants for a retry", () => {
    const first = generateQuestions(bundle, { seed: 9 }).questions;
    const retry = generateQuestions(bundle, { seed: 9, variant: 1 }).questions;
    const ids = new Set(first.map((q) => q.id));
    expect(retry.filter((q) => ids.has(q.id))).toEqual([]);
    const shown = (qs: Question[]) =>
      JSON.stringify(qs.map((q) => [q.stem, "options" in q ? q.options : []]));
    expect(shown(retry)).not.toEqual(shown(first));
  });

  it("covers every type the analysis allows and every concept", () => {
    const { questions, report } = generateQuestions(bundle, { seed: 1 });
    expect(Object.keys(report.countsByType).sort()).toEqual(
      [
        "cloze",
        "matching",
        "multiple_choice",
        "numeric",
        "ordering",
        "short_answer",
        "single_choice",
        "true_false",
      ].sort(),
    );
    for (const concept of bundle.concepts)
      expect(report.countsByConcept[concept.id] ?? 0).toBeGreaterThanOrEqual(2);
    expect(questions.length).toBe(Object.values(report.countsByType).reduce((s, n) => s + (n ?? 0), 0));
  });

  it("only returns items that pass both gates, and their keys grade 1", () => {
    for (const seed of [1, 2, 3]) {
      const { questions } = generateQuestions(bundle, { seed });
      for (const q of questions) {
        expect({ id: q.id, verdict: gateQuestion(q, bundle) }).toEqual({
          id: q.id,
          verdict: { passed: true },
        });
        expect(gradeResponse(q, keyResponse(q)).score).toBe(1);
      }
    }
  });

  it("orders dated events by date", () => {
    const { questions } = generateQuestions(bundle, { seed: 4 });
    const ordering = questions.find((q) => q.type === "ordering");
    if (ordering?.type !== "ordering") throw new Error("no ordering question");
    const texts = ordering.key.map((id) => ordering.options.find((o) => o.id === id)?.text ?? "");
    expect(texts).toEqual([
      "DeepSeek launched its reasoning model R1",
      "The app reached the top of the App Store",
      "Nvidia, Amazon and Microsoft announced integrations",
      "Google published a response to the new model",
    ]);
    expect(texts.join(" ")).not.toMatch(/January|February/);
  });

  it("makes false statements the source contradicts, with the true one as correction", () => {
    const { questions } = generateQuestions(bundle, { seed: 2 });
    const falses = questions.filter((q) => q.type === "true_false" && !q.key);
    expect(falses.length).toBeGreaterThan(2);
    for (const q of falses) {
      if (q.type !== "true_false") continue;
      expect(q.correction).toBeDefined();
      expect(q.correction).not.toEqual(q.stem);
    }
  });

  it("draws distractors of the key's kind and never an equivalent of the key", () => {
    const { questions } = generateQuestions(bundle, { seed: 6 });
    const money = questions.filter((q) => q.generator === "number.money.choice");
    expect(money.length).toBeGreaterThan(0);
    for (const q of money) {
      if (q.type !== "single_choice") continue;
      for (const o of q.options) expect(o.text).toMatch(/^\$\d/);
      expect(new Set(q.options.map((o) => o.text)).size).toBe(q.options.length);
    }
  });

  it("keeps test-wise strategies within chance plus 10 points", () => {
    for (const seed of [1, 2, 3, 4]) {
      const quality = measureBankQuality(generateQuestions(bundle, { seed }).questions);
      expect(quality.flags).toEqual([]);
    }
  });

  it("reports dropped candidates with their gate and a reason", () => {
    const broken = structuredClone(bundle);
    const definition = broken.definitions.find((d) => d.term === "Distillation");
    if (!definition) throw new Error("fixture changed");
    definition.gloss = "copying another company's model weights";
    const { questions, report } = generateQuestions(broken, { seed: 1 });
    expect(
      report.dropped.some((d) => d.gate === "grounding" && d.reason.includes("copying another company")),
    ).toBe(true);
    const claimsIt = (q: Question) =>
      (q.type === "single_choice" && q.options.find((o) => o.id === q.key)?.text.includes("copying")) ||
      (q.type === "true_false" && q.key && q.stem.includes("copying"));
    expect(questions.filter(claimsIt)).toEqual([]);
  });
});

describe("generateQuestions misuse and edge cases", () => {
  it("asks about a fit sentence that states a change though content kept no claim of it", () => {
    const unclaimed = { ...bundle, definitions: [], causalLinks: [], claims: [], mentions: [], concepts: [] };
    const { questions } = generateQuestions(unclaimed, { seed: 1 });
    const statements = questions.filter((q) => q.type === "true_false");
    expect(statements.map((q) => (q.key ? q.stem : q.correction))).toContain(
      "Lower prices led to a surge in downloads.",
    );
  });

  it("returns nothing, and reports nothing dropped, for a bundle without sentences or analysis", () => {
    const empty = {
      ...bundle,
      sentences: [],
      definitions: [],
      causalLinks: [],
      claims: [],
      mentions: [],
      concepts: [],
    };
    expect(generateQuestions(empty, { seed: 1 })).toEqual({
      questions: [],
      report: {
        countsByType: {},
        countsByConcept: {},
        dropped: [],
        droppedByReason: {},
        lowScoredByReason: {},
        quizSets: Object.fromEntries(empty.lessons.map((l) => [l.id, []])),
      },
    });
  });

  it("throws on a malformed bundle or seed", () => {
    expect(() => generateQuestions({ ...bundle, schemaVersion: 1 } as never, { seed: 1 })).toThrow(
      QuizValidationError,
    );
    expect(() => generateQuestions(bundle, { seed: 1.5 })).toThrow(QuizValidationError);
  });
});

describe("generated keys and distractors", () => {
  it("grade every key 1 and every distractor or near miss 0, for any seed", () => {
    fc.assert(
      fc.property(fc.integer({ min: 0, max: 100_000 }), (seed) => {
        for (const q of generateQuestions(bundle, { seed }).questions) {
          expect(gradeResponse(q, keyResponse(q)).score).toBe(1);
          if (q.type === "single_choice") {
            for (const o of q.options) if (o.id !== q.key) expect(gradeResponse(q, o.id).score).toBe(0);
          }
          if (q.type === "true_false") expect(gradeResponse(q, !q.key).score).toBe(0);
          if (q.type === "cloze" || q.type === "short_answer") {
            for (const wrong of q.rejected ?? [])
              expect({ q: q.id, wrong, score: gradeResponse(q, wrong).score }).toMatchObject({ score: 0 });
          }
        }
      }),
      { numRuns: 10 },
    );
  });
});

describe("flipDirection", () => {
  it("swaps one direction word and leaves negations alone", () => {
    expect(flipDirection("Demand for chips will increase.")).toBe("Demand for chips will decrease.");
    expect(flipDirection("Coal consumption rose instead of falling.")).toBe(
      "Coal consumption fell instead of rising.",
    );
    expect(flipDirection("Coal consumption did not rise.")).toBeNull();
    expect(flipDirection("DeepSeek released a model.")).toBeNull();
  });
});

describe("isLabelBeforeNoun", () => {
  it("reads a bare number before a singular noun as a name, a count or a measure as a number", () => {
    expect(isLabelBeforeNoun("999", "The state of Alaska had a 999 outage.")).toBe(true);
    expect(isLabelBeforeNoun("911", "Calls to the 911 line failed.")).toBe(true);
    expect(isLabelBeforeNoun("30", "The firm took a 30 percent cut.")).toBe(false);
    expect(isLabelBeforeNoun("500", "It hired the 500 workers it needed.")).toBe(false);
    expect(isLabelBeforeNoun("100", "The plant runs a 100 megawatts turbine.")).toBe(false);
    expect(isLabelBeforeNoun("1450", "Around 1450 the press spread.")).toBe(false);
  });
});
