import { readdirSync, readFileSync } from "node:fs";
import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { demoPackageDir } from "../test/helpers.ts";
import {
  buildNormalizationReport,
  countCourseWords,
  countWordForms,
  countWordPairs,
  isBoilerplateLine,
  normalizeText,
  toRawSpan,
} from "./normalize.ts";
import { segmentArticle } from "./segment.ts";

const words = (text: string) => new Set(text.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []);

describe("normalizeText", () => {
  it("removes boilerplate lines and reports them", () => {
    const raw = "Advertisements\nThe model was cheap.\nLeave a Reply\nShare this:\nIt spread fast.";
    const n = normalizeText(raw);
    expect(n.text).toBe("The model was cheap.\nIt spread fast.");
    const report = buildNormalizationReport("a", n);
    expect(report.counts.boilerplate).toBe(3);
    expect(report.changes.filter((c) => c.kind === "boilerplate").map((c) => c.before.trim())).toEqual([
      "Advertisements",
      "Leave a Reply",
      "Share this:",
    ]);
  });

  it("splits glued sentences but keeps camel-cased names", () => {
    const n = normalizeText(
      "It was hard to ignoreHaving tried it. Both DeepSeek and OpenAI use PyTorch and ChatGPT.",
    );
    expect(n.text).toBe(
      "It was hard to ignore. Having tried it. Both DeepSeek and OpenAI use PyTorch and ChatGPT.",
    );
    expect(normalizeText("the United StatesBy January").text).toBe("the United States. By January");
    expect(normalizeText("I use ChatGPT in my toolkitChatGPT can be slow.").text).toBe(
      "I use ChatGPT in my toolkit. ChatGPT can be slow.",
    );
    expect(normalizeText("AI technologiesYann LeCun said so.").text).toBe(
      "AI technologies. Yann LeCun said so.",
    );
    expect(normalizeText("similar to the alphaGo Zero model in the game of Go.").text).toBe(
      "similar to the alphaGo Zero model in the game of Go.",
    );
  });

  it("collapses runaway repetitions of words, phrases and syllables", () => {
    expect(normalizeText("We Can see it it it it it clearly.").text).toBe("We Can see it clearly.");
    expect(
      normalizeText("in the mountains, The Mountains, The Mountains, The Mountains, far away.").text,
    ).toBe("in the mountains, far away.");
    expect(normalizeText("A Phenomenonononononon here.").text).toBe("A Phenomenon here.");
    // Two copies can be deliberate.
    expect(normalizeText("It had had an effect.").text).toBe("It had had an effect.");
  });

  it("repairs random capitals and shouting but keeps acronyms and names", () => {
    const n = normalizeText(
      "OpenAI TOOK A DIFFERENT APPROACH, PARTICularly with AI on NVIDIA GPUs and eACH GPU.",
    );
    expect(n.text).toBe(
      "OpenAI took a different approach, particularly with AI on NVIDIA GPUs and each GPU.",
    );
    expect(normalizeText("DeepSeek-R1 beat the US.").text).toBe("DeepSeek-R1 beat the US.");
  });

  it("repairs mis-decoded characters, markup, quotes and bullet lists", () => {
    expect(normalizeText("This weekâs news: itâ€™s big.").text).toBe("This week's news: it's big.");
    expect(normalizeText("<p>Hello <b>world</b> &amp; friends</p>").text).toBe("Hello world & friends");
    expect(normalizeText("“Bigger is better”").text).toBe('"Bigger is better"');
    expect(normalizeText("Points:\n- first point\n* second point\n1. third point").text).toBe(
      "Points:\nfirst point\nsecond point\nthird point",
    );
    expect(normalizeText("## Title\nSee [the paper](https://x.y/z) for **more**.").text).toBe(
      "Title\nSee the paper for more.",
    );
  });

  it("joins soft-wrapped Markdown lines, flattens tables and decodes entities", () => {
    const md =
      "A long paragraph of Markdown that the author wrapped at a fixed width, as editors\ndo, and it carries on here.\n\n| Model | Cost |\n|---|---|\n| R1 | $5.6M |";
    expect(normalizeText(md).text).toBe(
      "A long paragraph of Markdown that the author wrapped at a fixed width, as editors do, and it carries on here.\nModel; Cost\nR1; $5.6M",
    );
    expect(normalizeText("Caf\u00c3\u00a9 &#8220;open&#8221; &nbsp;AI").text).toBe('Café "open" AI');
  });

  it("unwraps a page wrapped at a fixed width, short lines too, and keeps its headings and list items", () => {
    const page = [
      "How cells fight back",
      "Lymphocytes help fight back. The body",
      "has two kinds of these blood cells. Some",
      "produce antibodies, which destroy the",
      "germs. A few of the cells stay around",
      "even after the germs are gone. They",
      "remember the germ and fight it off",
      "before the person even feels sick.",
      "- one dose is rarely enough",
    ].join("\n");
    const normalized = normalizeText(page);
    expect(normalized.text).toBe(
      "How cells fight back\nLymphocytes help fight back. The body has two kinds of these blood cells. Some produce antibodies, which destroy the germs. A few of the cells stay around even after the germs are gone. They remember the germ and fight it off before the person even feels sick.\none dose is rarely enough",
    );
    // Every join is a whitespace repair with its raw span: a line break in the raw text.
    const joins = normalized.changes.filter((c) => c.kind === "whitespace" && c.after === " ");
    expect(joins.length).toBe(6);
    for (const c of joins) expect(page.slice(c.rawStart, c.rawEnd)).toBe("\n");
    expect(normalizeText(normalized.text).text).toBe(normalized.text);
  });

  it("puts back the ligatures a PDF copy lost, with provenance, only where the text shows the defect twice", () => {
    const pdf =
      "It helps to rst look at how the body ghts illness. The immune system uses several tools to ght infection.";
    const normalized = normalizeText(pdf);
    expect(normalized.text).toBe(
      "It helps to first look at how the body fights illness. The immune system uses several tools to fight infection.",
    );
    const repairs = normalized.changes.filter((c) => c.kind === "spelling");
    expect(repairs.map((c) => pdf.slice(c.rawStart, c.rawEnd))).toEqual(["rst", "ghts", "ght"]);
    // One such word alone is left as it is; so is the rest of a word split by a stray space.
    expect(normalizeText("The body ghts illness with many tools.").text).toBe(
      "The body ghts illness with many tools.",
    );
    expect(normalizeText("A tall T ower and a big B ake stood there.").text).not.toMatch(/flower|flake/);
  });

  it("leaves the line breaks of a web copy that keeps each paragraph on one line", () => {
    const web = [
      "Black Death",
      "The Black Death was one of the most devastating pandemics in human history, killing a large share of the people of Europe within a few years.",
      "Beginning in",
      "Great Britain is an island in the North Atlantic Ocean off the coast of Europe.",
      "Site Menu",
      "Opening hours",
      "Related topics",
    ].join("\n");
    expect(normalizeText(web).text).toBe(web);
  });

  it("tidies spacing: currency, hyphenated compounds, space before punctuation, zero-width characters", () => {
    expect(normalizeText("It cost $ 30 Billion , a state -of -the -art\u200b model .").text).toBe(
      "It cost $30 Billion, a state-of-the-art model.",
    );
  });

  it("records each change with its kind, raw location and raw text", () => {
    const raw = "Advertisements\nIt was TOOK A DIFFERENT path it it it it.";
    const n = normalizeText(raw);
    for (const change of n.changes) expect(raw.slice(change.rawStart, change.rawEnd)).toBe(change.before);
    const kinds = new Set(n.changes.map((c) => c.kind));
    expect([...kinds].sort()).toEqual(["boilerplate", "capitalization", "repetition"]);
  });

  it("maps every normalised span back to raw text holding the same words", () => {
    const raw = "Advertisements\nThe cost was $ 5.576 million—a stark contrast to OpenAIâs $100 million.";
    const n = normalizeText(raw);
    const at = n.text.indexOf("5.576 million");
    const span = toRawSpan(n, at, at + "5.576 million".length);
    expect(raw.slice(span.rawStart, span.rawEnd)).toBe("5.576 million");
  });

  it("flags boilerplate lines, not sentences that mention the words", () => {
    expect(isBoilerplateLine("Advertisements")).toBe(true);
    expect(isBoilerplateLine("Advertisements paid for the site in 2020.")).toBe(false);
  });
});

