import { describe, expect, it } from "vitest";
import { stanceOf } from "./course.ts";
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

  it("states an event whose date closed its sentence without the comma before it", () => {
    const launch = "The new telescope was launched from the coast on a cold winter day, 1998.";
    const late = makeBundle([{ id: "launch", paragraphs: [launch] }], {
      mentions: [{ articleId: "launch", text: "1998", kind: "date", normalized: "1998" }],
    });
    const stems = generateQuestions(late, { seed: 3 })
      .questions.filter((q) => q.generator === "dates.when")
      .map((q) => q.stem);
    expect(stems).toEqual([
      "When did this happen, according to the source: “The new telescope was launched from the coast on a cold winter day”?",
    ]);
  });

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

  it("dates no event the author only guesses or believes", () => {
    const guess = "I believe the first steam mill opened in London in 1790.";
    const dated = makeBundle([{ id: "steam", paragraphs: [[...steam, guess].join(" ")] }], {
      mentions: [
        { articleId: "steam", text: "In 1712", kind: "date", normalized: "1712" },
        { articleId: "steam", text: "In 1769", kind: "date", normalized: "1769" },
        { articleId: "steam", text: "In 1804", kind: "date", normalized: "1804" },
        { articleId: "steam", text: "1790", kind: "date", normalized: "1790" },
      ],
    });
    for (const s of dated.sentences) s.stance = stanceOf(s.text);
    expect(dated.sentences.find((s) => s.text === guess)?.stance.kind).toBe("hedged");
    const asked = generateQuestions(dated, { seed: 3 }).questions.filter((q) => /^dates\./.test(q.generator));
    expect(asked.length).toBeGreaterThan(0);
    expect(asked.filter((q) => [q.stem, ...optionTexts(q)].some((t) => /steam mill/.test(t)))).toEqual([]);
  });

  it("asks no date whose event is cut off by the date's removal, and quotes no trailing space", () => {
    const story =
      "The discovery ranked among the most-read science stories of 2022. The new museum opened on Christmas Day, 1905.";
    const dated = makeBundle([{ id: "steam", paragraphs: [[...steam, story].join(" ")] }], {
      mentions: [
        { articleId: "steam", text: "In 1712", kind: "date", normalized: "1712" },
        { articleId: "steam", text: "In 1769", kind: "date", normalized: "1769" },
        { articleId: "steam", text: "In 1804", kind: "date", normalized: "1804" },
        { articleId: "steam", text: "2022", kind: "date", normalized: "2022" },
        { articleId: "steam", text: "1905", kind: "date", normalized: "1905" },
      ],
    });
    const asked = generateQuestions(dated, { seed: 3 }).questions.filter((q) => /^dates\./.test(q.generator));
    expect(asked.length).toBeGreaterThan(0);
    const shown = asked.flatMap((q) => [q.stem, ...optionTexts(q)]);
    expect(shown.filter((t) => /stories of\b/.test(t))).toEqual([]);
    expect(shown.filter((t) => /[\s,]”/.test(t))).toEqual([]);
  });

  it("does not take years a few percent apart for the same answer", () => {
    expect(isEquivalent("Around 1450", "Around 1415")).toBe(false);
    expect(isEquivalent("1450", "1450")).toBe(true);
    expect(isEquivalent("$1450", "$1415")).toBe(true);
  });
});

