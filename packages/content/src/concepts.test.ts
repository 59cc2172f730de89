import { describe, expect, it } from "vitest";
import { type AnalyzedArticle, conceptMatcher, detectConcepts, findQuote } from "./concepts.ts";
import { buildLessons } from "./lessons.ts";
import { normalizeText } from "./normalize.ts";
import { readArticles } from "./read.ts";

const article = (id: string, text: string): AnalyzedArticle => {
  const [read] = readArticles([{ id, rawText: text }]);
  if (!read) throw new Error("no article");
  return read;
};

const one = article(
  "one",
  "Cheaper models raise demand. This effect is known as the Jevons paradox. The steam engine used less coal, yet coal use rose.\nModel distillation is hard. Basically, it means compressing a big model into a smaller one.",
);
const two = article(
  "two",
  "Export controls limit chips. The Jevons paradox explains why chip demand rose anyway.",
);

describe("conceptMatcher", () => {
  it("matches whole words, any case, hyphen or space, plurals", () => {
    const matcher = conceptMatcher(["open source", "reasoning model"]);
    expect(matcher.test("An Open-Source release")).toBe(true);
    expect(matcher.test("two reasoning models")).toBe(true);
    expect(matcher.test("reopen sources")).toBe(false);
  });
});

describe("findQuote", () => {
  it("finds a quote copied from the raw text and maps it to the normalised text", () => {
    const normalized = normalizeText("It was hard to ignoreHaving tried it.");
    const found = findQuote(normalized, "ignoreHaving tried");
    expect(found && normalized.text.slice(found.start, found.end)).toBe("ignore. Having tried");
    expect(findQuote(normalized, "not there")).toBeUndefined();
  });
});

describe("detectConcepts", () => {
  it("links every passage naming a concept and cites its definition across articles", () => {
    const [jevons] = detectConcepts(
      [one, two],
      [{ name: "Jevons paradox", aliases: ["steam engine"], definedBy: [] }],
    );
    expect(jevons?.origin).toBe("author");
    expect(jevons?.passageIds).toHaveLength(2);
    // "This effect is known as X" names it; the sentence that explains the effect defines it.
    expect(jevons?.definitionRef?.quote).toBe("The steam engine used less coal, yet coal use rose.");
  });

  it("lets an author's definition and definedBy quote win over detection", () => {
    const [card] = detectConcepts(
      [one, two],
      [
        {
          id: "jp",
          name: "Jevons paradox",
          aliases: [],
          definition: "Efficiency raises use.",
          definedBy: ["coal use rose"],
        },
      ],
    );
    expect(card).toMatchObject({ id: "jp", definition: "Efficiency raises use." });
    expect(card?.definitionRef?.quote).toBe("coal use rose");
  });

  it("detects defined terms that no card names, with their cited definition", () => {
    const concepts = detectConcepts(
      [one, two, article("three", "Distillation of a model saves money, experts say.")],
      [],
    );
    const distillation = concepts.find((c) => c.name === "distillation");
    expect(distillation?.origin).toBe("detected");
    expect(distillation?.definitionRef?.quote).toBe(
      "Basically, it means compressing a big model into a smaller one.",
    );
  });
});

describe("buildLessons", () => {
  it("keeps garbled sentences out of the summary", () => {
    const noisy = article(
      "noisy",
      "Ully dueopopment wrks excelmely laarge anf tropden constribution movent here now. The cheaper model raised the demand for chips across the whole market. Prices fell sharply during the first week of trading in January.",
    );
    const [lesson] = buildLessons({ id: "noisy", title: "Noisy" }, noisy, [], []);
    expect(lesson?.summary.map((s) => s.text)).toEqual([
      "The cheaper model raised the demand for chips across the whole market.",
      "Prices fell sharply during the first week of trading in January.",
    ]);
  });

  it("makes a cited lesson with objectives for the concepts it teaches", () => {
    const concepts = detectConcepts([one, two], [{ name: "Jevons paradox", aliases: [], definedBy: [] }]);
    const [lesson] = buildLessons({ id: "one", title: "Cheap AI" }, one, concepts, []);
    expect(lesson?.title).toBe("Cheap AI");
    expect(lesson?.conceptIds).toContain("jevons-paradox");
    expect(lesson?.objectives[0]?.text).toBe("Define Jevons paradox and explain how the article uses it.");
    expect(lesson?.objectives[0]?.ref.quote).toBe("The steam engine used less coal, yet coal use rose.");
    expect(lesson?.passageIds).toEqual(one.segmented.passages.map((p) => p.id));
    expect(lesson?.readingMinutes).toBeGreaterThan(0);
  });
});
