import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { normalizeText } from "./normalize.ts";
import { collectCasingEvidence, titleCaseEdits } from "./title-case.ts";

/** The text after the title-case repair alone, with the text's own evidence (or the course's). */
function repair(text: string, course: readonly string[] = [text]): string {
  let out = text;
  for (const edit of titleCaseEdits(text, collectCasingEvidence(course)).reverse())
    out = out.slice(0, edit.start) + edit.text + out.slice(edit.end);
  return out;
}

describe("title-case repair", () => {
  it("puts a title-cased sentence into sentence case", () => {
    // The course writes "AlphaGo Zero" so in normal prose: "Zero" is part of the name.
    const course = ["The program was similar to the AlphaGo Zero model."];
    const text =
      "As a Result, in a Brief Period, AlphaGo Zero Surpassed the Older Version of AlphaGo That Had Defeated Lee Sedol.";
    expect(repair(text, [...course, text])).toBe(
      "As a result, in a brief period, AlphaGo Zero surpassed the older version of AlphaGo that had defeated Lee Sedol.",
    );
    // An everyday word after a name is kept where unsure, lowered where the course writes it in lower case.
    expect(repair("The AlphaGo Zero Program Has Won Every Game Quickly.")).toBe(
      "The AlphaGo Zero program has won every game quickly.",
    );
    const models = "AI models are cheap. Most AI models are small.";
    const titled = "The Vast AI Models Have Become Cheaper Quickly.";
    expect(repair(titled, [models, titled])).toBe("The vast AI models have become cheaper quickly.");
    // "Short" is also a dictionary name (a surname): kept, with the word after it, where unsure.
    expect(repair("In a Short Period, the Team Has Grown Quickly.")).toBe(
      "In a Short Period, the team has grown quickly.",
    );
    expect(repair("Since Then, the Industry Has Continuously Scaled Up Pre-Trained Models and Data.")).toBe(
      "Since then, the industry has continuously scaled up pre-trained models and data.",
    );
  });

  it("keeps the first word, the first after a colon and after a dateline's dash", () => {
    expect(
      repair("TMTPOST — Currently, The Most Discussed Topic Is The Market: Prices Have Risen Sharply."),
    ).toBe("TMTPOST — Currently, the most discussed topic is the market: Prices have risen sharply.");
  });

  it("keeps dictionary proper nouns, unknown names, acronyms, mixed-case terms and words with digits", () => {
    expect(
      repair(
        "The Team in China Has Used mRNA and iPhone Data From NASA and Liang Wenfeng to Build The R1 Model.",
      ),
    ).toBe(
      "The team in China has used mRNA and iPhone Data from NASA and Liang Wenfeng to build the R1 Model.",
    );
  });

  it("keeps words inside quotes", () => {
    expect(repair('This Phenomenon is Known as the "Jevons Paradox."')).toBe(
      'This phenomenon is known as the "Jevons Paradox."',
    );
    expect(repair('The Book Was Called "The Rise And Fall" and Sold Quickly.')).toBe(
      'The book was called "The Rise And Fall" and sold quickly.',
    );
  });

  it("keeps everyday words that are part of a name: before a proper noun, after a name, or as the course writes them", () => {
    expect(repair("The Trade of Great Britain Has Grown Quickly Since the War.")).toBe(
      "The trade of Great Britain has grown quickly since the war.",
    );
    // "Silicon Valley" is written so in a normally cased sentence of the course.
    const course = ["Many engineers in Silicon Valley watched the launch closely.", "x"];
    const text = "The Engineers of Silicon Valley Were Shocked By The News.";
    expect(repair(text, [...course, text])).toBe("The engineers of Silicon Valley were shocked by the news.");
    expect(repair(text)).toBe("The engineers of silicon valley were shocked by the news.");
  });

  it("never keeps a closed-class word, an -ly adverb or a past tense next to a name", () => {
    expect(repair("After AlphaGo Defeated Lee Sedol, Google Quickly Made The Team Larger Than Before.")).toBe(
      "After AlphaGo defeated Lee Sedol, Google quickly made the team larger than before.",
    );
  });

  it("lower-cases a title-cased article but keeps a letter that names something", () => {
    expect(repair("China Has Established A Solid Basis For Growth With Vitamin A Supplies.")).toBe(
      "China has established a solid basis for growth with vitamin A supplies.",
    );
  });

  it("keeps May and Will as names unless a verb follows them", () => {
    expect(repair("The Agency Approved It in May, and The Board Will Meet Again Soon.")).toBe(
      "The agency approved it in May, and the board will meet again soon.",
    );
  });

  it("leaves one title-like sentence among normally cased ones alone", () => {
    const text =
      "Researchers at the University of Oxford said the vaccine was safe. The World Health Organization approved it in May. Prime Minister Boris Johnson called it a triumph.";
    expect(repair(text)).toBe(text);
  });

  it("keeps a closed-class word that is a name before a name or a number", () => {
    expect(
      repair("The Actor Will Smith Starred in a Film That Will Open in May 2024 Across The Country."),
    ).toBe("The actor Will Smith starred in a film that will open in May 2024 across the country.");
  });

  it("leaves headings, garbled capitals and normally cased text alone", () => {
    for (const text of [
      "The Path of Technology Innovation",
      "Researchers at the National Institutes of Health said the study, published by the National Institutes of Health, was small.",
      "It's similar to a case of the BRITISH economist JEVONS: After the Efficience, MPTION DID Not Decrease.",
      "Brown said the Department of Energy and the Office of Naval Research paid for the work.",
    ])
      expect(repair(text)).toBe(text);
  });

  it("leaves a title-cased sentence alone in a normally cased text: a title or a list of names, not noise", () => {
    const text =
      "See To Infinity and Back Again for an interactive explanation. The cells are clipped. The method is fast. It needs no setup.";
    expect(repair(text)).toBe(text);
  });

  it("records each change as a capitalization repair with its raw span", () => {
    const raw = "As a Result, the Team Has Grown Quickly.";
    const n = normalizeText(raw);
    expect(n.text).toBe("As a result, the team has grown quickly.");
    const changes = n.changes.filter((c) => c.kind === "capitalization");
    expect(changes.map((c) => [c.before, c.after])).toEqual([
      ["Result", "result"],
      ["Team", "team"],
      ["Has", "has"],
      ["Grown", "grown"],
      ["Quickly", "quickly"],
    ]);
    for (const c of changes) expect(raw.slice(c.rawStart, c.rawEnd)).toBe(c.before);
  });
});

