import { describe, expect, it } from "vitest";
import { makeSampleBundle } from "../testing/sample-bundle.ts";
import { exportAnki } from "./anki.ts";

describe("Anki export", () => {
  const bundle = makeSampleBundle();
  const { text, cards } = exportAnki(bundle);
  const lines = text.trimEnd().split("\n");

  it("writes the header Anki reads", () => {
    expect(lines.slice(0, 7)).toEqual([
      "#separator:tab",
      "#html:true",
      "#notetype:Basic",
      `#deck:${bundle.course.title}`,
      "#columns:Front\tBack\tTags\tGUID",
      "#tags column:3",
      "#guid column:4",
    ]);
  });

  it("one line per card, four tab-separated fields, no raw quotes or line breaks in fields", () => {
    const notes = lines.slice(7);
    expect(notes).toHaveLength(cards.length);
    for (const note of notes) {
      const fields = note.split("\t");
      expect(fields).toHaveLength(4);
      expect(note).not.toMatch(/["\r]/);
    }
    expect(new Set(cards.map((c) => c.guid)).size).toBe(cards.length);
  });

  it("concept cards: name -> definition with the defining quote and its article", () => {
    const concept = bundle.concepts.find((c) => c.definitionRef);
    expect(concept).toBeDefined();
    const card = cards.find((c) => c.front.startsWith(concept?.name ?? "?"));
    expect(card?.tags).toContain("concept");
    const article = bundle.articles.find((a) => a.id === concept?.definitionRef?.articleId);
    const quote =
      article?.rawText.slice(concept?.definitionRef?.rawStart, concept?.definitionRef?.rawEnd) ?? "?";
    expect(card?.back).toContain(`<blockquote>${quote.replace(/&/g, "&amp;")}</blockquote>`);
  });

  it("fact cards blank the number and cite the sentence", () => {
    const fact = cards.find((c) => c.tags.includes("fact") && c.back.includes("$5.576 million"));
    expect(fact?.front).toContain("[…]");
    expect(fact?.front).not.toContain("$5.576 million");
    expect(fact?.back).toContain("The training cost for the R1 model was $5.576 million");
  });

  it("is deterministic and can leave facts out", () => {
    expect(exportAnki(bundle).text).toBe(text);
    expect(exportAnki(bundle, { includeFacts: false }).cards.every((c) => !c.tags.includes("fact"))).toBe(
      true,
    );
  });
});

describe("Anki provenance", () => {
  it("each cited card names its article and passage in the citation field", () => {
    const bundle = makeSampleBundle();
    const { cards } = exportAnki(bundle);
    const cited = cards.filter((c) => c.back.includes("gw-source"));
    expect(cited.length).toBeGreaterThan(0);
    for (const card of cited) {
      const passage = /data-passage=(\S+?)[ >]/.exec(card.back)?.[1];
      expect(card.back).toMatch(/data-article=\S+/);
      expect(bundle.passages.some((p) => p.id === passage)).toBe(true);
      expect(card.back).toContain(`, passage ${passage}`);
    }
  });
});
