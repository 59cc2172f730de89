import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { buildCourseBundle, lexicon } from "@groundwork/content";
import { beforeAll, describe, expect, it } from "vitest";
import type { CourseBundle } from "../src/course.ts";
import type { Question, SourceRef } from "../src/schemas.ts";
import { createFlawContext, type FlawContext, type FlawName, findFlaws } from "./flaws.ts";

// Each detector is shown a bad item whose text comes from the demo course or the list of
// rejects, and a good item that differs only in the flaw.
const DEMO = fileURLToPath(new URL("../../../content/deepseek-moment/", import.meta.url));

let bundle: CourseBundle;
let ctx: FlawContext;

beforeAll(async () => {
  const files = new Map<string, Uint8Array>();
  for (const entry of await readdir(DEMO, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = `${entry.parentPath}/${entry.name}`;
    files.set(path.slice(DEMO.length).replace(/^\/+/, ""), await readFile(path));
  }
  bundle = buildCourseBundle(files);
  ctx = createFlawContext(bundle, lexicon());
}, 60_000);

/** A citation of the demo sentence that contains `needle`. */
function refTo(needle: string): SourceRef {
  const s = bundle.sentences.find((x) => x.text.includes(needle));
  const article = bundle.articles.find((a) => a.id === s?.articleId);
  if (!s || !article) throw new Error(`no demo sentence contains "${needle}"`);
  return {
    passageId: s.passageId,
    articleId: s.articleId,
    rawStart: s.rawStart,
    rawEnd: s.rawEnd,
    quote: article.rawText.slice(s.rawStart, s.rawEnd),
  };
}

const base = { id: "q", conceptIds: [], difficulty: 0.5, generator: "test" };
const trueFalse = (stem: string, key: boolean, ref = refTo("leverage benefits")): Question => ({
  ...base,
  type: "true_false",
  stem,
  key,
  sourceRefs: [ref],
});
const cloze = (sentence: string, key: string): Question => ({
  ...base,
  type: "cloze",
  stem: `Complete the sentence from the source: “${sentence}”`,
  key: { accepted: [key] },
  sourceRefs: [refTo("leverage benefits")],
});
const choice = (stem: string, key: string, others: string[], ref = refTo("leverage benefits")): Question => ({
  ...base,
  type: "single_choice",
  stem,
  options: [key, ...others].map((text, i) => ({ id: `o${i}`, text })),
  key: "o0",
  sourceRefs: [ref],
});
const selectAll = (keyed: string[], wrong: string[]): Question => ({
  ...base,
  type: "multiple_choice",
  stem: "Which of these statements does the source support? Select all that apply.",
  options: [...keyed, ...wrong].map((text, i) => ({ id: `o${i}`, text })),
  key: keyed.map((_, i) => `o${i}`),
  sourceRefs: [refTo("leverage benefits")],
});

function expectDetector(flaw: FlawName, bad: Question[], good: Question[]): void {
  for (const q of bad) expect(findFlaws(q, ctx), q.stem).toContain(flaw);
  for (const q of good) expect(findFlaws(q, ctx), q.stem).not.toContain(flaw);
}

describe("the quality bench's flaw detectors", () => {
  it("garbled text: tripled letters, split words, shouted casing, a word read once that no dictionary knows", () => {
    expectDetector(
      "garbled text",
      [
        trueFalse("It's similar to a PhenomenonnonnTh-century british economist and his paradox.", true),
        trueFalse(
          "Meanwhile, the team has gathered talent, AN D in their work they used advanced tools.",
          true,
        ),
        trueFalse("Meanwhile, The Team Has Gathered some Top Talent in their work on models.", true),
        cloze("In their Technological _____, they used advanced tools.", "Explration"),
        choice("Which company trained the R1 model?", "DeepSeek", ["Deepsquek", "Nvidia"]),
      ],
      [
        trueFalse("DeepSeek's R1 model cost far less to train than OpenAI's models.", true),
        choice("Which company trained the R1 model?", "DeepSeek", ["Meta", "Nvidia"]),
      ],
    );
    // Capitalised by right: a quoted sentence's first word, months, words English always capitalises.
    expectDetector(
      "garbled text",
      [trueFalse("Meanwhile, the British Team Has Gathered Top Talent in April and in May.", true)],
      [
        cloze(
          "Complete the sentence from the source: “The team released the model in April and in September.”",
          "x",
        ),
        trueFalse(
          "In April 1957, a British and a French team gathered in Paris on a Monday in September.",
          true,
        ),
      ],
    );
  });

  it("garbled text: the article or an everyday word capitalised mid-sentence, a name cased unlike the course", () => {
    expectDetector(
      "garbled text",
      [
        cloze(
          "China possesses A vast AI foundation and, after _____ of development, a solid basis.",
          "30 years",
        ),
        trueFalse("The Soviet Union launched ITS first artificial satellite in 1957.", true),
        cloze("Leading companies compete with _____, which keeps its models closed.", "Openai"),
      ],
      [
        cloze(
          "China possesses a vast AI foundation and, after _____ of development, a solid basis.",
          "30 years",
        ),
        trueFalse("The Soviet Union launched its first artificial satellite in 1957.", true),
        cloze("Leading companies compete with _____, which keeps its models closed.", "OpenAI"),
        trueFalse("A chip giant, Nvidia sells most of the GPUs the US builds AI models on.", true),
      ],
    );
  });

  it("heading or fragment stem: a table-of-contents line, a clause without its subject", () => {
    expectDetector(
      "heading or fragment stem",
      [
        cloze("_____ Consequences", "4"),
        cloze("Almost surely exceeds _____.", "$5.576 million"),
        cloze("almost surely exceeds the cost of training a model at _____.", "OpenAI"),
        cloze("Almost surely exceeds the cost of training a model at _____.", "OpenAI"),
      ],
      [
        cloze(
          "DeepSeek has been able to leverage benefits from open research and codebases such as _____.",
          "PyTorch",
        ),
        trueFalse(
          "According to the article, coal consumption rose because the steam engine became more efficient.",
          true,
        ),
        trueFalse(
          "mRNA vaccines use a copy of a molecule called messenger RNA to produce an immune response.",
          true,
        ),
      ],
    );
  });

  it("unresolved pronoun: a statement opening on 'It' or 'This', also in a select-all list", () => {
    expectDetector(
      "unresolved pronoun",
      [
        trueFalse("It has been able to leverage benefits from open research and codebases.", true),
        selectAll(
          ["This has been able to leverage benefits from open research."],
          ["Nvidia trains no models at all."],
        ),
      ],
      [
        trueFalse("DeepSeek has been able to leverage benefits from open research and codebases.", true),
        cloze(
          "Companies, such as _____, Meta, and Google, are spending billions of dollars on chips.",
          "Microsoft",
        ),
      ],
    );
  });

  it("blank on the subject: the course's own subject as the answer", () => {
    expectDetector(
      "blank on the subject",
      [cloze("_____ has been able to leverage benefits from open research and codebases.", "DeepSeek")],
      [
        cloze(
          "DeepSeek has been able to leverage benefits from open research and codebases such as _____.",
          "PyTorch",
        ),
      ],
    );
  });

  it("whole-sentence true/false: a source sentence copied whole, as a statement or in a select-all list", () => {
    const whole = refTo("leverage benefits").quote.replace(/\s+/g, " ").trim();
    const sentence = bundle.sentences.find((s) => s.text.includes("leverage benefits"))?.text ?? "";
    expect(sentence.split(/\s+/).length).toBeGreaterThan(12);
    expectDetector(
      "whole-sentence true/false",
      [trueFalse(sentence, true), selectAll([sentence], ["Nvidia trains no models at all."])],
      [trueFalse("DeepSeek has been able to leverage benefits from open research.", true)],
    );
    expect(whole.length).toBeGreaterThan(0);
  });

  it("reported or rejected claim keyed as fact, unless the stem says who claims it", () => {
    const claim = refTo("elaborate conspiracy");
    const stated =
      "Deepsquek is an elaborate conspiracy for the US government to destroy the US technical industry.";
    expectDetector(
      "reported or rejected claim keyed as fact",
      [
        trueFalse(stated.replace("Deepsquek", "DeepSeek"), true, claim),
        trueFalse("R1 was a clever copy of an American AI model.", true, refTo("clever rebat")),
      ],
      [
        trueFalse(stated.replace("Deepsquek", "DeepSeek"), false, claim),
        trueFalse(
          "According to the article, one Silicon Valley investor claimed that DeepSeek is a conspiracy of the US government.",
          true,
          claim,
        ),
      ],
    );
  });

  it("off-subject distractor: a name or phrase none of the item's related articles says", () => {
    expectDetector(
      "off-subject distractor",
      [
        choice("Which company built the PyTorch codebase, according to the source?", "Meta", [
          "Great Britain",
          "Nvidia",
        ]),
        choice("What did cheaper models lead to, according to the source?", "More demand for chips", [
          "Faster recovery from the illness in vaccinated patients",
          "Less demand for chips",
        ]),
      ],
      [
        choice("Which company built the PyTorch codebase, according to the source?", "Meta", [
          "OpenAI",
          "Nvidia",
        ]),
      ],
    );
  });

  it("truncated option: an option cut off on a function word or a dash", () => {
    expectDetector(
      "truncated option",
      [
        choice("What does the term “Aha moment” describe?", "An insightful breakthrough that", [
          "A slow decline —",
          "A model",
        ]),
      ],
      [
        choice("What does the term “Aha moment” describe?", "An insightful breakthrough", [
          "A slow decline",
          "A model",
        ]),
      ],
    );
  });

  it("question posed as a statement: a true/false item that asks instead of states", () => {
    expectDetector(
      "question posed as a statement",
      [trueFalse("How will investors justify such investments after DeepSeek's release?", true)],
      [
        trueFalse(
          "Investors will find it harder to justify such investments after DeepSeek's release.",
          true,
        ),
      ],
    );
  });
});