describe("distractors", () => {
  it("never offers a term sharing a word with a short key: it may fit the blank as well", () => {
    const sentences = {
      models: "AI models means large programs trained on text to predict the next word.",
      tech: "AI technologies means the tools and methods used to build intelligent systems.",
      distil: "Distillation means compressing a big model into a smaller one for cheaper use.",
      eco: "Open ecosystem means a community where code and data are shared freely.",
      use: "The recent push towards open protocols has accelerated the progression of AI technologies across many firms.",
    };
    const terms: [string, keyof typeof sentences, string][] = [
      ["AI models", "models", "large programs trained on text to predict the next word"],
      ["AI technologies", "tech", "the tools and methods used to build intelligent systems"],
      ["Distillation", "distil", "compressing a big model into a smaller one for cheaper use"],
      ["Open ecosystem", "eco", "a community where code and data are shared freely"],
    ];
    const bundle = makeBundle([{ id: "a", paragraphs: Object.values(sentences) }], {
      definitions: terms.map(([term, key, definition]) => ({
        articleId: "a",
        term,
        definition,
        sentence: sentences[key],
      })),
      concepts: terms.map(([name, key, definition]) => ({
        id: name.toLowerCase().replace(/ /g, "-"),
        name,
        definition,
        definitionSentence: { articleId: "a", sentence: sentences[key] },
      })),
    });
    const items = [1, 2, 3].flatMap((seed) => generateQuestions(bundle, { seed }).questions);
    const inUse = items.filter(
      (q) => q.generator === "concept.choice" && q.stem.includes("progression of _____"),
    );
    expect(inUse.length).toBeGreaterThan(0);
    for (const q of inUse) expect(optionTexts(q)).not.toContain("AI models");
  });

  it("never offers noun phrases beside a participle key ('after being _____'): the key alone would read as English", () => {
    const sentences = {
      open: "Open source means software whose code anyone may study, change and share.",
      use: "After being open-sourced, the model drew quick responses from rival firms across the industry.",
      cost: "Training cost means the money spent on computing power to train a model once.",
      distil: "Model distillation means compressing a big model into a smaller one for cheaper use.",
      chips: "Export controls means rules that stop powerful chips from reaching some countries.",
    };
    const terms: [string, keyof typeof sentences, string, string[]][] = [
      ["Open source", "open", "software whose code anyone may study, change and share", ["open-sourced"]],
      ["Training cost", "cost", "the money spent on computing power to train a model once", []],
      ["Model distillation", "distil", "compressing a big model into a smaller one for cheaper use", []],
      ["Export controls", "chips", "rules that stop powerful chips from reaching some countries", []],
    ];
    const bundle = makeBundle(
      [
        {
          id: "a",
          paragraphs: [
            `${sentences.open} ${sentences.use}`,
            sentences.cost,
            sentences.distil,
            sentences.chips,
          ],
        },
      ],
      {
        definitions: terms.map(([term, key, definition]) => ({
          articleId: "a",
          term,
          definition,
          sentence: sentences[key],
        })),
        concepts: terms.map(([name, key, definition, aliases]) => ({
          id: name.toLowerCase().replace(/ /g, "-"),
          name,
          aliases,
          definition,
          definitionSentence: { articleId: "a", sentence: sentences[key] },
        })),
      },
    );
    const items = [1, 2, 3].flatMap((seed) => generateQuestions(bundle, { seed }).questions);
    const onUse = items.filter((q) => q.stem.includes("After being _____"));
    expect(onUse.some((q) => q.type === "cloze")).toBe(true);
    for (const q of onUse.filter((x) => x.type === "single_choice"))
      for (const option of optionTexts(q)) expect(option).toMatch(/(?:ed|ing)$/);
  });

  it("asks no 'which organization' of a word the course gives as part of a person's name", () => {
    const text = [
      "Liang Wenfeng founded the lab in Hangzhou after years of trading work.",
      "The giants Liang refers to include the vast open community of developers.",
      "Microsoft and Google both built large data centres for their own models.",
      "OpenAI released its chat product to the public before its rivals did.",
      "Google later answered with a product of its own for the same users.",
    ];
    const bundle = makeBundle([{ id: "a", paragraphs: [text.join(" ")] }], {
      mentions: [
        { articleId: "a", text: "Liang Wenfeng", kind: "person" },
        { articleId: "a", text: "Liang", kind: "organization", nth: 1 },
        { articleId: "a", text: "Microsoft", kind: "organization" },
        { articleId: "a", text: "Google", kind: "organization" },
        { articleId: "a", text: "OpenAI", kind: "organization" },
        { articleId: "a", text: "Google", kind: "organization", nth: 1 },
      ],
    });
    const items = [1, 2, 3].flatMap((seed) => generateQuestions(bundle, { seed }).questions);
    const onLiang = items.filter((q) => q.stem.includes("The giants _____ refers to"));
    expect(onLiang.filter((q) => q.type === "single_choice")).toEqual([]);
    // Microsoft is an organization the course names as one: its choice item stays.
    expect(items.some((q) => q.type === "single_choice" && q.stem.startsWith("Which organization"))).toBe(
      true,
    );
  });

  it("takes cause-and-effect options from the item's own article, never from an unrelated one", () => {
    const coal = "Because the engine became more efficient, coal use rose.";
    const vaccine = [
      "Because the vaccine trained the cells, the body recovered from the illness faster.",
      "Because the trial was large, the doctors reported far fewer new cases.",
      "Because the dose was small, the patients recovered much sooner than expected.",
    ];
    const bundle = makeBundle(
      [
        { id: "coal", paragraphs: [coal] },
        { id: "vaccine", paragraphs: [vaccine.join(" ")] },
      ],
      {
        causalLinks: [
          {
            articleId: "coal",
            cause: "the engine became more efficient",
            effect: "coal use rose",
            sentence: coal,
            marker: "because",
          },
          {
            articleId: "vaccine",
            cause: "the vaccine trained the cells",
            effect: "the body recovered from the illness faster",
            sentence: vaccine[0] as string,
            marker: "because",
          },
          {
            articleId: "vaccine",
            cause: "the trial was large",
            effect: "the doctors reported far fewer new cases",
            sentence: vaccine[1] as string,
            marker: "because",
          },
          {
            articleId: "vaccine",
            cause: "the dose was small",
            effect: "the patients recovered much sooner than expected",
            sentence: vaccine[2] as string,
            marker: "because",
          },
        ],
      },
    );
    const onCoal = [1, 2, 3, 4, 5, 6, 7, 8]
      .flatMap((seed) => generateQuestions(bundle, { seed }).questions)
      .filter((q) => q.sourceRefs[0]?.articleId === "coal");
    expect(onCoal.some((q) => q.generator.startsWith("cause."))).toBe(true);
    const vaccineText = vaccine.join(" ").toLowerCase();
    for (const q of onCoal)
      for (const o of optionTexts(q))
        expect(vaccineText.includes(o.toLowerCase().replace(/[.]$/, ""))).toBe(false);
  });
});

