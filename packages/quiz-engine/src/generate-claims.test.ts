import { describe, expect, it } from "vitest";
import { generateQuestions } from "./generate.ts";
import { keyTermOf, mainClause, restoreSubject, swapKeyTerm } from "./generate-claims.ts";
import { makeBundle } from "./testing/make-bundle.ts";

const article = [
  "The opposite of inflation is deflation in the economic literature.",
  "A long recession can push a weak economy into deflation and unemployment.",
  "Central banks usually raise interest rates when consumer prices rise quickly.",
  "Cheap credit tends to increase the spending of households on durable goods.",
  "Savers generally lose purchasing power when prices rise faster than their deposit interest.",
  "Governments collect more tax revenue when nominal wages rise with prices.",
  "Commercial banks approve fewer mortgages when the central bank tightens credit.",
  "Young families with large mortgages feel every change of the interest rate.",
  "Retired workers depend on pensions in countries with high and persistent inflation.",
  "Many governments adjust public pensions to consumer prices every single year.",
];

describe("key terms of a plain claim", () => {
  it("blanks a noun, never a verb or an adverb the tagger reads in the sentence", () => {
    const text =
      "The supply and demand curves intersect at one point. Where the curves intersect, prices settle. The equilibrium is where the curves meet. The equilibrium holds.";
    expect(
      keyTermOf("The point where the supply and the demand curves intersect is stable.", text, []),
    ).toBeNull();
    expect(keyTermOf("Prices settle at the equilibrium in most markets.", text, [])?.text).toBe(
      "equilibrium",
    );
  });

  it("blanks the rare word the article repeats, at the head of its phrase, never the subject", () => {
    const text = article.join(" ");
    expect(keyTermOf(article[0] as string, text, ["inflation"])?.text).toBe("deflation");
    // The lesson's subject is no blank, however rare: with "deflation" the subject, nothing is left.
    expect(keyTermOf(article[0] as string, text, ["inflation", "deflation"])).toBeNull();
    // After a vague modifier or a subject word the blank asks for a collocation, not a fact.
    const buzz = "Startups achieve major breakthroughs in China. Major breakthroughs are rare.";
    expect(keyTermOf("Startups can achieve major breakthroughs in China.", buzz, ["AI"])).toBeNull();
    expect(keyTermOf("The firm funds AI breakthroughs in China.", buzz, ["AI"])).toBeNull();
    // (A word of another article's title, too: "AI" in a course whose titles name it.)
    expect(keyTermOf("The firm funds AI breakthroughs in China.", buzz, [], ["Why AI matters"])).toBeNull();
    // One half of a "both … and …" pair names the other.
    const pair =
      "The ecosystem needs hardware. Both hardware and software matter. Hardware and software age.";
    // (The rare noun before the pair is a blank of its own.)
    expect(keyTermOf("The AI ecosystem is composed of both hardware and software.", pair, [])?.text).toBe(
      "ecosystem",
    );
    // A word the article uses once is a key fact only when it is a noun rare in everyday English:
    // not a commoner one ("problem"), not an adjective ("uncertain"), however rare.
    const once = (sentence: string) => keyTermOf(sentence, `${text} ${sentence}`, ["inflation"]);
    expect(once("The opposite of inflation is stagflation.")?.text).toBe("stagflation");
    expect(once("The opposite of inflation is a problem.")).toBeNull();
    expect(once("The outcome of inflation is uncertain.")).toBeNull();
    // Nor a verb after "to": an infinitive, not a thing ("to consume"), unlike "to deflation".
    const eat = "Plants make sugars for animals to consume. Animals consume sugars and consume fats.";
    expect(keyTermOf("Plants make sugars for animals to consume.", eat, ["inflation"])?.text ?? "").not.toBe(
      "consume",
    );
    expect(once("A weak economy can slide from inflation to deflation.")?.text).toBe("deflation");
  });

  it("never blanks the subject in its other grammatical number", () => {
    const text =
      "A vaccine teaches the body. After a few doses of a vaccine, most people are immune to measles. " +
      "Each vaccine is tested for years.";
    const sentence = "After a few doses of a vaccine, most people are immune to measles.";
    expect(keyTermOf(sentence, text, ["How vaccines work"])?.text ?? "").not.toBe("vaccine");
    // Nor the other way round: a plural blank in a course titled by the singular.
    const plural = "Most children get vaccines early. Vaccines are tested. Doctors give children vaccines.";
    expect(keyTermOf("Doctors give children vaccines.", plural, ["The vaccine"])).toBeNull();
    // Nor a word made from a rare subject word.
    const made = "After the vaccination, cells make antibodies. A vaccination protects. Antibodies help.";
    expect(
      keyTermOf("After the vaccination, cells make antibodies.", made, ["How vaccines work"])?.text,
    ).toBe("antibodies");
  });

  it("blanks an initialism at the head of its phrase, never an abbreviation or part of a name", () => {
    const sentence = "The startup matched the best chat models while using cheaper GPUs.";
    expect(keyTermOf(sentence, sentence, [])?.text).toBe("GPUs");
    // Nor a subject's ("AI" in a course about AI).
    expect(keyTermOf("The startup trained its chat model for cheap AI.", "", ["AI"])).toBeNull();
    for (const other of [
      "Research advances from the Intramural Research Program (IRP) often make headlines.",
      "The telescope took a sharp image of the galaxy NGC 1792 last year.",
      "The Hubble Space Telescope took a sharp image of the bright galaxy.",
    ])
      expect(keyTermOf(other, other, [])?.text ?? "").not.toMatch(/^(?:IRP|NGC)$/);
  });

  it("swaps a key term only into an open noun slot, never inside a compound", () => {
    const text = ` ${article.join(" ").toLowerCase()} `;
    expect(
      swapKeyTerm("Retired workers depend on pensions in old age.", "pensions", ["mortgages"], text),
    ).toBe("Retired workers depend on mortgages in old age.");
    // After "is" a swapped term reads as a definition gone wrong, not as a false claim.
    expect(
      swapKeyTerm("The opposite of inflation is deflation.", "deflation", ["recession"], text),
    ).toBeNull();
    // "an economy" takes no "rate".
    expect(swapKeyTerm("Inflation affects an economy in many ways.", "economy", ["rate"], text)).toBeNull();
    expect(
      swapKeyTerm("Inflation affects an economy in many ways.", "economy", ["rate", "industry"], text),
    ).toBe("Inflation affects an industry in many ways.");
    // "until the late 19th century": "the late 19th thread" would be nonsense, not a false claim.
    expect(swapKeyTerm("Iron was used until the late 19th century.", "century", ["thread"], text)).toBeNull();
  });
});

