import { describe, expect, it } from "vitest";
import {
  type AnalyzedArticle,
  collocations,
  conceptMatcher,
  detectConcepts,
  findAbbreviations,
  findQuote,
  isSameIdea,
  rootOf,
  withNameBefore,
} from "./concepts.ts";
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
    // "This effect is known as X" names it; the sentence "this effect" points back to defines it.
    expect(jevons?.definitionRef?.quote).toBe("Cheaper models raise demand.");
  });

  it("takes the sentence after a pointing name for its definition only where that one explains", () => {
    const text = (after: string) =>
      `Some engines burn less coal. Coal use rose all the same. This effect is known as the Jevons paradox. ${after}`;
    const definitionOf = (after: string) =>
      detectConcepts([article("j", text(after))], [{ name: "Jevons paradox", aliases: [], definedBy: [] }])[0]
        ?.definitionRef?.quote;
    expect(definitionOf("The next engines were larger.")).toBe("Coal use rose all the same.");
    expect(definitionOf("The underlying logic is that cheaper power gets used more.")).toBe(
      "The underlying logic is that cheaper power gets used more.",
    );
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
    // "it means …" stands for the term before it: the defining words alone are the definition.
    expect(distillation?.definition).toBe("compressing a big model into a smaller one");
    expect(distillation?.definitionRef?.quote).toBe("compressing a big model into a smaller one");
  });
});

describe("appositive definitions", () => {
  it("defines a term by the words set off after it, not by an item of a list", () => {
    const text = article(
      "pitch",
      "Our brains are more sensitive to pitch, the harmonic sounds we hear in music, than those of monkeys. The pitch of a voice carries meaning. A high pitch warns of danger. Prices depend on inflation, the state of the economy, and trade. The inflation of prices hurt savers. High inflation hurt savers.",
    );
    const concepts = detectConcepts([text], []);
    expect(concepts.find((c) => c.name === "pitch")?.definition).toBe(
      "pitch, the harmonic sounds we hear in music",
    );
    expect(concepts.find((c) => c.name === "inflation")?.definition ?? "").not.toMatch(
      /the state of the economy$/,
    );
  });

  it("takes no clause with a verb after an opening phrase for an appositive", () => {
    const text = article(
      "clause",
      "For technical inquiries, a solid base in English may be needed. Technical inquiries take time. Inquiries come in daily.",
    );
    const inquiries = detectConcepts([text], []).find((c) => /inquiries/i.test(c.name));
    expect(inquiries?.definition ?? "").not.toMatch(/may be needed/);
  });
});

const find = (text: AnalyzedArticle, name: string) =>
  detectConcepts([text], []).find((c) => c.name.toLowerCase() === name.toLowerCase());