describe("select-all lists", () => {
  const prices = [
    "Prices rose sharply across the country in the first year.",
    "Wages increased slowly during the long recovery.",
    "Rents were higher in the capital than in the towns.",
  ];
  const stars = [
    "The new camera made the images larger than before.",
    "The telescope collected more light after its repair.",
    "The galaxy looked brighter in the infrared images, and its stars seemed closer.",
  ];
  const bundle = makeBundle(
    [
      { id: "prices", paragraphs: [prices.join(" ")] },
      { id: "stars", paragraphs: [stars.join(" ")] },
    ],
    {
      claims: [
        ...prices.map((sentence) => ({ articleId: "prices", sentence })),
        ...stars.map((sentence) => ({ articleId: "stars", sentence })),
      ],
    },
  );

  it("lists statements of one article or related articles only", () => {
    const lists = [1, 2, 3, 4].flatMap((seed) =>
      generateQuestions(bundle, { seed }).questions.filter((q) => q.generator === "claims.select"),
    );
    expect(lists.length).toBeGreaterThan(0);
    for (const q of lists) expect(new Set(q.sourceRefs.map((r) => r.articleId)).size).toBe(1);
  });
});

describe("true/false on a date", () => {
  it("states a dated claim with its time moved last, true or with another year", () => {
    const sentence = "In 1785, British iron imports began to decline as domestic production rose.";
    const bundle = makeBundle([{ id: "iron", paragraphs: [sentence] }], {
      mentions: [{ articleId: "iron", text: "In 1785", kind: "date", normalized: "1785" }],
      claims: [{ articleId: "iron", sentence }],
    });
    const statements = [0, 1].flatMap((variant) =>
      generateQuestions(bundle, { seed: 5, variant }).questions.filter((q) => q.type === "true_false"),
    );
    const stems = statements.map((q) => q.stem);
    expect(stems).toContain("British iron imports began to decline as domestic production rose in 1785.");
    const dated = statements.filter((q) => q.generator === "claim.date");
    expect(dated.length).toBe(1);
    expect(dated[0]?.stem).toMatch(
      /^British iron imports began to decline as domestic production rose in \d{4}\.$/,
    );
    expect(dated[0]?.stem).not.toContain("1785");
  });
});

