import { describe, expect, it } from "vitest";
import { generateQuestions } from "./generate.ts";
import { isEquivalent } from "./phrases.ts";
import type { Question } from "./schemas.ts";
import { makeBundle } from "./testing/make-bundle.ts";

const optionTexts = (q: Question) => ("options" in q ? q.options.map((o) => o.text) : []);

describe("dated events", () => {
  const printing =
    "Around 1450, Johannes Gutenberg introduced the first movable type printing system in Europe.";
  const steam = [
    "In 1712, Thomas Newcomen built the first practical steam engine for pumping water.",
    "In 1769, James Watt patented a separate condenser for the steam engine.",
    "In 1804, Richard Trevithick ran the first steam locomotive on rails in Wales.",
    "Puddling became widely used after 1800 in the iron works of the region.",
  ];
  const bundle = makeBundle(
    [
      { id: "printing", paragraphs: [printing] },
      { id: "steam", paragraphs: [steam.join(" ")] },
    ],
    {
      mentions: [
        { articleId: "printing", text: "Around 1450", kind: "date" },
        { articleId: "steam", text: "In 1712", kind: "date", normalized: "1712" },
        { articleId: "steam", text: "In 1769", kind: "date", normalized: "1769" },
        { articleId: "steam", text: "In 1804", kind: "date", normalized: "1804" },
        { articleId: "steam", text: "1800", kind: "date", normalized: "1800" },
        { articleId: "steam", text: "Thomas Newcomen", kind: "person" },
        { articleId: "steam", text: "James Watt", kind: "person" },
        { articleId: "steam", text: "Richard Trevithick", kind: "person" },
      ],
    },
  );
  const { questions } = generateQuestions(bundle, { seed: 3 });

  it("asks when a lone dated event happened, against years spaced to be plainly wrong", () => {
    const when = questions.find((q) => q.type === "single_choice" && q.stem.includes("Gutenberg"));
    expect(when).toBeDefined();
    const options = optionTexts(when as Question);
    expect(options).toContain("Around 1450");
    expect(options.length).toBeGreaterThanOrEqual(3);
    for (const o of options.filter((o) => o !== "Around 1450")) {
      const year = Number(/\d{4}/.exec(o)?.[0]);
      // Not a year of the unrelated article, never after the course's latest year, decades away.
      expect([1712, 1769, 1804, 1800]).not.toContain(year);
      expect(year).toBeLessThanOrEqual(1804);
      expect(Math.abs(year - 1450)).toBeGreaterThanOrEqual(30);
    }
  });

  it("orders only events of one article or related articles", () => {
    const ordering = questions.filter((q) => q.type === "ordering");
    expect(ordering.length).toBe(1);
    expect(new Set(ordering[0]?.sourceRefs.map((r) => r.articleId))).toEqual(new Set(["steam"]));
  });

  it("never cuts a date off the preposition it leans on ('widely used after')", () => {
    const shown = questions.flatMap((q) => [q.stem, ...optionTexts(q)]);
    expect(shown.some((t) => /used after\b(?! 1800)/.test(t))).toBe(false);
  });

  it("does not take years a few percent apart for the same answer", () => {
    expect(isEquivalent("Around 1450", "Around 1415")).toBe(false);
    expect(isEquivalent("1450", "1450")).toBe(true);
    expect(isEquivalent("$1450", "$1415")).toBe(true);
  });
});