describe("definitions of detected concepts", () => {
  it("takes the sentence whose subject the term is and whose verb classifies it", () => {
    const text = article(
      "press",
      "In early Europe, a printing press is a device for pressing ink onto paper. Each printing press cost a fortune. The printing press spread fast in many towns.",
    );
    const press = find(text, "printing press");
    expect(press?.definition).toBe(
      "In early Europe, a printing press is a device for pressing ink onto paper.",
    );
    expect(press?.definitionSource).toBe("text");
  });

  it("takes no verb and its object for a term, and no appositive that names a term of its own", () => {
    const text = article(
      "verbs",
      "B cells begin producing antibodies, the proteins that lock onto an antigen. The body keeps producing antibodies for weeks. Plants keep producing antibodies too. The cycle fixes carbon into organic molecules, a process known as carbon fixation. Organic molecules store energy. Organic molecules build cells.",
    );
    const names = detectConcepts([text], []).map((c) => c.name.toLowerCase());
    expect(names).not.toContain("producing antibodies");
    expect(find(text, "organic molecules")?.definition ?? "").not.toMatch(/known as/);
  });

  it("keeps the capital of a name the article writes capitalised when an objective lowers its first word", () => {
    const text = article(
      "outage",
      "Windows computers worldwide face blue screen of death due to a faulty update. Airlines, banks, broadcasters, and many businesses are affected, causing major disruptions.\n\nWindows computers across the world showed the dreaded blue screen of death caused by a faulty update on Thursday. The issue affected airlines, broadcasters, banks, and many other businesses.\n\nThe root cause appears to be an update to the driver that secures Windows machines.",
    );
    const [lesson] = buildLessons({ id: "outage", title: "Outage" }, text, [], []);
    const objectives = lesson?.objectives.map((o) => o.text) ?? [];
    expect(objectives.some((o) => /Windows computers/.test(o))).toBe(true);
    for (const o of objectives) expect(o).not.toMatch(/\bwindows computers/);
  });

  it("asks what the genus does where an appositive says so", () => {
    const text = article(
      "killers",
      "The thymus trains killer cells, the lymphocytes that destroy infected cells. Killer cells are precise. Killer cells last for years in the blood.",
    );
    const concepts = detectConcepts([text], []);
    const killers = concepts.find((c) => c.name.toLowerCase() === "killer cells");
    expect(killers?.definition).toMatch(/^killer cells, the lymphocytes/i);
    const glossary = [
      { term: "killer cells", gloss: killers?.definition ?? "", conceptId: killers?.id ?? "" },
    ];
    const [lesson] = buildLessons({ id: "killers", title: "Immunity" }, text, concepts, glossary);
    expect(lesson?.objectives.map((o) => o.text)).toContain(
      "Define killer cells and say what these lymphocytes do.",
    );
  });

  it("gives a term the text never defines no definition, and says so, rather than a sentence naming it", () => {
    const text = article(
      "carding",
      "The carding engines were covered in leather by the workers. Weights kept the wool from backing up before the carding engines turned. The old carding engines were made of wood and metal.",
    );
    const carding = find(text, "carding engines");
    expect(carding).toBeDefined();
    expect(carding?.definition).toBe("");
    expect(carding?.definitionSource).toBe("none");
    expect(carding?.definitionRef).toBeUndefined();
  });

  it("is not fooled by a copula after the term in another clause", () => {
    const text = article(
      "copula",
      "Open communities could render an outcome where the carding engine is ultimately overcome. The carding engine spread across the valley mills. Workers feared the carding engine and its owners.",
    );
    expect(find(text, "carding engine")?.definitionSource).toBe("none");
  });

  it("cuts the named noun phrase out of a sentence that introduces a name with 'called'", () => {
    const text = article(
      "called",
      "A long paper, released last week by a small Chinese company called Qwenlabs, did not cause alarm. Qwenlabs is based in Hangzhou. Qwenlabs released Qwenlabs models twice. Everyone watched Qwenlabs closely.",
    );
    const concepts = detectConcepts([text], []);
    expect(concepts.find((c) => c.name === "Qwenlabs")?.definition).toBe(
      "a small Chinese company called Qwenlabs",
    );
  });

  it("keeps an everyday word the text never defines out, and a defined one in", () => {
    const text = article(
      "general",
      "Innovation drives the firm. The firm prizes innovation above all. Innovation costs money, and the firm spends it. Inflammation is the body's protective response to injury. Inflammation can last for weeks.",
    );
    const names = detectConcepts([text], []).map((c) => c.name);
    expect(names).not.toContain("innovation");
    expect(names).toContain("inflammation");
  });

  it("makes a name the text introduces with 'named' and uses again a concept, described by its phrase", () => {
    const text = article(
      "named",
      "This telescope image features a bright spiral galaxy named Zorba 17. Zorba 17 is a perfect target for astronomers. Gas flows into the galaxy.",
    );
    const zorba = detectConcepts([text], []).find((c) => c.name === "Zorba 17");
    expect(zorba).toMatchObject({ kind: "entity", definition: "a bright spiral galaxy named Zorba 17" });
    const glossary = [{ term: "Zorba 17", gloss: zorba?.definition ?? "", conceptId: zorba?.id ?? "" }];
    const [lesson] = buildLessons({ id: "named", title: "Galaxy" }, text, zorba ? [zorba] : [], glossary);
    expect(lesson?.objectives.map((o) => o.text)).toContain(
      "Say what Zorba 17 is (a bright spiral galaxy) and what the article says it did.",
    );
  });

  it("takes a phrase the course also writes hyphenated, across articles, as a key idea", () => {
    const texts = [
      article(
        "a",
        "The lab made its models open source last year. Open-source models spread fast. Others copied them.",
      ),
      article(
        "b",
        "Open source code invites many helpers. The open-source community grew quickly in spring.",
      ),
      article("c", "Every open-source release drew praise from many people."),
    ];
    const names = detectConcepts(texts, []).map((c) => c.name);
    expect(names).toContain("open source");
  });

  it("defines a term by a short gloss in brackets, not by an example in them", () => {
    const text = article(
      "brackets",
      "Iodine may raise the risk of congenital hypothyroidism (loss of thyroid function) in infants. Congenital hypothyroidism needs early care. A pathogen (such as a virus) makes proteins.",
    );
    const concepts = detectConcepts([text], []);
    expect(concepts.find((c) => /hypothyroidism/i.test(c.name))?.definition).toBe(
      "congenital hypothyroidism (loss of thyroid function)",
    );
    expect(concepts.find((c) => c.name === "pathogen")?.definition ?? "").not.toMatch(/such as/);
    const rates = article(
      "purpose",
      "Central banks adjust interest rates (to mitigate recessions) when needed. Interest rates rose. Interest rates fell.",
    );
    expect(detectConcepts([rates], []).find((c) => /rates/.test(c.name))?.definition ?? "").not.toMatch(
      /to mitigate/,
    );
  });

  it("defines a name given to what the clause before it described by the whole sentence", () => {
    const text = article(
      "renames",
      "The cycle begins with the incorporation of CO2 into organic molecules, a process known as carbon fixation. Carbon fixation needs energy. Plants rely on carbon fixation.",
    );
    const concept = detectConcepts([text], []).find((c) => c.name === "carbon fixation");
    expect(concept?.definition).toBe(
      "The cycle begins with the incorporation of CO2 into organic molecules, a process known as carbon fixation.",
    );
    const glossary = [
      { term: "carbon fixation", gloss: concept?.definition ?? "", conceptId: concept?.id ?? "" },
    ];
    const [lesson] = buildLessons(
      { id: "renames", title: "Cycle" },
      text,
      concept ? [concept] : [],
      glossary,
    );
    expect(lesson?.objectives.map((o) => o.text)).toContain(
      "Define carbon fixation and say what sets it apart from other processes.",
    );
  });

  it("takes a term named after someone, but not a name's other phrases", () => {
    const text = article(
      "eponym",
      "Melvin Calvin studied plants for years. The Calvin cycle makes sugar. The Calvin cycle needs ATP. The Calvin cycle runs in the stroma. Light powers the Calvin cycle indirectly.",
    );
    expect(detectConcepts([text], []).map((c) => c.name)).toContain("Calvin cycle");
  });

  it("does not give a longer defined term's definition to a word of it", () => {
    const text = article(
      "vaccine",
      "An mRNA vaccine is a type of vaccine that uses a copy of messenger RNA. Each vaccine went through trials in many countries. A vaccine needs cold storage in most clinics.",
    );
    expect(find(text, "mRNA vaccine")?.definitionSource).toBe("text");
    const vaccine = find(text, "vaccine");
    expect(vaccine?.definition ?? "").not.toMatch(/^An mRNA vaccine is/);
  });
});

