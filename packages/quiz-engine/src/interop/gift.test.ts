import fc from "fast-check";
import { describe, expect, it } from "vitest";
import { generateQuestions } from "../generate.ts";
import type { Question } from "../schemas.ts";
import { QuestionSchema } from "../schemas.ts";
import { makeSampleBundle } from "../testing/sample-bundle.ts";
import { escapeGift, exportGift, importGift } from "./gift.ts";
import { arbitraryBank } from "./testing-arbitraries.ts";

/** What a round trip may change: the display order of matching answers. */
function normalize(question: Question): Question {
  const parsed = QuestionSchema.parse(question);
  if (parsed.type === "matching")
    return { ...parsed, right: [...parsed.right].sort((a, b) => a.id.localeCompare(b.id)) };
  return parsed;
}

describe("GIFT round trip", () => {
  it("ours -> GIFT -> ours keeps every question of every type (generated banks)", () => {
    fc.assert(
      fc.property(arbitraryBank, (bank) => {
        const { text, skipped } = exportGift(bank);
        expect(skipped).toEqual([]);
        const back = importGift(text);
        expect(back.problems).toEqual([]);
        expect(back.questions.map(normalize)).toEqual(bank.map(normalize));
      }),
      { numRuns: 300 },
    );
  }, 30_000);

  it("what Moodle sees survives without the groundwork line (ordering read back as matching)", () => {
    fc.assert(
      fc.property(arbitraryBank, (bank) => {
        const text = exportGift(bank).text.replace(/^\/\/ groundwork: .*$/gm, "// stripped");
        const back = importGift(text);
        expect(back.problems.filter((p) => p.severity === "error" && !p.message.includes("passage"))).toEqual(
          [],
        );
        const parsed = [...back.questions, ...back.drafts.map((d) => d.question)];
        expect(parsed).toHaveLength(bank.length);
        bank.forEach((q, i) => {
          const r = parsed[i];
          const expected =
            q.type === "ordering"
              ? "matching"
              : q.type === "cloze" || q.type === "short_answer"
                ? r?.type
                : q.type;
          expect(r?.type).toBe(expected);
          expect(r?.stem).toBe(q.stem);
        });
      }),
      { numRuns: 100 },
    );
  }, 30_000);

  it("exports ordering as a matching of items to positions", () => {
    const question: Question = {
      id: "ord-1",
      type: "ordering",
      stem: "Put in order",
      options: [
        { id: "x", text: "Second" },
        { id: "y", text: "First" },
      ],
      key: ["y", "x"],
      sourceRefs: [{ passageId: "p", articleId: "a", rawStart: 0, rawEnd: 1, quote: "q" }],
      conceptIds: [],
      difficulty: 0.5,
      generator: "test",
    };
    const { text } = exportGift([question]);
    expect(text).toContain("=Second -> 2");
    expect(text).toContain("=First -> 1");
    expect(importGift(text).questions).toEqual([question]);
  });

  it("answers that look like weights (“%9%a”) survive: GIFT cannot escape “%”, so they get an explicit weight", () => {
    const base = {
      sourceRefs: [{ passageId: "p", articleId: "a", rawStart: 0, rawEnd: 1, quote: "q" }],
      conceptIds: [],
      difficulty: 0.5,
      generator: "test",
    };
    const bank: Question[] = [
      {
        ...base,
        id: "s",
        type: "single_choice",
        stem: "S",
        options: [
          { id: "k", text: "%9%key" },
          { id: "w", text: "%50%wrong" },
        ],
        key: "k",
      },
      { ...base, id: "t", type: "short_answer", stem: "T", key: { accepted: ["%10%typed"] } },
    ];
    const { text } = exportGift(bank);
    expect(text).toContain("~%0%%50%wrong");
    expect(text).toContain("=%9%key");
    expect(importGift(text)).toMatchObject({ questions: bank, problems: [] });
  });

  it("escapes every control character", () => {
    expect(escapeGift("a~b=c#d{e}f:g\\h\ni")).toBe("a\\~b\\=c\\#d\\{e\\}f\\:g\\\\h\\ni");
  });
});