// Random article-like text: sentences of words with noise injected between them.
const word = fc.constantFrom(
  "model",
  "cost",
  "chips",
  "OpenAI",
  "AI",
  "training",
  "paradox",
  "engine",
  "steam",
  "cheap",
  "data",
  "Nvidia",
  "the",
  "of",
  "market",
  "growth",
  "DeepSeek",
  "GPU",
  "reasoning",
  "policy",
  "open",
  "source",
);
const noise = fc.constantFrom(
  "  ",
  "\t",
  "“",
  "”",
  "- ",
  "it it it it ",
  "&amp; ",
  "the market, the market, the market, ",
);
const boilerplate = fc.constantFrom("Advertisements", "Leave a Reply", "Share this:");
const opener = fc.constantFrom("However", "This", "The", "Many");
// A sentence of known words, sometimes with one word shouted.
const sentence = fc
  .tuple(opener, fc.array(word, { minLength: 2, maxLength: 12 }), fc.option(fc.nat()))
  .map(([first, ws, shout]) =>
    [first, ...ws.map((w, i) => (shout !== null && i === shout % ws.length ? w.toUpperCase() : w))].join(" "),
  );
// Sentences end with ". " or are glued to the next one ("chipsHowever"), as scraped text often is.
const line = fc
  .tuple(fc.array(fc.tuple(sentence, fc.boolean()), { minLength: 1, maxLength: 4 }), fc.option(noise))
  .map(([ss, n]) => {
    const body = ss.map(([text, glued], i) => (glued && i < ss.length - 1 ? text : `${text}. `)).join("");
    return `${n ?? ""}${body.trimEnd()}`;
  });
