import { describe, expect, it } from "vitest";
import { readGloss } from "./definitions.ts";
import { steadyVersion } from "./phrases.ts";
import { makeBundle } from "./testing/make-bundle.ts";
import { makeSampleBundle } from "./testing/sample-bundle.ts";
import { repairCasing, textFlags, usableText } from "./text-flags.ts";

const bundle = makeSampleBundle();
const flagsOf = (text: string) => textFlags(bundle, text, true).map((f) => f.flag);

describe("text flags of generated statements", () => {
  it("sees a pronoun behind brackets and a discourse opener", () => {
    expect(flagsOf("(Basically, it means compressing a big AI model into a smaller one.)")).toContain(
      "unresolved_reference",
    );
    expect(flagsOf("At that time, its market value was around $30 billion.")).toContain(
      "unresolved_reference",
    );
    expect(flagsOf("Distillation means compressing a big AI model into a smaller one.")).not.toContain(
      "unresolved_reference",
    );
  });

  it("reads a pronoun in an opening clause as pointing back, and one after a clause naming its noun as not", () => {
    expect(flagsOf("As they rise, gas molecules in the magma come out of solution.")).toContain(
      "unresolved_reference",
    );
    expect(flagsOf("As the magma rises, it can collect water vapor and carbon dioxide.")).not.toContain(
      "unresolved_reference",
    );
    expect(flagsOf("At that time, its market value was around $30 billion.")).toContain(
      "unresolved_reference",
    );
  });

  it("reads examples after 'such as' and an existential 'there is' as standing alone", () => {
    for (const text of [
      "Companies, such as DeepSeek, Meta, and Google, are adopting open models.",
      "There are other technical reasons that everyone in Silicon Valley pays attention to.",
    ])
      expect({ text, flags: flagsOf(text) }).not.toMatchObject({
        flags: expect.arrayContaining(["unresolved_reference"]),
      });
    expect(flagsOf("Such models cost less to run than the large ones.")).toContain("unresolved_reference");
    expect(flagsOf("Rolling was 15 times faster at this than a trip hammer.")).toContain(
      "unresolved_reference",
    );
    expect(flagsOf("Rolling was 15 times faster at this task than a trip hammer.")).not.toContain(
      "unresolved_reference",
    );
  });

  it("reads a statement that points to a figure or table the student does not see as unresolved", () => {
    expect(flagsOf("A photon reaches the reaction center as shown in figure 1-1.")).toContain(
      "unresolved_reference",
    );
    expect(flagsOf("Prices rose in every region listed in Table 2.")).toContain("unresolved_reference");
    expect(flagsOf("The central figure of the team studied machine learning.")).not.toContain(
      "unresolved_reference",
    );
  });
});

describe("captions", () => {
  it("reads a noun phrase and a participle after a comma as a fragment, however long", () => {
    for (const text of [
      "Colonial trading empires at the start of the steam age, drawn over present-day national borders.",
      "The first deep field image of the new space telescope, released by the agency in the summer of 2022.",
      "A diagram of the light reactions in the thylakoid membrane of a leaf, showing both photosystems.",
    ])
      expect({ text, flags: flagsOf(text) }).toMatchObject({ flags: expect.arrayContaining(["fragment"]) });
    for (const text of [
      "The economy of the country collapsed in the winter, shattered by the crash of its banks.",
      "Antibodies destroy the antigens in the blood, preventing them from attacking healthy cells.",
      "The telescope was launched in the winter of that year, carried by a heavy European rocket.",
    ])
      expect({ text, flags: flagsOf(text) }).not.toMatchObject({
        flags: expect.arrayContaining(["fragment"]),
      });
  });
});

describe("split-off letters", () => {
  it("reads a lone capital as a word's letter split off, and dotted initials as a name", () => {
    expect(flagsOf("Many teams explore different directions, and eventual Y, one team wins.")).toContain(
      "garbled",
    );
    expect(flagsOf("China now competes with the U.S. and other nations in the AI race.")).not.toContain(
      "garbled",
    );
  });
});

describe("words run together", () => {
  it("reads a function word glued to a capitalised word as garbled, even where it was taken for a name", () => {
    const glued = makeBundle(
      [{ id: "a", paragraphs: ["TheReface model was released. TheReface team left the lab."] }],
      {
        mentions: [
          { articleId: "a", text: "TheReface", kind: "organization" },
          { articleId: "a", text: "TheReface", kind: "organization", nth: 1 },
        ],
      },
    );
    expect(textFlags(glued, "TheReface", false).map((f) => f.flag)).toContain("garbled");
    expect(textFlags(glued, "OpenAI", false).map((f) => f.flag)).not.toContain("garbled");
  });
});