describe("one idea, several spellings", () => {
  it("gives the forms of one word one root, and keeps other words apart", () => {
    expect(["rolling", "rollers", "rolled", "roll"].map(rootOf)).toEqual(["rol", "rol", "rol", "rol"]);
    expect(rootOf("processes")).toBe(rootOf("process"));
    expect(rootOf("carbonate")).not.toBe(rootOf("carbon"));
  });

  it("takes a word of a longer name, or another form of it, as the same idea", () => {
    expect(isSameIdea("cryptography", "public key cryptography")).toBe(true);
    expect(isSameIdea("Rollers", "rolling")).toBe(true);
    expect(isSameIdea("grooved rollers", "rolling")).toBe(true);
    expect(isSameIdea("carbon", "carbonate")).toBe(false);
    expect(isSameIdea("key", "keyboard")).toBe(false);
    // A modifier of a longer term is an idea of its own.
    expect(isSameIdea("public key", "public key cryptography")).toBe(false);
  });
});

describe("key ideas the frequency list misses", () => {
  // Filler that reads well and names nothing, to lift an article past the 300 words at which it
  // should carry three concepts.
  const filler = Array.from(
    { length: 30 },
    (_, i) => `Week ${i + 1} of the project went by quietly, and nobody there wrote anything down at all.`,
  ).join(" ");

  it("takes a pair whose first word the article never writes alone as a term", () => {
    const text = article(
      "pairs",
      "Keep the private key. Never share the private key. Whoever steals the private key can read everything. The powerful server sends mail, and the powerful router sends packets.",
    );
    expect(collocations(text, new Set())).toEqual(["private key"]);
  });

  it("gives an article of 300+ words its own recurring abbreviations and pairs when it lacks ideas", () => {
    const text = article(
      "lab",
      `Capillary gel electrophoresis (CGE) sorts fragments by size. The lab ran CGE twice a day. Each CGE run needed a steady current. The lab kept a sample buffer in the cold room. The sample buffer was changed weekly. Each sample buffer was labelled. ${filler}`,
    );
    const names = detectConcepts([text], []).map((c) => c.name);
    expect(names).toContain("CGE");
    expect(names).toContain("sample buffer");
  });

  it("gives an article of 300+ words that lacks ideas the phrase its heading names, though others use it", () => {
    const read = (heading: string) =>
      readArticles([
        {
          id: "mill",
          rawText: `${heading}\n\nThe old mill on the river ran on water power from spring until the autumn floods. ${filler}`,
        },
        { id: "valley", rawText: "Every mill across the valley used water power to grind its grain." },
      ]);
    const inMill = (articles: AnalyzedArticle[]) =>
      detectConcepts(articles, [])
        .filter((c) => c.passageIds.some((id) => id.startsWith("mill-")))
        .map((c) => c.name.toLowerCase());
    expect(inMill(read("Water Power"))).toContain("water power");
    // Without the heading it is a phrase of the course, not this article's idea.
    expect(inMill(read("Notes From the Mill"))).not.toContain("water power");
  });

  it("names a word always written after the same capitalised word by the whole name", () => {
    expect(
      withNameBefore("Vibrio cholerae spreads in water. The germ Vibrio cholerae kills.", "cholerae"),
    ).toBe("Vibrio cholerae");
    expect(withNameBefore("The cholerae spreads. Vibrio cholerae kills.", "cholerae")).toBe("cholerae");
  });

  it("reads abbreviations of long names, up to eight words", () => {
    const text = article(
      "long",
      "Labs use very long baseline array radio interferometry (VLBARI) to image stars. VLBARI needs many dishes.",
    );
    expect(findAbbreviations([text]).get("vlbari")).toEqual([
      "very long baseline array radio interferometry",
    ]);
  });

  it("takes a name one article keeps using as a concept where the text says what it is", () => {
    const text = article(
      "product",
      "On Monday the firm launched its flagship camera, Lumix-Q9, which sold out in a day. Reviewers praised the Lumix-Q9 for its lens. The grip of the Lumix-Q9 drew complaints.",
    );
    const lumix = detectConcepts([text], []).find((c) => c.name === "Lumix-Q9");
    expect(lumix).toMatchObject({ kind: "entity", definition: "its flagship camera, Lumix-Q9" });
  });

  it("defines a subject after an opening 'The' and a name that 'has been one of' a kind", () => {
    const text = article(
      "subjects",
      "The rain shadow is the dry side of a mountain range. Each rain shadow lies downwind. A rain shadow gets little rain.",
    );
    expect(find(text, "rain shadow")?.definition).toBe(
      "The rain shadow is the dry side of a mountain range.",
    );
    const firm = article(
      "firm",
      "Indeed, Zentrix has been one of the largest makers of pumps. Zentrix sells pumps abroad. Zentrix hired staff.",
    );
    expect(detectConcepts([firm], [{ name: "Zentrix", aliases: [], definedBy: [] }])[0]?.definition).toBe(
      "Indeed, Zentrix has been one of the largest makers of pumps.",
    );
  });

  it("takes a term the course's articles share as a fixed pair, and defines a plural by its class", () => {
    const a = article(
      "banks-a",
      `Tide banks are public bodies of a special kind. A tide bank raises the tide levy each spring. The tide bank also keeps the harbour records. When the tide bank is slow, ships wait. ${filler}`,
    );
    const b = article("banks-b", "Every harbour answers to its tide bank. A tide bank can close a quay.");
    const bank = detectConcepts([a, b], []).find((c) => c.name === "tide bank");
    expect(bank?.definition).toBe("Tide banks are public bodies of a special kind.");
  });

  it("names no common verb's gerund as a key idea of its own", () => {
    const text = article(
      "gerund",
      `The borrowing fell in May. Their borrowing rose in June. The borrowing slowed in July. Households cut the borrowing. ${filler}`,
    );
    expect(detectConcepts([text], []).map((c) => c.name.toLowerCase())).not.toContain("borrowing");
  });

  it("takes no consequence after 'means' as a definition", () => {
    const text = article(
      "consequence",
      "A bank's first duty is to keep price stability. This means they need to watch prices closely. Price stability matters to savers.",
    );
    expect(find(text, "stability")).toBeUndefined();
    expect(find(text, "price stability")?.definition ?? "").not.toMatch(/they need/);
    const adverb = article(
      "adverb",
      "Cheap credit usually means there is too much borrowing in the town. Cheap credit spreads fast.",
    );
    expect(detectConcepts([adverb], []).map((c) => c.name)).not.toContain("cheap credit usually");
  });

  it("takes brackets after an everyday word for a mapping, not a definition", () => {
    const text = article(
      "mapping",
      `Imagine a bunch of lanterns (the glowing cells) at a party. The lanterns burn down slowly. Wind blows the lanterns out. ${filler}`,
    );
    const lanterns = detectConcepts([text], []).find((c) => c.name === "lanterns");
    expect(lanterns?.definition ?? "").not.toMatch(/glowing cells/);
  });

  it("gives no part of a longer name the naming phrase of the whole", () => {
    const text = article(
      "galaxy",
      "The image shows a bright galaxy named Orrin 42. Orrin 42 is far away. Astronomers watch Orrin 42.",
    );
    const names = detectConcepts([text], []).map((c) => c.name);
    expect(names).not.toContain("Orrin");
  });
});

