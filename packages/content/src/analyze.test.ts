import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { analyzeArticle, isoDate, parseNumber, spelledAbbreviations } from "./analyze.ts";
import { normalizeText } from "./normalize.ts";
import { segmentArticle } from "./segment.ts";

const analyze = (text: string) => {
  const segmented = segmentArticle("a", normalizeText(text));
  return { segmented, analysis: analyzeArticle(segmented) };
};

describe("parseNumber", () => {
  it.each([
    ["$5.576 million", 5_576_000],
    ["$ 500 billion", 500_000_000_000],
    ["10,000 rmb", 10_000],
    ["two orders of magnitude", 100],
    ["1/30", 1 / 30],
    ["about 5%", 5],
    ["ten thousandfold", 10_000],
    ["hundreds", undefined],
    ["twenty-five", 25],
    ["one hundred and five", 105],
    ["from 1347 to 1351", 1347],
    ["between 5 and 10 percent", 5],
    ["3-4 times", 3],
    ["twenty to thirty", 20],
  ])("%s -> %s", (phrase, value) => {
    if (value === undefined) expect(parseNumber(phrase)).toBeUndefined();
    else expect(parseNumber(phrase)).toBeCloseTo(value);
  });
});

describe("isoDate", () => {
  it("reads full, partial and year-only dates", () => {
    expect(isoDate("January 20, 2025")).toBe("2025-01-20");
    expect(isoDate("January 27")).toBe("--01-27");
    expect(isoDate("July 2023")).toBe("2023-07");
    expect(isoDate("2019")).toBe("2019");
  });
});

