import { describe, expect, it } from "vitest";
import { normalizeText } from "./normalize.ts";
import { segmentArticle } from "./segment.ts";

const long = Array.from(
  { length: 30 },
  (_, i) => `Sentence number ${i} talks about chips and costs in detail.`,
).join(" ");

describe("segmentArticle", () => {
  it("never lets a sentence cross a paragraph break", () => {
    const { sentences } = segmentArticle(
      "a",
      normalizeText("A heading without a stop\nThe body starts here. It goes on."),
    );
    expect(sentences.map((s) => s.text)).toEqual([
      "A heading without a stop",
      "The body starts here.",
      "It goes on.",
    ]);
  });

  it("joins a heading to the text after it and splits long paragraphs near 120 words", () => {
    const { passages } = segmentArticle("a", normalizeText(`Costs\n${long}`));
    expect(passages.length).toBeGreaterThan(1);
    expect(passages[0]?.text.startsWith("Costs\nSentence number 0")).toBe(true);
    for (const p of passages) expect(p.text.split(" ").length).toBeLessThanOrEqual(200);
    expect(passages.map((p) => p.index)).toEqual(passages.map((_, i) => i));
  });

  it("starts each section's passage with its heading, never ends a passage on one", () => {
    const section = (title: string) =>
      `${title}:\nThis section has a first sentence with enough words to count for something here.\nAnd a second sentence that also carries plenty of words to reach the passage minimum.`;
    const { passages } = segmentArticle(
      "a",
      normalizeText([section("One"), section("Two"), section("Three")].join("\n")),
    );
    expect(passages.map((p) => p.text.split("\n")[0])).toEqual(["One:", "Two:", "Three:"]);
  });

  it("derives ids from content: unchanged text keeps its ids when other text changes", () => {
    const before = segmentArticle(
      "a",
      normalizeText(
        `First paragraph is here and long enough to stand alone as a passage of its own, with more words to pass the minimum length of forty words that a passage needs before it is closed off by the segmenter.\n${long}`,
      ),
    );
    const after = segmentArticle(
      "a",
      normalizeText(
        `A different first paragraph that is also long enough to stand alone as a passage, with plenty of words to pass the minimum length of forty words that a passage needs before it closes.\n${long}`,
      ),
    );
    expect(before.passages[0]?.id).not.toBe(after.passages[0]?.id);
    expect(before.passages.slice(1).map((p) => p.id)).toEqual(after.passages.slice(1).map((p) => p.id));
  });
});