describe("GIFT import: problems, sources and gates", () => {
  const bundle = makeSampleBundle();

  it("a generated bank goes out and comes back equal, citations re-checked by the gates", () => {
    const { questions } = generateQuestions(bundle, { seed: 7 });
    expect(questions.length).toBeGreaterThan(5);
    const back = importGift(exportGift(questions).text, { bundle });
    expect(back.problems).toEqual([]);
    expect(back.questions.map(normalize)).toEqual(questions.map(normalize));
  });

  it("Moodle's [id:…] and [tag:…] comment tokens give the id and, through the bundle, concept ids", () => {
    const concept = bundle.concepts[0];
    if (!concept) throw new Error("sample bundle has no concept");
    const text = [
      `// [id:coal\\]-1] [tag:${concept.name}] [tag:nonsense]`,
      "// source: econ-p0",
      "When steam engines became more efficient, coal consumption rose instead of falling. {T}",
    ].join("\n");
    const result = importGift(text, { bundle });
    expect(result.questions[0]?.id).toBe("coal]-1");
    expect(result.questions[0]?.conceptIds).toContain(concept.id);
    expect(result.problems).toEqual([
      expect.objectContaining({ severity: "warning", message: expect.stringContaining("nonsense") }),
    ]);
    const exported = exportGift(result.questions).text;
    expect(exported).toContain(`// [id:coal\\]-1] [tag:${concept.id}]`);
  });

  it("malformed questions get line and column; the valid ones around them still import", () => {
    const text = [
      "// source: econ-p0",
      "::ok1:: When steam engines became more efficient, coal consumption rose instead of falling. {T}",
      "",
      "::broken:: Missing its end { =a ~b",
      "",
      "::two blocks:: a {=x ~y} and {=z ~w}",
      "",
      "::no right:: Pick {~a ~b}",
      "",
      "::bad number:: How many? {#abc:1}",
      "",
      "::one pair:: Match {=a -> b}",
      "",
      "::stray close:: oops } here",
      "",
      "// source: econ-p0",
      "::ok2:: This phenomenon is known as the {=Jevons paradox} paradox.",
    ].join("\n");
    const result = importGift(text, { bundle });
    expect(result.questions.map((q) => q.stem)).toEqual([
      "When steam engines became more efficient, coal consumption rose instead of falling.",
      "This phenomenon is known as the _____ paradox.",
    ]);
    const errors = result.problems.filter((p) => p.severity === "error").map((p) => [p.line, p.column]);
    expect(errors).toEqual([
      [4, 28],
      [6, 30],
      [8, 20],
      [10, 28],
      [12, 21],
      [14, 22],
    ]);
  });

  it("`// source:` with a quote gives exact raw offsets inside the passage", () => {
    const text =
      '// source: tech-p2 "The training cost for the R1 model was $5.576 million"\nThe R1 model cost $5.576 million to train.{T}';
    const result = importGift(text, { bundle });
    expect(result.problems).toEqual([]);
    const ref = result.questions[0]?.sourceRefs[0];
    const article = bundle.articles.find((a) => a.id === "tech");
    expect(ref && article?.rawText.slice(ref.rawStart, ref.rawEnd)).toBe(
      "The training cost for the R1 model was $5.576 million",
    );
  });

  it("a [source:id] tag in the title names the passage too", () => {
    const result = importGift(
      "::Coal [source:econ-p0]:: When steam engines became more efficient, coal consumption rose instead of falling. {T}",
      { bundle },
    );
    expect(result.questions).toHaveLength(1);
    expect(result.questions[0]?.sourceRefs[0]?.passageId).toBe("econ-p0");
  });

  it("gate failures and unknown passages are problems, and the question stays a draft", () => {
    const text = [
      "// source: econ-p0",
      "::wrong:: Coal consumption {=fell ~rose} when engines improved.",
      "",
      "// source: nowhere-p9",
      "::lost:: Is this cited? {T}",
      "",
      '// source: econ-p0 "not in the passage"',
      "::quote:: Is this cited? {T}",
      "",
      "::uncited:: Nobody says where this is from. {T}",
    ].join("\n");
    const result = importGift(text, { bundle });
    expect(result.questions).toEqual([]);
    expect(result.drafts.map((d) => d.title)).toEqual(["wrong", "lost", "quote", "uncited"]);
    expect(result.drafts[0]?.reasons.join(" ")).toMatch(/grounding gate/);
    expect(result.problems.some((p) => p.line === 4 && p.message.includes("unknown passage"))).toBe(true);
    expect(result.problems.some((p) => p.line === 7 && p.message.includes("quote"))).toBe(true);
  });

  it("ids are deterministic from content and unique within a file", () => {
    const text = "// source: econ-p0\nSame? {T}\n\n// source: econ-p0\nSame? {T}";
    const a = importGift(text, { bundle });
    const b = importGift(text, { bundle });
    expect(a.drafts.map((d) => d.question.id)).toEqual(b.drafts.map((d) => d.question.id));
    expect(new Set(a.drafts.map((d) => d.question.id)).size).toBe(2);
  });

  it("multiple answers whose weights do not add up to 100 get a warning", () => {
    const result = importGift("Pick {~%50%a ~%20%b ~c}");
    expect(result.problems.some((p) => p.message.includes("70%"))).toBe(true);
  });

  it("a Moodle category is reported as not kept, once, and the questions under it still import", () => {
    expect(importGift("$CATEGORY: $course$/top/Default for Econ 101\n\n::Q:: 1+1? {=2 ~3}").problems).toEqual(
      [],
    );
    const result = importGift(
      "$CATEGORY: $course$/top/Week 1\n\n::Q1:: 2+2? {=4 ~5}\n\n::Q2:: 3+3? {=6 ~7}\n",
    );
    expect(result.drafts).toHaveLength(2);
    expect(result.problems).toEqual([
      expect.objectContaining({
        line: 1,
        severity: "warning",
        message: expect.stringMatching(/category “\$course\$\/top\/Week 1” is not kept/),
      }),
    ]);
  });

  it("CRLF files and comment-only blocks", () => {
    const result = importGift(
      "// just a comment\r\n\r\n// source: econ-p0\r\nWhen steam engines became more efficient, coal consumption rose instead of falling. {T}\r\n",
      { bundle },
    );
    expect(result.questions).toHaveLength(1);
    expect(result.problems).toEqual([]);
  });
});