describe("analyzeArticle", () => {
  it("finds money, percentages, dates and scaled quantities with raw offsets", () => {
    const raw =
      "On January 20, 2025, the lab said training cost $ 5.576 million, about 5% of rivals, cutting costs by two orders of magnitude.";
    const { analysis } = analyze(raw);
    const byKind = (kind: string) => analysis.mentions.filter((m) => m.kind === kind);
    expect(byKind("money")[0]).toMatchObject({ text: "$5.576 million", value: 5_576_000, unit: "USD" });
    expect(raw.slice(byKind("money")[0]?.rawStart, byKind("money")[0]?.rawEnd)).toBe("$ 5.576 million");
    expect(byKind("percent")[0]).toMatchObject({ value: 5, unit: "%" });
    expect(byKind("date")[0]).toMatchObject({ normalized: "2025-01-20" });
    expect(byKind("quantity")[0]).toMatchObject({ text: "two orders of magnitude", value: 100 });
    expect(analysis.claims).toHaveLength(1);
  });

  it("classifies names: people, organisations, places, products", () => {
    const { analysis } = analyze(
      "Liang Wenfeng founded DeepSeek in China. DeepSeek released DeepSeek-R1 after OpenAI. Professor You Yang praised DeepSeek in Beijing.",
    );
    const kindOf = (text: string) => analysis.mentions.find((m) => m.text === text)?.kind;
    expect(kindOf("Liang Wenfeng")).toBe("person");
    expect(kindOf("DeepSeek")).toBe("organization");
    expect(kindOf("China")).toBe("place");
    expect(kindOf("DeepSeek-R1")).toBe("product");
    expect(kindOf("You Yang")).toBe("person");
  });

  it("does not take one-off capitalised typos for people, or the verb 'may' for a date", () => {
    const { analysis } = analyze(
      "Tools That Heelped Occelerate Progress came fast. Users this may hesitate, they said in May 2024.",
    );
    expect(analysis.mentions.filter((m) => m.kind === "person")).toEqual([]);
    expect(analysis.mentions.filter((m) => m.kind === "date").map((m) => m.text)).toEqual(["May 2024"]);
  });

  it("finds definitions and analogies, resolving 'it' to the previous sentence's subject", () => {
    const { analysis } = analyze(
      "The paper covers the distillation of the model. (Basically, it means compressing a big model into a smaller one.) This effect is known as the Jevons paradox. Automated training is akin to AlphaGo Zero.",
    );
    const [distillation, jevons, alphago] = analysis.definitions;
    expect(distillation).toMatchObject({ term: "distillation", pattern: "means", isAnalogy: false });
    expect(jevons).toMatchObject({ term: "Jevons paradox", pattern: "known_as" });
    expect(alphago).toMatchObject({ term: "Automated training", isAnalogy: true });
  });

  it("keeps mention ids when text before their sentence changes", () => {
    const tail = "\nTraining cost $5.576 million in 2024.";
    const ids = (head: string) => analyze(head + tail).analysis.mentions.map((m) => m.id);
    expect(ids("A short opening line.")).toEqual(
      ids("A much longer and rather different opening paragraph."),
    );
    expect(ids("A short opening line.").length).toBe(2);
  });

  it("finds cause and effect", () => {
    const { analysis } = analyze(
      "Demand for chips rose because AI became cheaper. Cheaper models will drive wider adoption.",
    );
    expect(analysis.causalLinks[0]).toMatchObject({
      cause: "AI became cheaper",
      effect: "Demand for chips rose",
      marker: "because",
    });
    expect(analysis.causalLinks[1]).toMatchObject({
      cause: "Cheaper models",
      effect: "wider adoption",
      marker: "will drive",
    });
  });

  it("takes no purpose after 'to' for a cause, and ends an effect where a contrast begins", () => {
    const { analysis } = analyze(
      "Light is harvested and used to drive the making of sugars. The banks closed so that the state could step in, but by then the damage was done.",
    );
    expect(analysis.causalLinks.map((l) => l.marker)).toEqual(["so that"]);
    expect(analysis.causalLinks[0]).toMatchObject({
      cause: "The banks closed",
      effect: "the state could step in",
    });
  });

  it("glosses a name given with 'called' by the phrase it is given to, not the clause before", () => {
    const { analysis } = analyze(
      "The probe does not orbit a planet, but a point in space called the Lagrange point. It stays there for years.",
    );
    expect(analysis.definitions.map((d) => [d.term, d.gloss])).toEqual([
      ["Lagrange point", "a point in space"],
    ]);
  });

  it("takes no subject's verb 'called' for a naming cue, and ends a given name at its verb", () => {
    const { analysis } = analyze(
      "In the spring the king called the Estates-General to discuss the debt. For example, a group of drugs called macrolides inhibit protein synthesis in bacteria. The crowd called for reform.",
    );
    expect(analysis.definitions.map((d) => [d.term, d.gloss])).toEqual([["macrolides", "a group of drugs"]]);
  });

  it("takes no ranking or a bare pointer for a definition", () => {
    const { analysis } = analyze(
      "Antibiotic resistance has been called one of the most pressing health issues of our time. Another class, called beta lactams, damages the cell wall. The main problem is a shortage of new drugs.",
    );
    expect(analysis.definitions).toEqual([]);
  });

  it("defines a subject given with an alias or a quoted definition", () => {
    const { analysis } = analyze(
      'Supply is "the quantity that producers are willing to sell at a given price." Price elasticity, or price demand, is the measure of how much the demand of a product can respond to a change in its price.',
    );
    expect(analysis.definitions.map((d) => [d.term, d.gloss])).toEqual([
      ["Supply", "the quantity that producers are willing to sell at a given price"],
      [
        "Price elasticity",
        "the measure of how much the demand of a product can respond to a change in its price",
      ],
    ]);
  });

  it("takes a name given for another name for an alias, not a definition", () => {
    const { analysis } = analyze(
      "The Black Death, also called the Great Plague, was a bubonic plague pandemic. The Eastern Roman Empire, known as the Byzantine Empire, lasted a thousand years.",
    );
    expect(analysis.definitions).toEqual([]);
  });

  it("glosses a name by the phrase right before its cue, or by the clause a generic noun renames", () => {
    const { analysis } = analyze(
      "When a vaccine is given, specialised immune cells called antigen-presenting cells find the antigen. The cycle begins with the incorporation of CO2 into organic molecules, a process known as carbon fixation. Vaccination is a cornerstone of public health.",
    );
    expect(analysis.definitions.map((d) => [d.term, d.gloss])).toEqual([
      ["antigen-presenting cells", "specialised immune cells"],
      ["carbon fixation", "The cycle begins with the incorporation of CO2 into organic molecules"],
    ]);
    // A clause's object, from its determiner: the noun phrase the name is given to.
    expect(
      analyze("Vaccination creates a robust defense known as immune memory.").analysis.definitions.map(
        (d) => d.gloss,
      ),
    ).toEqual(["a robust defense"]);
  });

  it("glosses a definition up to where a second clause joins on, not through it", () => {
    const { analysis } = analyze(
      "NADPH is an energy carrier in plants and ATP synthase produces the ATP. Photosynthesis is the process of turning carbon dioxide and water into sugar.",
    );
    expect(analysis.definitions.map((d) => d.gloss)).toEqual([
      "an energy carrier in plants",
      "turning carbon dioxide and water into sugar",
    ]);
  });
});