describe("clean definition spans", () => {
  it("cuts a naming phrase at the nearest article and keeps its closing quote", () => {
    const text = article(
      "quoted",
      'Bees gather nectar from the meadow and make a sweet syrup called "blossom honey." Blossom honey keeps for years. Traders sell blossom honey at fairs.',
    );
    expect(find(text, "blossom honey")?.definition).toBe('a sweet syrup called "blossom honey."');
  });

  it("defines a name by the description set off by dashes after it, not a shorter name inside it", () => {
    const text = article(
      "dashes",
      "Next year, NASA's Orbital Deep Telescope—the largest and most sensitive telescope ever sent into space—will lift off. The Orbital Deep Telescope will study old galaxies. Engineers at NASA tested the Orbital Deep Telescope for years.",
    );
    const concepts = detectConcepts([text], []);
    expect(concepts.find((c) => c.name === "Orbital Deep Telescope")?.definition).toBe(
      "Orbital Deep Telescope—the largest and most sensitive telescope ever sent into space",
    );
    expect(concepts.map((c) => c.name)).not.toContain("Telescope");
  });

  describe("on a text that defines two terms in clauses of one sentence and through a pronoun", () => {
    const text = article(
      "clauses",
      "Every choice has a price. A sunk cost is money already spent, while a trade-off is the process of giving up one benefit to gain another. A trade-off shapes every budget. Shoppers weigh each trade-off with care. On the other hand, opportunity cost is a concept that measures the trade-off. It refers to the value of the best option you do not choose. Opportunity cost guides firms. Knowing opportunity cost helps students. Choosing one path means giving up others.",
    );
    const concepts = detectConcepts([text], []);
    const definitionOf = (name: string) => concepts.find((c) => c.name === name)?.definition;

    it("defines a term from its own clause, after the conjunction that joins it on", () => {
      expect(concepts.map((c) => c.name)).not.toContain("while a trade-off");
      expect(definitionOf("trade-off")).toBe(
        "A trade-off is the process of giving up one benefit to gain another.",
      );
    });

    it("reads 'It refers to …' as defining the compound noun of the sentence before", () => {
      expect(definitionOf("opportunity cost")).toBe("the value of the best option you do not choose");
    });

    it("takes a verb and its object for no term", () => {
      expect(concepts.some((c) => /choosing/i.test(c.name))).toBe(false);
    });

    it("describes a term by a process and what it is of", () => {
      const glossary = concepts.map((c) => ({ term: c.name, gloss: c.definition, conceptId: c.id }));
      const [lesson] = buildLessons({ id: "clauses", title: "Costs" }, text, concepts, glossary);
      expect(lesson?.objectives.map((o) => o.text)).toContain(
        "Describe a trade-off as the process of giving up one benefit to gain another, in your own words.",
      );
    });
  });

  it("names the head of the phrase a naming cue introduces, before its 'of'", () => {
    const text = article(
      "head",
      "Some vaccines carry fragments of a virus called antigens into the body. The antigens train white cells. White cells remember the antigens for years.",
    );
    const concepts = detectConcepts([text], []);
    expect(concepts.find((c) => c.name === "antigens")?.definition).toBe(
      "fragments of a virus called antigens",
    );
  });

  it("gives a quoted name's definition to no word inside the quotes", () => {
    const text = article(
      "inside",
      'Orchards seal every cut with a paste called "grafting wax" in spring. Grafting needs sharp knives. Grafting heals in weeks.',
    );
    // A card without a definition takes the text's: the span rules alone decide it.
    const concepts = detectConcepts([text], [{ name: "grafting", aliases: [], definedBy: [] }]);
    const grafting = concepts.find((c) => c.name === "grafting");
    expect(grafting?.definition ?? "").not.toMatch(/called/);
    // The quoted name itself is defined by the phrase that introduces it.
    expect(concepts.find((c) => c.name === "grafting wax")?.definition).toBe('a paste called "grafting wax"');
  });

  it("reads a gloss in brackets as the longer phrase's when a modifier comes before the name", () => {
    const text = article(
      "modifier",
      "With classical ciphers (one key for both ends), the clerks saved time. Ciphers take skill to break. Ciphers take patience to build.",
    );
    const [ciphers] = detectConcepts([text], [{ name: "cipher", aliases: [], definedBy: [] }]);
    expect(ciphers?.definition ?? "").not.toMatch(/one key/);
  });

  it("takes no comparison or quantity of a thing as a defined term", () => {
    const text = article(
      "comparison",
      "Less winter rain means smaller wells, which worries the town. Winter rain fills the wells. Winter rain is rare.",
    );
    expect(detectConcepts([text], []).map((c) => c.name.toLowerCase())).not.toContain("less winter rain");
    const more = article(
      "more",
      "More fertile soil means larger crops, which feeds the town. Farmers test fertile soil often. Fertile soil is rare.",
    );
    expect(detectConcepts([more], []).map((c) => c.name.toLowerCase())).not.toContain("more fertile soil");
  });
});