describe("GIFT import: stored ids carry no key", () => {
  const cite = (gift: string) =>
    `// groundwork: ${JSON.stringify({ sourceRefs: [{ passageId: "p", articleId: "a", rawStart: 0, rawEnd: 1, quote: "x" }] })}\n${gift}`;
  const only = (gift: string) => {
    const question = importGift(cite(gift)).questions[0];
    if (!question) throw new Error("nothing imported");
    return question;
  };

  it("an option's id comes from its text, not its place: the key is the same wherever it is written", () => {
    const orders = ["{=Nazareth ~Rome ~Paris}", "{~Rome =Nazareth ~Paris}", "{~Rome ~Paris =Nazareth}"];
    const questions = orders.map((answers) => only(`Where? ${answers}`));
    const idsByText = questions.map((q) => {
      if (q.type !== "single_choice") throw new Error("not single choice");
      // No id is a position letter: each is made from its option's text alone.
      expect(q.options.map((o) => o.id).filter((id) => /^[a-z]\d*$/.test(id))).toEqual([]);
      return { key: q.key, ids: Object.fromEntries(q.options.map((o) => [o.text, o.id])) };
    });
    expect(new Set(idsByText.map((q) => q.key)).size).toBe(1);
    expect(idsByText[1]?.ids).toEqual(idsByText[0]?.ids);
    expect(idsByText[2]?.ids).toEqual(idsByText[0]?.ids);
  });

  it("matching pairs get ids from their own texts, so no left id names its right id", () => {
    const q = only("Match. {=Canada -> Ottawa =Italy -> Rome =Japan -> Tokyo}");
    if (q.type !== "matching") throw new Error("not matching");
    const suffix = (id: string) => id.slice(2);
    for (const [left, right] of Object.entries(q.key)) expect(suffix(left)).not.toBe(suffix(right));
    const swapped = only("Match. {=Japan -> Tokyo =Canada -> Ottawa =Italy -> Rome}");
    if (swapped.type !== "matching") throw new Error("not matching");
    expect(swapped.key).toEqual(q.key);
  });
});

describe("GIFT provenance: the citation travels in comments Moodle keeps, and comes back", () => {
  const bundle = makeSampleBundle();
  // An ordering reads back as a matching without the groundwork line (see above): left out here.
  const questions = generateQuestions(bundle, { seed: 5 }).questions.filter((q) => q.type !== "ordering");
  const withoutGroundworkLine = (text: string) =>
    text
      .split("\n")
      .filter((l) => !l.startsWith("// groundwork:"))
      .join("\n");

  it("writes article, passage and quote, and reads them back with only the comments left", () => {
    const { text } = exportGift(questions);
    const first = questions[0] as Question;
    const ref = first.sourceRefs[0];
    expect(text).toContain(
      `// source: ${ref?.passageId} ${JSON.stringify(ref?.quote)}\n// article: ${ref?.articleId}`,
    );
    const back = importGift(withoutGroundworkLine(text), { bundle });
    expect(back.problems.filter((p) => p.severity === "error")).toEqual([]);
    const byStem = new Map(back.questions.map((q) => [`${q.type}:${q.stem}`, q]));
    let compared = 0;
    for (const q of questions) {
      const again = byStem.get(`${q.type}:${q.stem}`);
      if (!again) continue;
      expect(again.sourceRefs).toEqual(q.sourceRefs);
      compared++;
    }
    expect(compared).toBeGreaterThan(questions.length / 2);
  });

  it("an article line that names another article than the passage's is an error, not a silent fix", () => {
    const { text } = exportGift(questions.slice(0, 1));
    const wrong = withoutGroundworkLine(text).replace(
      /^\/\/ article: .*$/m,
      "// article: some-other-article",
    );
    const result = importGift(wrong, { bundle });
    expect(result.questions).toEqual([]);
    expect(result.problems.map((p) => p.message).join("\n")).toMatch(/not some-other-article/);
  });
});