describe("names need evidence", () => {
  const kinds = (raw: string) =>
    analyze(raw)
      .analysis.mentions.filter((m) => ["person", "organization", "place", "product"].includes(m.kind))
      .map((m) => `${m.kind}:${m.text}`);

  it("takes no word for a name on the capitals of title-cased sentences alone", () => {
    const found = kinds(
      "In Their Technological Zorbation, They Used Advanced Tools Developed By Previous Generations. Zorbation took years. The lab hired staff from Microsoft, and Microsoft paid well.",
    );
    expect(found.filter((k) => k.endsWith("Zorbation"))).toEqual([]);
    expect(found).toContain("organization:Microsoft");
  });

  it("takes a word one edit from a dictionary word for a misspelling, not a name", () => {
    const found = kinds(
      "The team began its Explration of the field. Their Explration went well, and Microsoft funded it while Microsoft watched.",
    );
    expect(found.filter((k) => k.endsWith("Explration"))).toEqual([]);
    expect(found).toContain("organization:Microsoft");
  });

  it("does not name a spelled-out term's abbreviation, miscased or not; keeps an agency's", () => {
    const found = kinds(
      "Labs race toward artificial general intelligence (Agi). Many think Agi may arrive soon, and Agi worries them. The National Cancer Institute (NCI) funds studies; the NCI grew.",
    );
    expect(found.filter((k) => k.endsWith("Agi"))).toEqual([]);
    expect(found).toContain("organization:NCI");
  });

  it("does not name an abbreviation the text pluralises", () => {
    const found = kinds("Labs bought cheap GPUs. The GPU market grew, and each GPU got cheaper at NVIDIA.");
    expect(found.filter((k) => k.endsWith("GPU"))).toEqual([]);
  });

  it("takes a name the text once uses as a product, and never as an organisation, for a product", () => {
    const found = kinds(
      "Many people tried Zentrix last year. Zentrix can be slow, but the free versions of Zentrix are popular. A company called Vortal hired staff, and many people tried Vortal.",
    );
    expect(found.filter((k) => k.endsWith("Zentrix"))).toEqual([
      "product:Zentrix",
      "product:Zentrix",
      "product:Zentrix",
    ]);
    expect(found.filter((k) => k.endsWith("Vortal"))).toEqual(["organization:Vortal", "organization:Vortal"]);
  });

  it("gives a word of a recurring person's name that person's kind", () => {
    const found = kinds(
      "Liang Wenfeng, the founder of the lab, spoke first. Later, the crowd heard Liang say more, and Liang smiled.",
    );
    expect(found).toContain("person:Liang Wenfeng");
    expect(found.filter((k) => k.endsWith(":Liang"))).toEqual(["person:Liang", "person:Liang"]);
  });
});

describe("mention offsets (property)", () => {
  const filler = fc.constantFrom(
    "The lab",
    "Its rival",
    "Analysts",
    "Nvidia",
    "the market",
    "DeepSeek",
    "Chips",
  );
  const amount = fc.oneof(
    fc
      .tuple(fc.integer({ min: 1, max: 999 }), fc.constantFrom("million", "billion"))
      .map(([n, s]) => `$${n} ${s}`),
    fc.integer({ min: 1, max: 99 }).map((n) => `${n}%`),
    fc.constantFrom("two orders of magnitude", "1/30", "ten thousandfold", "January 20, 2025"),
  );
  const sentence = fc
    .tuple(filler, amount, fc.constantFrom("  ", " ", "\u00a0"))
    .map(([f, a, gap]) => `${f} spent${gap}${a} on it.`);
  const text = fc.array(sentence, { minLength: 1, maxLength: 6 }).map((s) => s.join(" "));

  it("every mention's raw span holds the mention's own words", () => {
    fc.assert(
      fc.property(text, (raw) => {
        const { analysis } = analyze(raw);
        expect(analysis.mentions.length).toBeGreaterThan(0);
        for (const m of analysis.mentions) {
          expect(m.rawEnd).toBeLessThanOrEqual(raw.length);
          const rawWords =
            raw
              .slice(m.rawStart, m.rawEnd)
              .toLowerCase()
              .match(/[\p{L}\p{N}]+/gu) ?? [];
          expect(rawWords).toEqual(m.text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);
        }
      }),
      { numRuns: 80 },
    );
  });
});

describe("spelledAbbreviations", () => {
  // The pattern it replaces, run forwards over the whole text.
  const forwards = (text: string) =>
    [...text.matchAll(/((?:[\p{L}-]+\s+){1,10})\(\s*(\p{Lu}\p{L}{1,7})\s*\)/gu)].map((m) => [m[1], m[2]]);

  it("finds what the forward pattern finds, on any text", () => {
    const piece = fc.constantFrom(
      "a",
      "B",
      "word",
      "Gene",
      "-",
      " ",
      "  ",
      "\n",
      "(",
      ")",
      "(AB)",
      "( mRNA )",
      "𝐀",
      "é",
      ",",
      "x1",
    );
    fc.assert(
      fc.property(fc.array(piece, { maxLength: 60 }), (pieces) => {
        const text = pieces.join("");
        expect([...spelledAbbreviations(text)]).toEqual(forwards(text));
      }),
      { numRuns: 3000 },
    );
  });

  it("stops at ten words and at the previous match", () => {
    const text =
      "one two three four five six seven eight nine ten eleven (OTT) and Gross Domestic Product (GDP)";
    expect([...spelledAbbreviations(text)]).toEqual(forwards(text));
    expect([...spelledAbbreviations(text)][0]?.[0]).toBe(
      "two three four five six seven eight nine ten eleven ",
    );
  });
});