describe("blanks that stand alone", () => {
  it("never blanks a name in a list, where any name of its kind would fit", () => {
    const sentences = [
      "Companies such as Microsoft, Meta, and Google spend billions of dollars on new chips.",
      "Apple designed a new chip for its phones in the spring of that year.",
      "Intel opened a large factory for making chips in the desert.",
      "Apple and its suppliers shipped many phones with the new chip inside.",
      "Intel lost several customers to rivals who made smaller chips.",
      "Samsung built memory chips for many of the new phones.",
      "Samsung also sold screens to rival phone makers.",
    ];
    const names = ["Microsoft", "Meta", "Google", "Apple", "Intel", "Samsung"];
    const bundle = makeBundle([{ id: "a", paragraphs: [sentences.join(" ")] }], {
      mentions: names.flatMap((n) =>
        sentences
          .filter((s) => s.includes(n))
          .map((_, nth) => ({ articleId: "a", text: n, kind: "organization" as const, nth })),
      ),
    });
    const items = [1, 2, 3, 4, 5, 6].flatMap((seed) => generateQuestions(bundle, { seed }).questions);
    expect(items.some((q) => q.generator.startsWith("entity."))).toBe(true);
    for (const q of items) expect(q.stem).not.toMatch(/such as _____|, _____,|and _____ spend/);
  });

  it("takes the clause after 'when' as an event whose main clause opens on 'it'", () => {
    const text = [
      "On January 20, DeepSeek launched its reasoning model to the public in China.",
      "On January 27, the app reached the top of the download charts in the United States.",
      "On January 31, it reached a landmark moment when Apple and Amazon announced support for the model.",
    ];
    const bundle = makeBundle([{ id: "a", paragraphs: [text.join(" ")] }], {
      mentions: [
        { articleId: "a", text: "On January 20", kind: "date", normalized: "--01-20" },
        { articleId: "a", text: "On January 27", kind: "date", normalized: "--01-27" },
        { articleId: "a", text: "On January 31", kind: "date", normalized: "--01-31" },
        { articleId: "a", text: "DeepSeek", kind: "organization" },
        { articleId: "a", text: "Apple", kind: "organization" },
        { articleId: "a", text: "Amazon", kind: "organization" },
      ],
    });
    const ordering = generateQuestions(bundle, { seed: 2 }).questions.find((q) => q.type === "ordering");
    expect(optionTexts(ordering as Question)).toContain("Apple and Amazon announced support for the model");
  });
});

describe("terms and their neighbours", () => {
  const articles = {
    inflation:
      "Inflation means a sustained increase in the general price level of goods. Production of goods slowed in the first year.",
    iron: "Puddling means stirring molten pig iron in a furnace to remove its carbon. Production of iron rose quickly after that.",
    steel:
      "Bessemer process means blowing air through molten iron to make cheap steel. Production of steel grew in the new mills.",
    stars:
      "Result means a torrent of star formation on the side closest to its neighbour. Astronomers saw the galaxy change.",
  };
  const sentence = (id: keyof typeof articles) => articles[id].split(". ")[0] as string;
  const bundle = makeBundle(
    Object.entries(articles).map(([id, text]) => ({ id, paragraphs: [text] })),
    {
      definitions: [
        {
          articleId: "inflation",
          term: "Inflation",
          definition: "a sustained increase in the general price level of goods",
          sentence: sentence("inflation"),
        },
        {
          articleId: "iron",
          term: "Puddling",
          definition: "stirring molten pig iron in a furnace to remove its carbon",
          sentence: sentence("iron"),
        },
        {
          articleId: "steel",
          term: "Bessemer process",
          definition: "blowing air through molten iron to make cheap steel",
          sentence: sentence("steel"),
        },
        {
          articleId: "stars",
          term: "Result",
          definition: "a torrent of star formation on the side closest to its neighbour",
          sentence: sentence("stars"),
        },
      ],
      concepts: [{ id: "production", name: "Production", definition: "making goods" }],
    },
  );
  const items = [1, 2, 3].flatMap((seed) => generateQuestions(bundle, { seed }).questions);

  it("takes no distractor from an article that only shares a common word ('production') with the item's", () => {
    const onInflation = items.filter((q) => q.sourceRefs[0]?.articleId === "inflation");
    expect(onInflation.length).toBeGreaterThan(0);
    for (const q of onInflation)
      for (const text of [q.stem, ...optionTexts(q)]) expect(text.toLowerCase()).not.toContain("molten");
  });

  it("asks no term that is an everyday word ('result')", () => {
    expect(items.some((q) => `${q.stem} ${JSON.stringify(q.key)}`.includes("Bessemer process"))).toBe(true);
    for (const q of items) {
      expect(q.stem).not.toMatch(/\bResult\b|“result”/);
      expect(q.type === "short_answer" || q.type === "cloze" ? q.key.accepted : []).not.toContain("Result");
    }
  });
});

