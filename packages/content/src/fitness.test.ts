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

/**
 * One title-cased sentence in an otherwise normally cased text: too rare there to be repaired as
 * noise (it may be a title), so it is flagged instead.
 */
const amongNormalSentences = (sentence: string) =>
  `${sentence} The report came out last week. Prices rose slowly over the year. Most buyers waited for the sales. Nobody expected the change.`;

describe("sentence fitness", () => {
  it("passes clean prose, names, acronyms and mixed-case terms", () => {
    const sentences = flagsOf(
      "The vaccine uses mRNA to teach cells a new trick. Liang Wenfeng founded the company in Hangzhou in 2023. NVIDIA sold more GPUs than ever before.",
    );
    for (const s of sentences) expect(s, s.text).toMatchObject({ kinds: [], isFit: true });
  });

  it("passes clean sentences that looked unfit: names opening a sentence, rare words, verbs tagged as nouns", () => {
    const sentences = flagsOf(
      [
        "European empires grew quickly in that century.",
        "Arkwright and his partners used water power at a factory in Cromford, Derbyshire in 1771.",
        "July was the hottest month on record.",
        "In fact, it is surprisingly luminous for its mass.",
        "Its side effects are similar to those of conventional non-RNA vaccines.",
        "Antioxidants may reduce the risk for Alzheimer's disease and other dementias.",
        "In the common case, the third terminal controls the flow of current between the other two.",
        "This intense radiation ionizes the gas, which causes the gas to emit light.",
      ].join(" "),
    );
    for (const s of sentences) expect(s, s.text).toMatchObject({ kinds: [], isFit: true });
  });

  it("passes a list item that is a whole sentence, not one that is a word or two", () => {
    const sentences = flagsOf(
      "- DeepSeek has reached the performance of high-end AI models with cheaper GPUs.\n- Shampoo.\n- Cost-Effective AI Development:",
    );
    expect(sentences.map((s) => s.kinds)).toEqual([[], ["list_item"], ["list_item"]]);
  });

  it("flags a sentence without a word as a fragment: only punctuation, or only a number", () => {
    const sentences = flagsOf(
      "Prices rose in the spring.\n.\nFarmers sold more grain.\n!!\nThe mills ran all night.\n2024.",
    );
    expect(sentences.map((s) => [s.text, s.kinds, s.isFit])).toEqual([
      ["Prices rose in the spring.", [], true],
      [".", ["fragment"], false],
      ["Farmers sold more grain.", [], true],
      ["!!", ["fragment"], false],
      ["The mills ran all night.", [], true],
      ["2024.", ["fragment"], false],
    ]);
  });

  it("still flags a misspelling that opens a sentence when it is a slip of a word", () => {
    expect(kindsOf("Intead, the team chose to publish everything it built.")).toContain("misspelling");
  });

  it.each<[SentenceFlagKind, string]>([
    ["misspelling", "The team made a propound undertnding of the whole field."],
    ["glued_words", "The new policy was announced sincegoodwill returned to the market."],
    [
      "odd_casing",
      amongNormalSentences("The Team Has Gathered Some Top Talent And Used Advanced Tools Every Day."),
    ],
    ["odd_casing", "People BeANGAN using the engines far more than before."],
    ["repetition", "The costs rose, and the costs fell, then the costs rose, so the costs stayed high."],
    ["odd_casing", amongNormalSentences("This Phenomenon is Known as the Jevons Paradox.")],
    [
      "odd_casing",
      amongNormalSentences(
        "The cost fell, and as the complexity of the question increases, The Computational Cost Grows Exponentially.",
      ),
    ],
    ["odd_casing", "Coal use per engine fell, yet demand rose Instead Of falling."],
    ["glued_words", "Deepseek -R1 -Unlike most major AI models, it was released as open source."],
    ["glued_words", "They keep the usual approach of Industry O tend to keep secrets."],
    ["fragment", "Analyses."],
    ["fragment", "Mainly focused on image and video recognition."],
    ["heading", "The Path of Technology Innovation\nIt began in a garage and grew from there."],
    ["list_item", "- The cost of training fell by half in one year.\n- Demand rose."],
    ["list_item", "4.3 Recurrence\nThe disease returned within the year."],
    ["citation", "Smith, J. (2019). Retrieved 12 March 2020 from the archive."],
    ["question", "How will they justify such investments after the release?"],
    ["boilerplate", "Click here to subscribe to our newsletter for daily updates."],
    ["boilerplate", "The site drew over 13 million visitors to our website this year."],
    ["boilerplate", "The discovery ranked among our most-read stories of 2022."],
    ["citation", "She turned to health experts to learn how long to isolate ( SN Online: 4/22/22 )."],
    ["fragment", "1 & 2."],
    ["fragment", "."],
    ["truncated", "The system also offered a way to run models on the"],
    ["truncated", "and then the market recovered within a week of trading."],
    ["truncated", "It is the largest of the British Isles, the List of European ..."],
  ])("flags %s: %j", (kind, text) => {
    expect(kindsOf(text)).toContain(kind);
  });

  it("reads a capital letter before a word the article repeats as a term, not a word split apart", () => {
    const kinds = (text: string) => flagsOf(text).find((s) => s.text.startsWith("Killer"))?.kinds ?? [];
    const text = "Helper T cells call for help. Killer T cells gather and attack the germs.";
    expect(kinds(text)).not.toContain("glued_words");
    expect(kinds("The germs spread fast. Killer T cells gather and attack the germs.")).toContain(
      "glued_words",
    );
  });

  it("repairs a stray casing of a word the course writes one distinctive way, so nothing is left to flag", () => {
    const [, article] = readArticles([
      { id: "a", rawText: "Nova is a NovaLab product." },
      { id: "b", rawText: "NovaLab grew. NovaLab hired. NovaLab sold. NovaLab won. Then Novalab fell." },
    ]);
    expect(article?.segmented.normalized.text).toContain("Then NovaLab fell.");
    const flags = (article?.segmented.sentences ?? []).flatMap(
      (s) => article?.readings.get(s.id)?.flags ?? [],
    );
    expect(flags).toEqual([]);
  });

  it("clears odd casing where the title case of a machine-translated text is repaired", () => {
    const sentences = flagsOf(
      'This Phenomenon is Known as the "Jevons Paradox." As a Result, in a Brief Time, the Team Has Grown Quickly.',
    );
    expect(sentences.map((s) => s.text)).toEqual([
      'This phenomenon is known as the "Jevons Paradox."',
      "As a result, in a brief time, the team has grown quickly.",
    ]);
    for (const s of sentences) expect(s.kinds, s.text).not.toContain("odd_casing");
  });

  it("leaves names and quoted titles in title case alone", () => {
    const text =
      "Researchers at the National Institutes of Health said the study, published by the National Institutes of Health, was small.";
    expect(kindsOf(text)).not.toContain("odd_casing");
  });

  it("flags capitals that spell no word, a function word run into the next, and a capitalised slip", () => {
    expect(kindsOf("During this process, the lab made another UTION in reasoning.")).toContain("misspelling");
    expect(kindsOf("TheReface, cheaper models will expand the use of AI.")).toContain("glued_words");
    expect(kindsOf("E, China tried to replicate the models, but the results were poor.")).toContain(
      "glued_words",
    );
    expect(kindsOf("The teams made tools that sped up the thorny path of Explration.")).toContain(
      "misspelling",
    );
    // An acronym the course repeats, a name, and a rare word in capitals are none of these.
    const clean = flagsOf(
      "NASDAQ fell in the morning. Traders sold shares on NASDAQ. By noon NASDAQ had recovered. The mill owner Arkwright built a new factory.",
    );
    for (const sentence of clean) expect(sentence, sentence.text).toMatchObject({ isFit: true });
  });

  it("does not count a word that recurs in the course as a misspelling", () => {
    const text = "The zorbix is cheap. A zorbix runs fast. Every zorbix sells well.";
    expect(kindsOf(text)).not.toContain("misspelling");
  });

  it("gives every flag a reason", () => {
    const [article] = readArticles([
      {
        id: "a",
        rawText: "The costs rose, and the costs fell, then the costs rose, so the costs stayed high.",
      },
    ]);
    const reading = [...(article?.readings.values() ?? [])][0];
    expect(reading?.flags[0]?.reason).toBe('"costs" 4 times');
    expect(reading?.fitness).toBeLessThan(1);
  });
});

describe("garbled word order", () => {
  it.each([
    // From the demo's machine-translated article 001.
    "However, even if R1 costs more, it will be more magnificently less than the American AI.",
    "Questions about whether or not it is designed, or designed.",
    "You can-their skepticism has turned anxiety.",
    "A shocking waves through the stock market has arrived at the end of the advantage.",
    "The new chip is more better than the old one.",
  ])("flags %s", (text) => {
    const [sentence] = flagsOf(text);
    expect(sentence?.kinds).toContain("garbled");
  });

  it("leaves the English that looks like it alone", () => {
    const sentences = flagsOf(
      [
        "Prices rose for a few days and then fell back to where they were.",
        "The two countries entered an arms race that lasted for decades.",
        "Money is a means to an end for most of the people in the survey.",
        "The results were more or less what the team had expected at the start.",
        "Whether or not the plan works, the company will spend much less than before.",
        "The engine grew more and more efficient, and coal use rose anyway.",
        "A hundred years later, the press had spread to every large town in Europe.",
        "The state-of-the-art model was trained on a modest budget by a small team.",
        "Imports fell by a significantly smaller share than exports did that year.",
      ].join(" "),
    );
    for (const s of sentences) expect(s.kinds, s.text).not.toContain("garbled");
  });
});