describe("buildLessons", () => {
  it("draws objectives from what the text explains, and likens", () => {
    const text = article(
      "cause",
      "Cheap models spread fast. Lower prices led to a large rise in the demand for chips. Automated training is similar to the AlphaGo Zero model. AlphaGo Zero learnt alone. AlphaGo Zero won.",
    );
    const concepts = detectConcepts([text], []);
    const glossary = concepts.map((c) => ({ term: c.name, gloss: c.definition, conceptId: c.id }));
    const [lesson] = buildLessons({ id: "cause", title: "Chips" }, text, concepts, glossary);
    const objectives = lesson?.objectives.map((o) => o.text) ?? [];
    expect(objectives).toContain(
      "Compare automated training with AlphaGo Zero, and say what the likeness shows.",
    );
    expect(objectives).toContain("Explain how lower prices led to a large rise in the demand for chips.");
    expect(objectives.every((o) => !/bears on this part/.test(o))).toBe(true);
  });

  it("prefers summary lines that stand on their own to ones leaning on the sentence before", () => {
    const text = article(
      "lean",
      "Chip makers sold more chips than ever before in the spring. (Basically, it means chip makers sold chips to every chip buyer in the chip market.) Chip buyers waited for cheaper chips during the summer months.",
    );
    const [lesson] = buildLessons({ id: "lean", title: "Chips" }, text, [], []);
    expect(lesson?.summary.map((s) => s.text)).toEqual([
      "Chip makers sold more chips than ever before in the spring.",
      "Chip buyers waited for cheaper chips during the summer months.",
    ]);
  });

  it("prefers summary lines that do not continue the sentence before with a conjunction", () => {
    const text = article(
      "and",
      "Prices of chips fell across the market in the spring. And chip makers sold cheaper chips to chip buyers across the market. Chip buyers bought cheaper chips from chip makers in the summer.",
    );
    const [lesson] = buildLessons({ id: "and", title: "Chips" }, text, [], []);
    expect(lesson?.summary.map((s) => s.text)).toEqual([
      "Prices of chips fell across the market in the spring.",
      "Chip buyers bought cheaper chips from chip makers in the summer.",
    ]);
  });

  it("sets no objective about a key phrase the text never defines", () => {
    const text = article(
      "carding",
      "The carding engines were covered in leather by the workers. Weights kept the wool from backing up before the carding engines turned. The old carding engines were made of wood and metal.",
    );
    const concepts = detectConcepts([text], []);
    expect(concepts.map((c) => c.name)).toContain("carding engines");
    const [lesson] = buildLessons({ id: "carding", title: "Mills" }, text, concepts, []);
    expect(lesson?.objectives.map((o) => o.text)).toEqual([]);
  });

  it.each([
    [
      "A transistor is a semiconductor device with three terminals. Each transistor switches fast. A transistor amplifies signals.",
      "Define a transistor and say what sets it apart from other semiconductor devices.",
    ],
    [
      "Hepatitis is inflammation of the liver. Hepatitis spreads in many places. Doctors treat hepatitis early.",
      "Define hepatitis and say what kind of inflammation it is.",
    ],
    [
      "Antioxidants are a type of compound found in fruits. Antioxidants protect cells. Berries hold antioxidants.",
      "Define antioxidants and say what sets them apart from other compounds.",
    ],
    [
      "Inflammation is the body's protective response to injury. Inflammation can last for weeks. Doctors watch inflammation closely.",
      "Define inflammation, the body's protective response, in your own words.",
    ],
    [
      "In economics, inflation is a sustained increase in the general price level of goods over time. Inflation hurt savers. High inflation hurt wages.",
      "Describe inflation as a sustained increase in the general price level, in your own words.",
    ],
    [
      "The siphon effect is the way in which water climbs over a wall of a tank. The siphon effect needs a full tube. Plumbers use the siphon effect daily.",
      "Explain the siphon effect: how water climbs over a wall of a tank.",
    ],
    [
      "Photosynthesis is a process during which light energy is stored in sugars. Photosynthesis needs water. Plants rely on photosynthesis.",
      "Define photosynthesis and say what sets it apart from other processes.",
    ],
  ])("sets an objective shaped by how the text defines the concept: %#", (text, objective) => {
    const read = article("define", text);
    const concepts = detectConcepts([read], []);
    const glossary = concepts.map((c) => ({ term: c.name, gloss: c.definition, conceptId: c.id }));
    const [lesson] = buildLessons({ id: "define", title: "Terms" }, read, concepts, glossary);
    expect(lesson?.objectives.map((o) => o.text)).toContain(objective);
  });

  describe("on a short text about plants", () => {
    const read = article(
      "plants",
      "Plants make their food from light. Chloroplasts are organelles specialized for photosynthesis. Inside chloroplasts is chlorophyll, which absorbs light. Photosystems are many proteins together which can gather light energy. The photosystems sit in the membranes of chloroplasts. NADPH is an energy carrier in plants and the cell spends it on sugar. NADPH carries energy to the sugar factory of the cell. Without NADPH, the photosystems would have no use.",
    );
    const concepts = detectConcepts([read], []);
    const glossary = concepts.map((c) => ({ term: c.name, gloss: c.definition, conceptId: c.id }));
    const [lesson] = buildLessons({ id: "plants", title: "Light" }, read, concepts, glossary);
    const objectives = lesson?.objectives.map((o) => o.text) ?? [];

    it("takes the kind from a plural genus, past the participle after it", () => {
      expect(objectives).toContain("Define chloroplasts and say what kind of organelles they are.");
    });

    it("reads no kind into a count of things: 'many proteins together' is no genus", () => {
      expect(concepts.map((c) => c.name)).toContain("photosystems");
      expect(objectives.some((o) => /many proteins/.test(o))).toBe(false);
    });

    it("ends a definition where a clause about something else joins on", () => {
      expect(concepts.find((c) => c.name === "NADPH")?.definition).toBe(
        "NADPH is an energy carrier in plants",
      );
    });
  });

  it("keeps a claim voiced only through the report before it out of the summary", () => {
    const text = article(
      "frame",
      "At first, many critics thought that the lab faked its training results. Probably, the lab hid thousands of banned chips in a secret data centre. The lab published its training code and its full results for anyone to check.",
    );
    const [lesson] = buildLessons({ id: "frame", title: "Doubts" }, text, [], []);
    const summary = lesson?.summary.map((s) => s.text) ?? [];
    expect(summary.some((line) => line.startsWith("Probably"))).toBe(false);
    expect(summary).toContain(
      "The lab published its training code and its full results for anyone to check.",
    );
  });

  it("sets no cause objective from a report of a finding, or from a cause named elsewhere", () => {
    const text = article(
      "report",
      "Another study even discovered that baking can help raise a person's confidence level. This can lead to faster progress in many kitchens.",
    );
    const [lesson] = buildLessons({ id: "report", title: "Baking" }, text, [], []);
    expect(lesson?.objectives).toEqual([]);
  });

  it("explains why, not how, for a because", () => {
    const text = article(
      "why",
      "Coal use rose across the country because engines became much cheaper to run.",
    );
    const [lesson] = buildLessons({ id: "why", title: "Coal" }, text, [], []);
    expect(lesson?.objectives.map((o) => o.text)).toEqual(["Explain why coal use rose across the country."]);
  });

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
    const glossary = concepts.map((c) => ({ term: c.name, gloss: c.definition, conceptId: c.id }));
    const [lesson] = buildLessons({ id: "one", title: "Cheap AI" }, one, concepts, glossary);
    expect(lesson?.title).toBe("Cheap AI");
    expect(lesson?.conceptIds).toContain("jevons-paradox");
    expect(lesson?.objectives[0]?.text).toBe(
      "Explain the Jevons paradox in your own words, as the article defines it.",
    );
    expect(lesson?.objectives[0]?.ref.quote).toBe("Cheaper models raise demand.");
    expect(lesson?.passageIds).toEqual(one.segmented.passages.map((p) => p.id));
    expect(lesson?.readingMinutes).toBeGreaterThan(0);
  });
});