const article = fc
  .tuple(fc.array(fc.oneof(line, line, boilerplate), { minLength: 1, maxLength: 8 }), fc.boolean())
  .map(([lines, crlf]) => lines.join(crlf ? "\r\n" : "\n"));

/** Letters and digits, lower-cased: what normalisation may drop (noise) but never invent. */
const letters = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
function isSubsequence(needle: string, haystack: string): boolean {
  let i = 0;
  for (let j = 0; i < needle.length && j < haystack.length; j++) if (needle[i] === haystack[j]) i++;
  return i === needle.length;
}

describe("normalisation of the demo articles", () => {
  it("is idempotent on every article", () => {
    const dir = `${demoPackageDir}/articles`;
    for (const file of readdirSync(dir)) {
      const once = normalizeText(readFileSync(`${dir}/${file}`, "utf8")).text;
      expect(normalizeText(once).changes, file).toEqual([]);
    }
  });
});

/** The parts of a result that must not depend on how the rounds were run. */
const outcome = (n: ReturnType<typeof normalizeText>) => ({
  text: n.text,
  rawStarts: [...n.rawStarts],
  rawEnds: [...n.rawEnds],
  changes: [...n.changes].sort((a, b) => a.rawStart - b.rawStart || a.rawEnd - b.rawEnd),
});