describe("a subject restored for a sentence that opens with a pronoun", () => {
  const lines = [
    "Around 1450, Johannes Gutenberg introduced the first movable type printing system in Europe.",
    "He advanced innovations in casting type based on a matrix and hand mould.",
    "The transistor replaced the vacuum tube in most radio receivers.",
    "It amplifies weak signals in every modern radio receiver.",
    "It is difficult to exaggerate how basic this device has become.",
  ];
  const bundle = makeBundle([{ id: "devices", paragraphs: [lines.join(" ")] }], {
    mentions: [{ articleId: "devices", text: "Johannes Gutenberg", kind: "person" }],
    concepts: [{ id: "transistor", name: "transistor", definition: "" }],
  });
  const [gutenberg, he, transistor, itLine, expletive] = bundle.sentences;

  it("names the subject of the sentence before, when the pronoun agrees with it", () => {
    expect(restoreSubject(bundle, he?.text ?? "", gutenberg)).toBe(
      "Johannes Gutenberg advanced innovations in casting type based on a matrix and hand mould.",
    );
    expect(restoreSubject(bundle, itLine?.text ?? "", transistor)).toBe(
      "The transistor amplifies weak signals in every modern radio receiver.",
    );
  });

  it("restores nothing for an 'it' that stands for no thing, or a pronoun that does not agree", () => {
    expect(restoreSubject(bundle, expletive?.text ?? "", itLine)).toBeNull();
    expect(restoreSubject(bundle, "She advanced innovations in casting type.", transistor)).toBeNull();
    expect(restoreSubject(bundle, "He amplifies weak signals in radios.", transistor)).toBeNull();
  });
});