describe("statements that stand alone", () => {
  it("swaps no name without 'the' in after a 'the' ('Once the China closed itself')", () => {
    const sentences = [
      "Once the Soviet Union closed itself off, its technology declined quickly.",
      "China built many factories for chips and phones.",
      "China also trained many engineers at its universities.",
      "Japan sold cameras and cars around the world.",
      "Japan also made many of the first portable music players.",
      "The Soviet Union launched the first satellite into orbit.",
    ];
    const names = ["Soviet Union", "China", "Japan"];
    const bundle = makeBundle([{ id: "a", paragraphs: [sentences.join(" ")] }], {
      mentions: names.flatMap((n) =>
        sentences
          .filter((s) => s.includes(n))
          .map((_, nth) => ({ articleId: "a", text: n, kind: "place" as const, nth })),
      ),
      claims: sentences.map((sentence) => ({ articleId: "a", sentence })),
    });
    const stems = [1, 2, 3, 4, 5, 6].flatMap((seed) =>
      [0, 1].flatMap((variant) => generateQuestions(bundle, { seed, variant }).questions.map((q) => q.stem)),
    );
    expect(stems.some((s) => /the (?:Soviet Union|_____)/.test(s))).toBe(true);
    for (const s of stems) expect(s).not.toMatch(/the (China|Japan)/);
  });
});

describe("entity choices from the item's own article", () => {
  const iron = [
    "Britain became the leading producer of cast iron during the eighteenth century.",
    "Sweden sold bar iron to many foreign buyers for a long time.",
    "Russia also exported large amounts of bar iron in that period.",
    "Germany built new rolling mills near its coal fields.",
  ];
  const music = ["Madrid hosted a festival of guitar music in the summer."];
  const bundle = makeBundle(
    [
      { id: "iron", paragraphs: [iron.join(" ")] },
      { id: "music", paragraphs: [music.join(" ")] },
    ],
    {
      mentions: [
        { articleId: "iron", text: "Britain", kind: "place" },
        { articleId: "iron", text: "Sweden", kind: "place" },
        { articleId: "iron", text: "Russia", kind: "place" },
        { articleId: "iron", text: "Germany", kind: "place" },
        { articleId: "music", text: "Madrid", kind: "place" },
      ],
    },
  );
  const items = [1, 2, 3].flatMap((seed) => generateQuestions(bundle, { seed }).questions);
  const choices = items.filter((q) => q.generator === "entity.place.choice");

  it("asks for a place named once, against the article's other places", () => {
    expect(choices.length).toBeGreaterThan(0);
    for (const q of choices) {
      const options = optionTexts(q);
      expect(options.length).toBeGreaterThanOrEqual(3);
      for (const o of options) expect(["Britain", "Sweden", "Russia", "Germany"]).toContain(o);
    }
  });

  it("never takes a place from an unrelated article", () => {
    for (const q of items) expect(optionTexts(q)).not.toContain("Madrid");
  });

  it("never swaps a name the course uses once into a statement, where it may make nonsense", () => {
    expect(items.filter((q) => q.generator === "claim.actor").map((q) => q.stem)).toEqual([]);
  });
});