describe("incremental rounds", () => {
  it("give what rerunning every pass over the whole text gives, on the demo articles", () => {
    const dir = `${demoPackageDir}/articles`;
    const texts = readdirSync(dir).map((file) => readFileSync(`${dir}/${file}`, "utf8"));
    // And on the articles' lines shuffled together, as the benchmark corpus is made.
    const lines = texts.flatMap((t) => t.split("\n"));
    const shuffled = lines.map((_, i) => lines[(i * 7919) % lines.length] ?? "").join("\n");
    for (const raw of [...texts, shuffled]) {
      expect(outcome(normalizeText(raw))).toEqual(outcome(normalizeText(raw, { incremental: false })));
    }
  });

  it("give what rerunning every pass over the whole text gives, on random noisy articles", () => {
    fc.assert(
      fc.property(article, (raw) => {
        expect(outcome(normalizeText(raw))).toEqual(outcome(normalizeText(raw, { incremental: false })));
      }),
      { numRuns: 150 },
    );
  });
});

describe("normalisation properties", () => {
  it("is idempotent, and really repairs the injected noise", () => {
    fc.assert(
      fc.property(article, (raw) => {
        const once = normalizeText(raw).text;
        expect(normalizeText(once).text).toBe(once);
        expect(once).not.toMatch(/\p{Ll}(?:However|This|The|Many)\b/u);
        expect(once).not.toMatch(/\bit it\b|Advertisements|[“”\t\r]|(?:the market, ){2}/);
      }),
      { numRuns: 150 },
    );
  });

  it("gives passages and sentences raw offsets inside the raw text that hold their words", () => {
    fc.assert(
      fc.property(article, (raw) => {
        const segmented = segmentArticle("a", normalizeText(raw));
        for (const unit of [...segmented.passages, ...segmented.sentences]) {
          expect(unit.rawStart).toBeGreaterThanOrEqual(0);
          expect(unit.rawEnd).toBeLessThanOrEqual(raw.length);
          expect(unit.rawStart).toBeLessThanOrEqual(unit.rawEnd);
          // An entity ("&amp;") decodes to a character without letters.
          const rawLetters = letters(raw.slice(unit.rawStart, unit.rawEnd).replace(/&\w+;/g, " "));
          expect(isSubsequence(letters(unit.text), rawLetters)).toBe(true);
          expect(rawLetters.at(0)).toBe(letters(unit.text).at(0));
          expect(rawLetters.at(-1)).toBe(letters(unit.text).at(-1));
        }
      }),
      { numRuns: 100 },
    );
  });

  it("drops nothing but noise: every word of a non-boilerplate line survives in some passage", () => {
    fc.assert(
      fc.property(article, (raw) => {
        const segmented = segmentArticle("a", normalizeText(raw));
        const kept = letters(segmented.passages.map((p) => p.text).join(" "));
        for (const rawLine of raw.split("\n")) {
          if (isBoilerplateLine(rawLine)) continue;
          for (const w of words(rawLine.replace("&amp;", ""))) expect(kept.includes(w), w).toBe(true);
        }
      }),
      { numRuns: 100 },
    );
  });
});