describe("a subject restored for a sentence that opens with 'This' or 'These' and a noun", () => {
  const bundleOf = (line: string) => makeBundle([{ id: "giants", paragraphs: [line] }]);
  const restored = (before: string, text: string) =>
    restoreSubject(bundleOf(before), text, bundleOf(before).sentences[0]);

  it("takes the noun's phrase from the sentence before, which names it once and in the same number", () => {
    const before = "The giants are the vast open-source community, which shares its code freely.";
    expect(restored(before, "This community serves as a bedrock for open research.")).toBe(
      "The vast open-source community serves as a bedrock for open research.",
    );
    expect(
      restored("Farmers grow the hardy winter crops in cold valleys.", "These crops survive frost."),
    ).toBe("The hardy winter crops survive frost.");
  });

  it("restores nothing where the noun is named twice, in another number, or outside a phrase", () => {
    const twice = "The community grew, and the vast open-source community shared its code freely.";
    expect(restored(twice, "This community serves as a bedrock for open research.")).toBeNull();
    expect(
      restored("The farmers grow the hardy winter crops in cold valleys.", "This crop survives frost."),
    ).toBeNull();
    expect(
      restored("Giants share their code with community members.", "This community serves research."),
    ).toBeNull();
    // A vague noun points to the whole sentence before, not to a thing in it.
    expect(restored("The team found a new way to train models cheaply.", "This way saves money.")).toBeNull();
  });
});