describe("entity options by whole names", () => {
  const text = [
    "China built a large business in cheap solar panels over ten years.",
    "The US bought many of the panels for its own power plants.",
    "Japan sold its older factories to buyers from abroad.",
    "Liang Wenfeng founded a fund that trades on machine learning.",
    "Later Liang moved the team into research on language models.",
    "Lee Sedol lost a famous match of Go to a program in Seoul.",
    "Yann LeCun leads research on learning at a large company.",
  ];
  const bundle = makeBundle([{ id: "trade", paragraphs: [text.join(" ")] }], {
    mentions: [
      { articleId: "trade", text: "China", kind: "place" },
      { articleId: "trade", text: "US", kind: "place" },
      { articleId: "trade", text: "Japan", kind: "place" },
      { articleId: "trade", text: "Liang Wenfeng", kind: "person" },
      { articleId: "trade", text: "Liang", kind: "person" },
      { articleId: "trade", text: "Lee Sedol", kind: "person" },
      { articleId: "trade", text: "Yann LeCun", kind: "person" },
    ],
  });
  const items = [1, 2, 3].flatMap((seed) => generateQuestions(bundle, { seed }).questions);

  it("offers a short name that a longer word of the sentence holds ('US' in 'business')", () => {
    const china = items.filter((q) => q.generator === "entity.place.choice" && q.stem.includes("business"));
    expect(china.length).toBeGreaterThan(0);
    for (const q of china) expect(optionTexts(q)).toContain("US");
  });

  it("never offers a name beside a part of it ('Liang' and 'Liang Wenfeng' are one person)", () => {
    for (const q of items) {
      const options = optionTexts(q);
      expect(options.includes("Liang") && options.includes("Liang Wenfeng")).toBe(false);
    }
  });
});

describe("a blank a word of its sentence gives away", () => {
  it("never blanks a name whose own adjective stands in the stem ('British' for Britain)", () => {
    const text = [
      "Because of the increased British production, Britain became a net exporter of bar iron.",
      "Sweden sold bar iron to many foreign buyers for a long time.",
      "Russia also exported large amounts of bar iron in that period.",
      "Britain built many new rolling mills near its coal fields.",
    ];
    const bundle = makeBundle([{ id: "iron", paragraphs: [text.join(" ")] }], {
      mentions: [
        { articleId: "iron", text: "Britain", kind: "place" },
        { articleId: "iron", text: "Britain", kind: "place", nth: 1 },
        { articleId: "iron", text: "Sweden", kind: "place" },
        { articleId: "iron", text: "Russia", kind: "place" },
      ],
    });
    const items = [1, 2, 3].flatMap((seed) => generateQuestions(bundle, { seed }).questions);
    const blanks = items.filter((q) => /^entity\./.test(q.generator) && q.stem.includes("_____"));
    expect(blanks.some((q) => q.stem.includes("rolling mills"))).toBe(true);
    for (const q of blanks) expect(q.stem).not.toMatch(/British/);
  });
});

describe("analogies", () => {
  const own = "Automated reasoning training is similar to the AlphaGo Zero model.";
  const theirs = "Some economists maintain that large monetary injections are like pushing on a string.";
  const guess = "Perhaps the new policy is like a lighthouse in the fog.";
  const bundle = makeBundle(
    [
      { id: "ai", paragraphs: [`${own} The AlphaGo Zero model learned from scratch.`] },
      { id: "money", paragraphs: [`${theirs} ${guess} Price inflation followed the injections.`] },
    ],
    {
      definitions: [
        {
          articleId: "ai",
          term: "automated reasoning training",
          definition: "the AlphaGo Zero model",
          sentence: own,
          isAnalogy: true,
        },
        {
          articleId: "money",
          term: "large monetary injections",
          definition: "pushing on a string",
          sentence: theirs,
          isAnalogy: true,
        },
        {
          articleId: "money",
          term: "the new policy",
          definition: "a lighthouse in the fog",
          sentence: guess,
          isAnalogy: true,
        },
      ],
    },
  );
  for (const s of bundle.sentences) s.stance = stanceOf(s.text);
  const { questions } = generateQuestions(bundle, { seed: 2 });
  const about = (subject: string) =>
    questions.filter((q) => q.generator.startsWith("analogy.") && q.stem.includes(subject));

  it("names who draws a reported likeness in every stem, and states it as theirs", () => {
    const items = about("large monetary injections");
    expect(items.length).toBeGreaterThan(0);
    for (const q of items.filter((q) => q.generator !== "analogy.cloze")) {
      expect(q.stem).toMatch(/^According to the article, (what did )?some economists/);
    }
    for (const q of items.filter((q) => q.type === "true_false")) {
      expect(q.stem).not.toMatch(/\bis similar to\b/);
    }
  });

  it("asks the author's own likeness plainly and leaves a guessed one out", () => {
    const own = about("automated reasoning training").filter((q) => q.generator !== "analogy.cloze");
    expect(own.length).toBeGreaterThan(0);
    for (const q of own) expect(q.stem).toMatch(/^(What does the source liken|The source likens)/);
    expect(about("the new policy")).toEqual([]);
  });
});