describe("title-case repair properties", () => {
  const everyday = [
    "model",
    "market",
    "growth",
    "people",
    "cheaper",
    "tools",
    "quickly",
    "steady",
    "large",
    "demand",
  ];
  const verbs = ["grew", "changed", "helped", "raised", "reduced", "followed"];
  const names = [
    "Britain",
    "London",
    "China",
    "Smith",
    "Zorblat Qinwen",
    "NASA",
    "mRNA",
    "iPhone",
    "DeepSeek",
    "National Institutes of Health",
    "Silicon Valley",
  ];
  const capitalise = (w: string) => w.charAt(0).toUpperCase() + w.slice(1);
  const clause = fc.tuple(
    fc.shuffledSubarray(everyday, { minLength: 2, maxLength: 4 }),
    fc.constantFrom(...verbs),
    fc.constantFrom(...names),
    fc.shuffledSubarray(everyday, { minLength: 1, maxLength: 3 }),
  );

  it("leaves normally cased text unchanged, names and all", () => {
    fc.assert(
      fc.property(fc.array(clause, { minLength: 1, maxLength: 5 }), (clauses) => {
        const text = clauses
          .map(
            ([a, verb, name, b]) => `${capitalise(a.join(" "))} ${verb} the ${name} and the ${b.join(" ")}.`,
          )
          .join(" ");
        expect(normalizeText(text, { repairSpelling: false }).text).toBe(text);
        expect(repair(text)).toBe(text);
      }),
      { numRuns: 80 },
    );
  });

  it("never lower-cases a name in title-cased text, and does lower-case its everyday words", () => {
    fc.assert(
      fc.property(fc.array(clause, { minLength: 1, maxLength: 5 }), (clauses) => {
        const course = ["People in Silicon Valley and at the National Institutes of Health agreed."];
        const text = clauses
          .map(
            ([a, verb, name, b]) =>
              `${a.map(capitalise).join(" ")} ${capitalise(verb)} The ${name} And The ${b.map(capitalise).join(" ")}.`,
          )
          .join(" ");
        const out = repair(text, [...course, text]);
        for (const [, , name] of clauses) expect(out).toContain(` ${name} `);
        for (const [a, verb] of clauses) expect(out).toContain(`${capitalise(a.join(" "))} ${verb} the `);
      }),
      { numRuns: 80 },
    );
  });
});