describe("questions on plain asserted claims", () => {
  const bundle = makeBundle([{ id: "prices", paragraphs: article }]);
  bundle.lessons.push({
    id: "prices-l1",
    articleId: "prices",
    title: "Prices",
    objectives: [],
    summary: [],
    keyTerms: [],
    readingMinutes: 1,
    passageIds: bundle.passages.map((p) => p.id),
    conceptIds: [],
  });
  const { questions } = generateQuestions(bundle, { seed: 5 });

  it("states as true only a short claim or the first clause of a long one", () => {
    const long =
      "Rolling was an important part of the puddling process because the grooved rollers expelled most of the molten slag.";
    expect(mainClause(bundle, long, "process")).toBe(
      "Rolling was an important part of the puddling process.",
    );
    // The term is in the second clause, and the whole sentence is too long to copy: nothing.
    expect(mainClause(bundle, long, "slag")).toBeNull();
    expect(mainClause(bundle, "The opposite of inflation is deflation.", "deflation")).toBe(
      "The opposite of inflation is deflation.",
    );
    // ", and" closing a list joins no clause: the list is not cut short of its last item.
    expect(
      mainClause(
        bundle,
        "The molten rock mainly consists of silicon, aluminum, oxygen, and iron.",
        "silicon",
      ),
    ).toBe("The molten rock mainly consists of silicon, aluminum, oxygen, and iron.");
  });

  it("asks a key fact as true/false: the claim, or its term swapped into an open noun slot", () => {
    const statements = [1, 2, 3, 4].flatMap((seed) =>
      generateQuestions(bundle, { seed }).questions.filter(
        (q) => q.type === "true_false" && q.generator.startsWith("keyfact."),
      ),
    );
    expect(statements.map((q) => q.generator)).toContain("keyfact.swapped");
    for (const q of statements) {
      if (q.type !== "true_false") continue;
      if (q.key) expect(article.join(" ")).toContain(q.stem.replace(/\.$/, ""));
      else expect(article.join(" ")).not.toContain(q.stem.replace(/\.$/, ""));
    }
  });

  it("asks the key fact of a sentence no other generator asks about, as a typed blank, once per term", () => {
    const blank = questions.find((q) => q.generator === "keyfact.cloze" && q.stem.includes("opposite"));
    expect(blank?.type).toBe("cloze");
    if (blank?.type !== "cloze") return;
    expect(blank.stem).toContain("“The opposite of inflation is _____ in the economic literature.”");
    expect(blank.key.accepted).toEqual(["deflation"]);
    expect(blank.sourceRefs[0]?.quote).toBe(article[0]);
    // "deflation" is the key term of the second sentence too: one blank asks it.
    const keys = questions.flatMap((q) =>
      q.generator === "keyfact.cloze" && q.type === "cloze" ? q.key.accepted : [],
    );
    expect(keys.filter((k) => k === "deflation")).toHaveLength(1);
  });

  it("asks which claim the article states, against flipped versions of its other claims", () => {
    const stated = questions.filter((q) => q.generator === "keyfact.stated");
    expect(stated.length).toBeGreaterThan(0);
    const articleText = article.join(" ");
    for (const q of stated) {
      if (q.type !== "single_choice") throw new Error("a stated item is a single choice");
      const key = q.options.find((o) => o.id === q.key)?.text ?? "";
      const wrong = q.options.filter((o) => o.id !== q.key).map((o) => o.text);
      expect(articleText).toContain(key.replace(/\.$/, ""));
      expect(wrong.length).toBeGreaterThanOrEqual(2);
      // Each wrong option is a real sentence of the article with one direction flipped, so it is
      // false, and the article states it nowhere.
      for (const w of wrong) expect(articleText).not.toContain(w.replace(/\.$/, ""));
      // The stems differ, so an export that names items by stem keeps them apart.
      expect(new Set(stated.map((s) => s.stem)).size).toBe(stated.length);
    }
  });

  it("matches the lesson's key terms with the sentences they complete, each pairing one way", () => {
    const matching = questions.find((q) => q.generator === "keyfact.matching");
    expect(matching?.type).toBe("matching");
    if (matching?.type !== "matching") return;
    expect(matching.left.length).toBeGreaterThanOrEqual(3);
    for (const l of matching.left) {
      const right = matching.right.find((r) => r.id === matching.key[l.id])?.text ?? "";
      // Filled in, the statement is the article's sentence; no other term stands in it.
      expect(article).toContain(right.replace("_____", l.text));
      for (const other of matching.left)
        if (other !== l) expect(right.toLowerCase()).not.toContain(other.text.toLowerCase());
    }
  });

  it("blanks no head after a noun modifier the article pairs it with once", () => {
    const text = "Habits shape processes. Processes change. Processes last.";
    expect(keyTermOf("The new tools eased their work processes in every office.", text, [])).toBeNull();
    expect(keyTermOf("The new tools eased their slow processes in every office.", text, [])?.text).toBe(
      "processes",
    );
  });

  it("takes no verb before the head for a pair the article repeats ('affected airlines')", () => {
    const text = "The outage affected airlines for hours. It affected airlines and banks. Banks reopened.";
    expect(
      keyTermOf("The issue affected airlines, broadcasters and many other businesses.", text, [])?.text,
    ).not.toBe("affected airlines");
  });

  it("blanks no figure of speech the author rates a thing with", () => {
    const text =
      "Vaccination is a cornerstone of public health. The cornerstone of any clinic is its cornerstone staff.";
    expect(keyTermOf("Vaccination is a cornerstone of public health.", text, [])).toBeNull();
  });

  it("asks no sentence that counts off a list or leans on a pronoun", () => {
    const leaning = makeBundle([
      {
        id: "steps",
        paragraphs: [
          "First is the opposite of inflation, which economists call deflation in the literature.",
          "Hence, a long recession can push a weak economy into deflation for years.",
          "Classified as a slump, it pushes a weak economy into deflation and unemployment.",
        ],
      },
    ]);
    const items = generateQuestions(leaning, { seed: 5 }).questions;
    expect(items.filter((q) => q.generator.startsWith("keyfact"))).toEqual([]);
  });

  it("asks a claim that opens by pointing back with the sentence before it shown, never alone", () => {
    const lines = [
      "Central banks usually raise interest rates when consumer prices rise quickly.",
      "This makes commercial banks approve fewer mortgages for young families.",
    ];
    const tail = "Young families with large mortgages feel every change of the interest rate.";
    const itemsOf = (paragraphs: string[]) =>
      generateQuestions(makeBundle([{ id: "rates", paragraphs }]), { seed: 5 }).questions.filter((q) =>
        q.stem.includes("fewer _____"),
      );
    const [blank] = itemsOf([lines.join(" "), tail]);
    expect(blank?.type).toBe("cloze");
    if (blank?.type !== "cloze") return;
    expect(blank.stem).toBe(
      `The article says: “${lines[0]}” Complete the sentence that follows it: “This makes commercial banks approve fewer _____ for young families.”`,
    );
    expect(blank.key.accepted).toEqual(["mortgages"]);
    // It cites both sentences: the one it shows and the one it asks.
    expect(blank.sourceRefs[0]?.quote).toBe(lines.join(" "));
    // The sentence before points back in turn: showing it would resolve nothing.
    expect(itemsOf([`It seems that ${lines[0]?.toLowerCase()} ${lines[1]}`, tail])).toEqual([]);
    // A new paragraph: the sentence before is not what "This" points to.
    expect(itemsOf([lines[0] ?? "", lines[1] ?? "", tail])).toEqual([]);
    // The sentence shown names the answer.
    expect(
      itemsOf([`Central banks raise interest rates when mortgages grow quickly. ${lines[1]}`, tail]),
    ).toEqual([]);
  });

  it("asks a sentence whose possessive points back to a name or subject it holds, not one that points out of it", () => {
    const blanksOf = (paragraphs: string[]) =>
      generateQuestions(makeBundle([{ id: "own", paragraphs }]), { seed: 5 }).questions.flatMap((q) =>
        q.generator === "keyfact.cloze" && q.type === "cloze" ? q.key.accepted : [],
      );
    const tail = "Economists fear deflation more than a mild rise in prices.";
    // "its" is the weak economy's: the sentence stands alone.
    expect(blanksOf(["The weak economy slid into deflation when its long recession ended.", tail])).toContain(
      "deflation",
    );
    // "its" is whatever the sentence before named.
    expect(
      blanksOf(["At that point, its weak economy slid into deflation for many years.", tail]),
    ).not.toContain("deflation");
  });

  it("blanks no word most of the course's articles use: that is the course's vocabulary, not a fact", () => {
    const article = (id: string, line: string) => ({
      id,
      paragraphs: [line, "Economists fear deflation more than a mild rise in consumer prices."],
    });
    const one = makeBundle([
      article("a", "A long recession can push a weak economy into deflation and unemployment."),
    ]);
    const blanks = (b: typeof one) =>
      generateQuestions(b, { seed: 5 }).questions.flatMap((q) =>
        q.generator === "keyfact.cloze" && q.type === "cloze" ? q.key.accepted : [],
      );
    expect(blanks(one)).toContain("deflation");
    const three = makeBundle([
      article("a", "A long recession can push a weak economy into deflation and unemployment."),
      article("b", "Falling wages in a long slump can drag a small economy into deflation."),
      article("c", "Cheap credit rarely lifts a frightened economy out of deflation quickly."),
    ]);
    expect(blanks(three)).not.toContain("deflation");
  });

  it("states no first-person or reported sentence as a fact", () => {
    const personal = makeBundle([
      {
        id: "opinion",
        paragraphs: [
          "I believe the opposite of inflation is deflation in the economic literature.",
          "My view is that a long recession pushes a weak economy into deflation.",
        ],
      },
    ]);
    const items = generateQuestions(personal, { seed: 5 }).questions;
    expect(items.filter((q) => q.generator.startsWith("keyfact"))).toEqual([]);
  });
});