describe("adversarial markup", () => {
  /** CPU time of `run`, best of three: the bound is a ratio, so both sides get the same treatment. */
  const timed = (run: () => void) => {
    let best = Number.POSITIVE_INFINITY;
    for (let i = 0; i < 3; i++) {
      const start = performance.now();
      run();
      best = Math.min(best, performance.now() - start);
    }
    return best;
  };
  /** A linear scan of the same input: one regex pass that matches every character. */
  const linearScan = (text: string) => () => {
    let characters = 0;
    for (const _ of text.matchAll(/[\s\S]/g)) characters++;
    expect(characters).toBe(text.length);
  };

  // Each ends without the closing ")" that would let the first start match the whole line at once.
  it.each(["[", "[a](", "[a](x", "[a](x(", "[[a|", "{{a", "<ref>a", "'''a"])(
    "normalises a 1 MiB line of %j in time linear in its length",
    (unit) => {
      const text = `${unit.repeat(Math.ceil(1048576 / unit.length))}](x`;
      const ratio = timed(() => normalizeText(text)) / Math.max(1, timed(linearScan(text)));
      // Linear passes cost tens of scans; the old link pattern cost thousands (minutes at this size).
      expect(ratio).toBeLessThan(100);
    },
    60_000,
  );

  it("unwraps wikitext: links, bold, references, templates, headings and files", () => {
    expect(
      normalizeText(
        "===The press=== {{main|Press}} In 1450, [[Johannes Gutenberg]] built a '''press''' with [[Penguin Books|Penguin]] ink.<ref>{{cite book |last=S}}</ref> It [[File:x.jpg|thumb|A press]] worked.",
      ).text,
    ).toBe("The press\nIn 1450, Johannes Gutenberg built a press with Penguin ink. It worked.");
  });

  it("still unwraps links, with one pair of parentheses in the target", () => {
    expect(normalizeText("See [the paper](https://x.org/a_(b)) and ![fig](a.png), not [xy] (z).").text).toBe(
      "See the paper and fig, not [xy] (z).",
    );
  });
});

