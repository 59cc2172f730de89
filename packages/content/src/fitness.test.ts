import { describe, expect, it } from "vitest";
import type { SentenceFlagKind } from "./bundle.ts";
import { readArticles } from "./read.ts";

/** The flags of each sentence of `text`, read as a one-article course. */
function flagsOf(text: string): Array<{ text: string; kinds: SentenceFlagKind[]; isFit: boolean }> {
  const [article] = readArticles([{ id: "a", rawText: text }]);
  if (!article) return [];
  return article.segmented.sentences.map((s) => {
    const reading = article.readings.get(s.id);
    return { text: s.text, kinds: reading?.flags.map((f) => f.kind) ?? [], isFit: reading?.isFit ?? false };
  });
}
const kindsOf = (text: string) => flagsOf(text).flatMap((s) => s.kinds);

describe("sentence fitness", () => {
  it("passes clean prose, names, acronyms and mixed-case terms", () => {
    const sentences = flagsOf(
      "The vaccine uses mRNA to teach cells a new trick. Liang Wenfeng founded the company in Hangzhou in 2023. NVIDIA sold more GPUs than ever before.",
    );
    for (const s of sentences) expect(s, s.text).toMatchObject({ kinds: [], isFit: true });
  });

  it.each<[SentenceFlagKind, string]>([
    ["misspelling", "The team made a propound undertnding of the whole field."],
    ["glued_words", "The new policy was announced sincegoodwill returned to the market."],
    ["odd_casing", "The Team Has Gathered Some Top Talent And Used Advanced Tools Every Day."],
    ["odd_casing", "People BeANGAN using the engines far more than before."],
    ["repetition", "Users may may hesitate when the price is high."],
    ["fragment", "Mainly focused on image and video recognition."],
    ["heading", "The Path of Technology Innovation\nIt began in a garage and grew from there."],
    ["list_item", "- The cost of training fell by half in one year.\n- Demand rose."],
    ["list_item", "4.3 Recurrence\nThe disease returned within the year."],
    ["citation", "Smith, J. (2019). Retrieved 12 March 2020 from the archive."],
    ["question", "How will they justify such investments after the release?"],
    ["boilerplate", "Click here to subscribe to our newsletter for daily updates."],
    ["truncated", "The system also offered a way to run models on the"],
    ["truncated", "and then the market recovered within a week of trading."],
  ])("flags %s: %j", (kind, text) => {
    expect(kindsOf(text)).toContain(kind);
  });

  it("does not count a word that recurs in the course as a misspelling", () => {
    const text = "The zorbix is cheap. A zorbix runs fast. Every zorbix sells well.";
    expect(kindsOf(text)).not.toContain("misspelling");
  });

  it("gives every flag a reason", () => {
    const [article] = readArticles([{ id: "a", rawText: "Users may may hesitate when the price is high." }]);
    const reading = [...(article?.readings.values() ?? [])][0];
    expect(reading?.flags[0]?.reason).toBe('"may may"');
    expect(reading?.fitness).toBeLessThan(1);
  });
});