describe("names read once", () => {
  const names = makeBundle(
    [
      {
        id: "a",
        paragraphs: ["Richard Trevithick ran the first steam locomotive on rails. The Explration team left."],
      },
    ],
    {
      mentions: [
        { articleId: "a", text: "Richard Trevithick", kind: "person" },
        { articleId: "a", text: "Explration", kind: "organization" },
      ],
    },
  );
  it("takes a person's full name as a name, and a lone unknown word as a misspelling", () => {
    expect(textFlags(names, "Richard Trevithick ran the first steam locomotive on rails.", true)).toEqual([]);
    expect(textFlags(names, "The Explration team left the room early.", true).map((f) => f.flag)).toContain(
      "misspelt",
    );
  });
});

describe("names read twice", () => {
  it("takes a short name the text gives each time as a name, though it is one letter from a word", () => {
    const mill = makeBundle(
      [
        {
          id: "a",
          paragraphs: ["The Eling Tide Mill cost a lot to restore. The Eling Tide Mill still grinds flour."],
        },
      ],
      {
        mentions: [
          { articleId: "a", text: "Eling", kind: "organization" },
          { articleId: "a", text: "Eling", kind: "organization" },
        ],
      },
    );
    expect(textFlags(mill, "The Eling Tide Mill still grinds flour.", true)).toEqual([]);
  });
});

describe("casing of short phrases", () => {
  it("reads one capitalised word as a name, and capitals spread through a line as garbled casing", () => {
    expect(textFlags(bundle, "coal use rose across Britain", false)).toEqual([]);
    expect(
      textFlags(bundle, "Inflation This article is about a rise in the general price level.", true).map(
        (f) => f.flag,
      ),
    ).toContain("odd_casing");
    expect(
      textFlags(bundle, "He published The Coal Question in 1865.", true).map((f) => f.flag),
    ).not.toContain("odd_casing");
    expect(
      textFlags(bundle, "the Open Source Culture Is Not Deeply Rooted", false).map((f) => f.flag),
    ).toContain("odd_casing");
  });
});

describe("repairCasing", () => {
  it("lower-cases capitalised and shouted ordinary words, keeps names, acronyms and the start", () => {
    expect(
      repairCasing(bundle, "As a Result, AlphaGo Zero Surpassed the Older Version of AI STEAM Engines."),
    ).toBe("As a result, AlphaGo Zero surpassed the older version of AI steam engines.");
  });
});

describe("usableText", () => {
  it("quotes a fit sentence as it is, repairs one flagged only for casing, and refuses the rest", () => {
    const sentence = bundle.sentences[0];
    if (!sentence) throw new Error("fixture changed");
    expect(usableText(bundle, sentence)).toBe(sentence.text);
    const cased = {
      ...sentence,
      text: "When Steam Engines Became More Efficient, coal consumption rose.",
      isFit: false,
      flags: [{ kind: "odd_casing" as const, reason: "title case" }],
    };
    expect(usableText(bundle, cased)).toBe(
      "When steam engines became more efficient, coal consumption rose.",
    );
    expect(
      usableText(bundle, { ...cased, flags: [{ kind: "fragment" as const, reason: "no verb" }] }),
    ).toBeNull();
  });
});

describe("readGloss", () => {
  it("takes content's gloss trimmed to its clause, and refuses clauses, repeats and misread terms", () => {
    expect(
      readGloss("distillation", "compressing a big AI model into a smaller one, and it is cheaper", false),
    ).toEqual({
      term: "distillation",
      gloss: "compressing a big AI model into a smaller one",
    });
    expect(readGloss("story", "AI companies can achieve very powerful abilities", false)).toBeNull();
    expect(readGloss("Great Britain great Britain", "an island in the North Atlantic", false)).toBeNull();
    expect(readGloss('giants" Liang', "the vast open-source community", false)).toBeNull();
    expect(readGloss("inflation", "Depending on many factors, the economy", false)).toBeNull();
    // A sentence the term was named after ("This action is called carbon fixation") is no meaning.
    expect(readGloss("carbon fixation", "the cycle begins by taking carbon from the air", false)).toBeNull();
    expect(readGloss("L2", "It doesn't orbit any body in space", false)).toBeNull();
    // A noun phrase with a participle or a relative clause in it is one.
    for (const gloss of [
      "organelles specialized for photosynthesis",
      "an energy carrier in plants",
      "a process during which energy from light is harvested",
      "the harmonic sounds we hear in music",
    ])
      expect(readGloss("term", gloss, false)?.gloss).toBe(gloss);
  });
});

describe("steadyVersion", () => {
  it("says a change did not happen, or nothing when the text states no change", () => {
    expect(steadyVersion("Coal consumption rose instead of falling")).toBe(
      "Coal consumption stayed about the same",
    );
    expect(steadyVersion("DeepSeek released a model")).toBeNull();
  });
});