describe("safe repairs", () => {
  const repairs = (raw: string, kind: string) =>
    normalizeText(raw)
      .changes.filter((c) => c.kind === kind)
      .map((c) => [c.before, c.after]);

  it("corrects a misspelling with one clear dictionary suggestion, and reports its raw span", () => {
    const raw = "DeepSeek can be considerted a team driven by ideals.";
    const n = normalizeText(raw);
    expect(n.text).toBe("DeepSeek can be considered a team driven by ideals.");
    const change = n.changes.find((c) => c.kind === "spelling");
    expect(change && raw.slice(change.rawStart, change.rawEnd)).toBe("considerted");
    expect(repairs("For exmple, the growth was fast.", "spelling")).toEqual([["exmple", "example"]]);
  });

  it("leaves words with several plausible suggestions, names, recurring words and split words alone", () => {
    // "intead": instead or intend; "Liang Wenfeng": a name; "zorbix" twice: a term of the text.
    for (const text of [
      "It was intead a plan.",
      "The founder, Liang Wenfeng, spoke.",
      "The zorbix works. A zorbix is cheap.",
      "They flew to b razil last year.",
      // Capitals that open sentences are no title case: "Zhang" stays a name.
      "Because quickly model. Then Zhang Length spoke.",
    ]) {
      expect(normalizeText(text).text).toBe(text);
    }
    // A word that recurs elsewhere in the course is not corrected either.
    const vocabulary = countCourseWords(["The considerted plan.", "Another considerted one."]);
    expect(normalizeText("It was considerted.", { vocabulary }).text).toBe("It was considerted.");
  });

  it("breaks a tie between suggestions only for the one the course writes and the slip drops a letter of", () => {
    // "enginers": engines or engineers. The course writes both; only "engineers" lost a letter.
    const vocabulary = countCourseWords([
      "The enginers built it.",
      "Steam engines ran the mills.",
      "The engineers worked late.",
    ]);
    expect(normalizeText("The enginers built it.", { vocabulary }).text).toBe("The engineers built it.");
    // Where the dropped letter is the only sign, nothing changes: "extens" is "extends" with a letter
    // dropped, but "to some extent" was meant; "enginers" in a course without "engineers" stays too.
    expect(normalizeText("The enginers built it.").text).toBe("The enginers built it.");
    expect(normalizeText("To some extens, it was luck.").text).toBe("To some extens, it was luck.");
  });

  it("corrects title-cased misspellings side by side, which no name rule shields, then the title case", () => {
    const n = normalizeText("They Invented Many Tools That Heelped Occelerate Progress Across The Region.");
    expect(n.text).toBe("They invented many tools that helped accelerate progress across the region.");
    expect(n.changes.filter((c) => c.kind === "spelling").map((c) => c.after)).toEqual([
      "Helped",
      "Accelerate",
    ]);
  });

  it("takes the model's vocabulary as it is, not its guesses at inflections", () => {
    // "dramaticly" looks like "dramatic" + "ly" to the model; the dictionary has no such word.
    expect(normalizeText("It grew dramaticly. It grew dramaticly.").text).toBe(
      "It grew dramaticly. It grew dramaticly.",
    );
    expect(normalizeText("It harms memory in Alzheimer's disease and other dementias.").text).toBe(
      "It harms memory in Alzheimer's disease and other dementias.",
    );
    expect(repairs("The engine was replaced quite dramaticaly last year.", "spelling")).toEqual([
      ["dramaticaly", "dramatically"],
    ]);
  });

  it("collapses a stutter of two copies, not a doubling English makes on purpose", () => {
    expect(normalizeText("If the price is high, users may may hesitate.").text).toBe(
      "If the price is high, users may hesitate.",
    );
    expect(normalizeText("Great Britain Great Britain is an island.").text).toBe(
      "Great Britain is an island.",
    );
    for (const text of ["What he had had was gone.", "He said that that was fine.", "Bye bye, she said."])
      expect(normalizeText(text).text).toBe(text);
    const change = normalizeText("Users may may hesitate.").changes.find((c) => c.kind === "repetition");
    expect(change && "Users may may hesitate.".slice(change.rawStart, change.rawEnd)).toBe(change?.before);
  });

  it("repairs a rare casing of a term the course writes one distinctive way, never an everyday word", () => {
    const forms = countWordForms([
      "DeepSeek and AI. DeepSeek and AI. DeepSeek and AI. Tell us about the US.",
      "Then Deepseek said ai is new. The US grew. The US won. The US helped us.",
    ]);
    const n = normalizeText("Then Deepseek said ai is new. The US grew. The US won. The US helped us.", {
      forms,
    });
    expect(n.text).toBe("Then DeepSeek said AI is new. The US grew. The US won. The US helped us.");
    // Not inside a web address.
    expect(
      normalizeText("Visit cc.nih.gov today.", { forms: countWordForms(["NIH NIH NIH nih"]) }).text,
    ).toBe("Visit cc.nih.gov today.");
    expect(n.changes.filter((c) => c.kind === "capitalization").map((c) => [c.before, c.after])).toEqual([
      ["Deepseek", "DeepSeek"],
      ["ai", "AI"],
    ]);
  });

  it("keeps acronyms the dictionary has only in capitals, among shouted words too", () => {
    expect(normalizeText("This NASA/ESA image shows a galaxy. NASA's team WAS THERE.").text).toBe(
      "This NASA/ESA image shows a galaxy. NASA's team was there.",
    );
  });

  it("keeps mixed-case terms and corrects random capitals", () => {
    expect(normalizeText("The (mRNA) vaccine, the iPhone, eBay and a pH of 7.").text).toBe(
      "The (mRNA) vaccine, the iPhone, eBay and a pH of 7.",
    );
    expect(normalizeText("They searched, eACH in turn.").text).toBe("They searched, each in turn.");
  });

  it("strips citation markers, ticker tags and table-of-contents numbering", () => {
    expect(normalizeText("It took 200 years.[7] Trade grew[12][13] fast [citation needed].").text).toBe(
      "It took 200 years. Trade grew fast.",
    );
    expect(normalizeText("[7] It took 200 years.").text).toBe("It took 200 years.");
    expect(normalizeText("Nvidia (NASDAQ: NVDA) fell, and TSMC (nyse:TSM, -3%) too.").text).toBe(
      "Nvidia fell, and TSMC too.",
    );
    expect(normalizeText("Contents\n4.3 Recurrence\n40 Consequences\nIn 40 years it grew.").text).toBe(
      "Recurrence\nConsequences\nIn 40 years it grew.",
    );
    expect(repairs("4.3 Recurrence", "toc_number")).toEqual([["4.3 ", ""]]);
    expect(repairs("Nvidia (NASDAQ: NVDA) fell.", "ticker")).toEqual([[" (NASDAQ: NVDA)", ""]]);
  });

  it("joins a word broken at a line end with its hyphen left in, not a suspended hyphen", () => {
    expect(normalizeText("It buys fewer goods and ser- vices, both pos- itive and negative.").text).toBe(
      "It buys fewer goods and services, both positive and negative.",
    );
    for (const text of ["Pre- and post-war prices rose.", "It was a long- and short-term plan."])
      expect(normalizeText(text).text).toBe(text);
    expect(repairs("Low infla- tion helps.", "whitespace")).toEqual([["- ", ""]]);
  });

  it("removes share and navigation lines", () => {
    const raw = "Home > Science > Space\nShare | Facebook | Twitter\n5 min read\nThe probe landed.";
    expect(normalizeText(raw).text).toBe("The probe landed.");
  });
});