describe("numbers", () => {
  it("asks no number that labels one of a numbered series ('photosystem 1' beside 'photosystem 2')", () => {
    const first = "The reaction center in photosystem 1 absorbs light of 700 nm best.";
    const second = "The reaction center in photosystem 2 absorbs light of 680 nm best.";
    const cells = "Each leaf cell holds about 40 chloroplasts in its thin outer layer.";
    const bundle = makeBundle([{ id: "light", paragraphs: [`${first} ${second} ${cells}`] }], {
      mentions: [
        { articleId: "light", text: "1", kind: "number", value: 1 },
        { articleId: "light", text: "2", kind: "number", value: 2 },
        { articleId: "light", text: "700", kind: "number", value: 700 },
        { articleId: "light", text: "680", kind: "number", value: 680 },
        { articleId: "light", text: "40", kind: "number", value: 40 },
      ],
    });
    const asked = generateQuestions(bundle, { seed: 1 }).questions.filter((q) => q.type === "numeric");
    const values = asked.map((q) => (q.type === "numeric" ? q.key.value : undefined));
    expect(values).toContain(40);
    expect(values).toContain(700);
    expect(values).not.toContain(1);
    expect(values).not.toContain(2);
  });

  it("asks no number that is part of a name ('an Ariane 5 rocket')", () => {
    const text =
      "The telescope was launched into space on an Ariane 5 rocket from a site in the jungle. Each Ariane rocket is built in Europe. The observatory now sits about 1,500,000 kilometres from Earth.";
    const bundle = makeBundle([{ id: "space", paragraphs: [text] }], {
      mentions: [
        { articleId: "space", text: "Ariane", kind: "product", normalized: "Ariane" },
        { articleId: "space", text: "Ariane", kind: "product", normalized: "Ariane", nth: 1 },
        { articleId: "space", text: "5", kind: "number", value: 5 },
        { articleId: "space", text: "1,500,000", kind: "number", value: 1_500_000 },
      ],
    });
    const values = generateQuestions(bundle, { seed: 1 })
      .questions.filter((q) => q.type === "numeric")
      .map((q) => (q.type === "numeric" ? q.key.value : undefined));
    expect(values).toContain(1_500_000);
    expect(values).not.toContain(5);
  });

  it("asks no number that is part of a name, restates another in brackets or ends a range", () => {
    const rocket = "The probe will lift off from the coast on an Atlas 5 rocket next autumn.";
    const distance = "The probe now sits about one million miles (1.5 million km) from the planet.";
    const back = "The station orbits 420 km (260 miles) above the ground at high speed.";
    const cells = "Each leaf cell holds about 40 chloroplasts in its thin outer layer.";
    const range = "By that year some 13 to 15 million workers in the region had no job at all.";
    const bundle = makeBundle(
      [{ id: "probe", paragraphs: [`${rocket} ${distance} ${back} ${cells} ${range}`] }],
      {
        mentions: [
          { articleId: "probe", text: "13", kind: "number", value: 13 },
          { articleId: "probe", text: "5", kind: "number", value: 5 },
          { articleId: "probe", text: "1.5 million", kind: "number", value: 1_500_000 },
          { articleId: "probe", text: "420", kind: "number", value: 420 },
          { articleId: "probe", text: "40", kind: "number", value: 40 },
        ],
      },
    );
    const asked = generateQuestions(bundle, { seed: 1 }).questions.filter((q) =>
      q.generator.startsWith("number."),
    );
    const stems = asked.map((q) => q.stem).join("\n");
    expect(stems).toContain("_____ chloroplasts");
    expect(stems).not.toContain("Atlas _____");
    expect(stems).not.toContain("some _____ to 15 million");
    expect(stems).not.toMatch(/\(_____|_____ km \(/);
    // The number before the brackets is asked, without them.
    expect(stems).toContain("The station orbits _____ km above the ground at high speed.");
  });
});