describe("repair properties", () => {
  const dictionaryWords = [
    "the",
    "model",
    "costs",
    "grew",
    "quickly",
    "because",
    "people",
    "wanted",
    "cheaper",
    "tools",
  ];
  const sentence = fc
    .shuffledSubarray(dictionaryWords, { minLength: 3 })
    .map((w) => `${w.join(" ")}.`.replace(/^./, (c) => c.toUpperCase()));

  it("leaves normal text unchanged", () => {
    fc.assert(
      fc.property(fc.array(sentence, { minLength: 1, maxLength: 6 }), (sentences) => {
        const text = sentences.join(" ");
        expect(normalizeText(text).text).toBe(text);
        // Its own word forms as the course's: a text written consistently has no stray casing.
        expect(normalizeText(text, { forms: countWordForms([text]) }).text).toBe(text);
      }),
      { numRuns: 60 },
    );
  });

  it("never corrects a word that recurs, nor a capitalised word next to a name", () => {
    const unknownWord = fc.stringMatching(/^[a-z]{6,10}$/);
    fc.assert(
      fc.property(sentence, unknownWord, (base, word) => {
        const text = `${base} The ${word} grew. People wanted ${word}.`;
        expect(normalizeText(text).text).toBe(text);
        const named = `${base} Then Zhang ${word.charAt(0).toUpperCase()}${word.slice(1)} spoke.`;
        expect(normalizeText(named).changes.filter((c) => c.kind === "spelling")).toEqual([]);
      }),
      { numRuns: 60 },
    );
  });

  it("keeps the raw span of every repair", () => {
    const typo = fc.constantFrom("considerted", "exmple", "grewth", "acheievement", "proprieters");
    const noise = fc.constantFrom("[7]", "[12][13]", " (NASDAQ: NVDA)", "");
    fc.assert(
      fc.property(sentence, typo, noise, (base, word, marker) => {
        const raw = `${base} It was ${word}${marker} again.`;
        const n = normalizeText(raw);
        expect(n.changes.length).toBeGreaterThan(0);
        for (const change of n.changes) {
          expect(raw.slice(change.rawStart, change.rawEnd)).toBe(change.before);
        }
        const spelling = n.changes.find((c) => c.kind === "spelling");
        expect(spelling?.before).toBe(word);
      }),
      { numRuns: 60 },
    );
  });
});

describe("consistency repairs", () => {
  const twice = "Reasoning training cuts costs. The lab tried reasoning training again.";
  const repairs = (raw: string) =>
    normalizeText(raw, { repairTitleCase: false })
      .changes.filter((c) => c.kind === "consistency")
      .map((c) => [c.before, c.after]);

  it("repairs a dictionary word written once where the course's repeated phrase has its twin", () => {
    const raw = `${twice} This automated reasoning trailing is similar to AlphaGo Zero.`;
    const n = normalizeText(raw);
    expect(n.text).toBe(`${twice} This automated reasoning training is similar to AlphaGo Zero.`);
    const change = n.changes.find((c) => c.kind === "consistency");
    expect(change).toMatchObject({ before: "trailing", after: "training" });
    expect(change && raw.slice(change.rawStart, change.rawEnd)).toBe("trailing");
    expect(buildNormalizationReport("a1", n).counts).toEqual({ consistency: 1 });
  });

  it("keeps the casing of the word it repairs", () => {
    const raw = `${twice} Breakthroughs Like Chatgpt And Reasoning Trailing Have Occurred In America.`;
    expect(repairs(raw)).toEqual([["Trailing", "Training"]]);
  });

  it("reads the course's phrases and words, not only the article's", () => {
    const article = "This automated reasoning trailing is similar to AlphaGo Zero.";
    const course = [twice, article];
    const options = { vocabulary: countCourseWords(course), pairs: countWordPairs(course) };
    expect(normalizeText(article, options).text).toBe(
      "This automated reasoning training is similar to AlphaGo Zero.",
    );
    // On its own the article has no phrase to be consistent with.
    expect(repairs(article)).toEqual([]);
  });

  it("never repairs toward a phrase written once", () => {
    expect(repairs("Reasoning training cuts costs. This automated reasoning trailing is similar.")).toEqual(
      [],
    );
  });

  it("never repairs a word of another length, nor a twin that differs in its ending", () => {
    expect(repairs(`${twice} The reasoning raining was heavy.`)).toEqual([]);
    // "price increases" twice does not make "the price increased" wrong.
    const prices = "A price increases hurt. Each price increases costs. The price increased sharply.";
    expect(repairs(prices)).toEqual([]);
  });

  it("never repairs a word the course uses again", () => {
    expect(repairs(`${twice} The automated reasoning trailing began. The trailing edge fell.`)).toEqual([]);
  });

  it("never reads a stop word or a short word as the phrase's first word", () => {
    const stop = "It came with training. We left with training. It came with trailing weeds.";
    expect(repairs(stop)).toEqual([]);
    const short = "It paid for training. We paid for training. It paid for trailing weeds.";
    expect(repairs(short)).toEqual([]);
  });

  it("leaves a word alone with two twins, attached to other characters or in a name", () => {
    const twins = `${twice} Reasoning trawling is odd. Some reasoning trawling again.`;
    expect(repairs(`${twins} A reasoning trailing.`)).toEqual([]);
    for (const tail of ["The reasoning trailing-edge began.", "See reasoning trailing.com now."])
      expect(repairs(`${twice} ${tail}`), tail).toEqual([]);
    const named = "Zorvak training helps. More zorvak training helps. Then Zorvak Trailing spoke.";
    expect(repairs(named)).toEqual([]);
  });

  it("leaves a text whose every pair of neighbouring words is unique unchanged", () => {
    const pool = [
      "reasoning",
      "training",
      "trailing",
      "automated",
      "similar",
      "models",
      "research",
      "careful",
    ];
    const uniquePairs = (ws: string[]) => {
      const seen = new Set<string>();
      // No word twice in a row either: the repetition pass rightly collapses "similar similar".
      return ws.every(
        (w, i) =>
          i === 0 || (w !== ws[i - 1] && !seen.has(`${ws[i - 1]} ${w}`) && seen.add(`${ws[i - 1]} ${w}`)),
      );
    };
    fc.assert(
      fc.property(
        fc.array(fc.constantFrom(...pool), { minLength: 2, maxLength: 24 }).filter(uniquePairs),
        (ws) => {
          const text = `${ws.join(" ")}.`.replace(/^./, (c) => c.toUpperCase());
          expect(normalizeText(text).text).toBe(text);
          expect(normalizeText(text, { pairs: countWordPairs([text]) }).changes).toEqual([]);
        },
      ),
      { numRuns: 100 },
    );
  });
});
