import { beforeAll, describe, expect, it } from "vitest";
import { demoPackageDir, readFolder } from "../test/helpers.ts";
import { buildCourseBundle } from "./build.ts";
import { type CourseBundle, CourseBundleSchema } from "./bundle.ts";
import { ContentError, ContentValidationError } from "./errors.ts";
import { isBoilerplateLine } from "./normalize.ts";

let bundle: CourseBundle;
const files = readFolder(demoPackageDir);

beforeAll(() => {
  bundle = buildCourseBundle(files);
});

const rawOf = (articleId: string) => bundle.articles.find((a) => a.id === articleId)?.rawText ?? "";
/** The repairs that replace a word by another: the raw text holds the word before, the passage after. */
const replacesWord = (kind: string) => kind === "spelling" || kind === "consistency";

/** A raw span with the reported word repairs inside it applied: what a unit's words come from. */
function repairedRaw(articleId: string, rawStart: number, rawEnd: number): string {
  const raw = rawOf(articleId);
  const corrections = (bundle.reports.find((r) => r.articleId === articleId)?.changes ?? []).filter(
    (c) => replacesWord(c.kind) && c.rawStart >= rawStart && c.rawEnd <= rawEnd,
  );
  let out = "";
  let cursor = rawStart;
  for (const c of corrections) {
    out += raw.slice(cursor, c.rawStart) + c.after;
    cursor = c.rawEnd;
  }
  return out + raw.slice(cursor, rawEnd);
}
/** Letters and digits, lower-cased: what normalisation may drop (noise) but never invent. */
const letters = (text: string) => text.toLowerCase().replace(/[^\p{L}\p{N}]+/gu, "");
function isSubsequence(needle: string, haystack: string): boolean {
  let i = 0;
  for (let j = 0; i < needle.length && j < haystack.length; j++) if (needle[i] === haystack[j]) i++;
  return i === needle.length;
}

describe("the demo course bundle", () => {
  it("matches the bundle schema and keeps the five articles byte for byte", () => {
    expect(CourseBundleSchema.safeParse(bundle).success).toBe(true);
    expect(bundle.course).toMatchObject({
      id: "deepseek-moment",
      title: "The DeepSeek Moment",
      language: "en",
    });
    expect(bundle.articles).toHaveLength(5);
    for (const article of bundle.articles) {
      expect(new TextDecoder().decode(files.get(article.file))).toBe(article.rawText);
      expect(article.sha256).toMatch(/^[0-9a-f]{64}$/);
    }
  });

  it("is deterministic: the same files give the same bundle", () => {
    expect(JSON.stringify(buildCourseBundle(files))).toBe(JSON.stringify(bundle));
  });

  it("cites raw offsets that hold every word of each passage, sentence and mention", () => {
    const check = (unit: { articleId: string; text: string; rawStart: number; rawEnd: number }) => {
      const raw = rawOf(unit.articleId);
      expect(unit.rawEnd).toBeLessThanOrEqual(raw.length);
      expect(
        isSubsequence(letters(unit.text), letters(repairedRaw(unit.articleId, unit.rawStart, unit.rawEnd))),
        unit.text,
      ).toBe(true);
      // The span starts and ends on the unit's own first and last letters.
      const source = letters(repairedRaw(unit.articleId, unit.rawStart, unit.rawEnd));
      expect(source.at(0)).toBe(letters(unit.text).at(0));
      expect(source.at(-1)).toBe(letters(unit.text).at(-1));
    };
    for (const p of bundle.passages) check(p);
    for (const s of bundle.sentences) check(s);
    for (const m of bundle.mentions) check(m);
    for (const c of bundle.concepts)
      if (c.definitionRef) check({ ...c.definitionRef, text: c.definitionRef.quote });
  });

  it("drops every Advertisements line and no passage holds one", () => {
    expect(bundle.passages.some((p) => /Advertisements|Leave a Reply/.test(p.text))).toBe(false);
    const removed = bundle.reports.flatMap((r) => r.changes.filter((c) => c.kind === "boilerplate"));
    const rawBoilerplateLines = bundle.articles
      .flatMap((a) => a.rawText.split("\n"))
      .filter((line) => line === "Advertisements" || line === "Leave a Reply");
    expect(rawBoilerplateLines).toHaveLength(11);
    expect(removed.map((c) => c.before.trim())).toEqual(expect.arrayContaining(rawBoilerplateLines));
    expect(bundle.reports.reduce((n, r) => n + (r.counts.boilerplate ?? 0), 0)).toBe(11);
  });

  it("drops nothing but noise: every word of every non-boilerplate raw line survives in a passage", () => {
    for (const article of bundle.articles) {
      const kept = letters(
        bundle.passages
          .filter((p) => p.articleId === article.id)
          .map((p) => p.text)
          .join(" "),
      );
      const corrected = new Set(
        (bundle.reports.find((r) => r.articleId === article.id)?.changes ?? [])
          .filter((c) => replacesWord(c.kind))
          .map((c) => c.before.toLowerCase()),
      );
      for (const line of article.rawText.split("\n")) {
        if (isBoilerplateLine(line)) continue;
        for (const word of line.toLowerCase().match(/[\p{L}\p{N}]+/gu) ?? []) {
          if (/([a-z]{2,3})\1{3,}/.test(word)) continue; // a stutter, collapsed on purpose
          if (corrected.has(word)) continue; // a misspelt or inconsistent word, repaired and reported
          expect(kept.includes(word), `${article.id}: "${word}"`).toBe(true);
        }
      }
    }
  });

  it("splits glued sentences", () => {
    const sentences = bundle.sentences.map((s) => s.text);
    expect(sentences).toContain("In recent times, the buzz surrounding DeepSeek has been hard to ignore.");
    expect(sentences.some((s) => s.startsWith("Having downloaded the app myself"))).toBe(true);
    expect(sentences.some((s) => s.startsWith("The holiday season, typically characterized"))).toBe(true);
    expect(bundle.passages.some((p) => /ignoreHaving|advancementsThe/.test(p.text))).toBe(false);
  });

  it("collapses the runaway repetitions", () => {
    const text = bundle.articles.map((a) => a.normalizedText).join("\n");
    expect(text).not.toMatch(/(?:The Mountains, ){2}/i);
    expect(text).not.toMatch(/\bit it it\b/);
    expect(text).not.toMatch(/(?:no){3}/);
  });

  it("finds the Jevons paradox passage with its steam-engine example", () => {
    const jevons = bundle.concepts.find((c) => c.id === "jevons-paradox");
    expect(jevons?.definitionRef?.quote).toMatch(/steam engine/i);
    const passages = bundle.passages.filter((p) => jevons?.passageIds.includes(p.id));
    expect(
      passages.some(
        (p) => /Jevons Paradox/.test(p.text) && /steam engine/i.test(p.text) && /coal/i.test(p.text),
      ),
    ).toBe(true);
    const definition = bundle.definitions.find((d) => /Jevons Paradox/i.test(d.term));
    expect(definition?.pattern).toBe("known_as");
  });

  it("finds the distillation definition", () => {
    const detected = bundle.definitions.find((d) => d.term === "distillation");
    expect(detected?.definition).toMatch(/compressing a big AI model into a smaller one/);
    const concept = bundle.concepts.find((c) => c.id === "model-distillation");
    expect(concept?.definitionRef?.quote).toMatch(/compressing a big AI model into a smaller one/);
    const raw = rawOf(concept?.definitionRef?.articleId ?? "");
    expect(raw.slice(concept?.definitionRef?.rawStart, concept?.definitionRef?.rawEnd)).toContain(
      "compressing a big AI model",
    );
  });

  it("links the AlphaGo Zero passage to DeepSeek's reasoning training", () => {
    const passage = bundle.passages.find((p) => /AlphaGo Zero/.test(p.text));
    expect(passage?.text).toMatch(/automated reasoning/i);
    expect(passage?.conceptIds).toEqual(expect.arrayContaining(["alphago-zero-analogy", "reasoning-models"]));
    const analogy = bundle.definitions.find((d) => d.isAnalogy && /alphaGo Zero/i.test(d.definition));
    expect(analogy?.term).toMatch(/automated reasoning/);
  });

  it('extracts "$5.576 million" as money', () => {
    const money = bundle.mentions.find((m) => m.text === "$5.576 million");
    expect(money).toMatchObject({ kind: "money", value: 5_576_000, unit: "USD" });
    expect(rawOf(money?.articleId ?? "").slice(money?.rawStart, money?.rawEnd)).toBe("$5.576 million");
    expect(bundle.mentions.find((m) => /two orders of magnitude/i.test(m.text))).toMatchObject({
      kind: "quantity",
      value: 100,
    });
    expect(bundle.mentions.find((m) => m.text === "1/30")?.value).toBeCloseTo(1 / 30);
  });

  it("has the seven course concepts, each with a cited definition and passages", () => {
    for (const id of [
      "jevons-paradox",
      "model-distillation",
      "alphago-zero-analogy",
      "open-source",
      "training-cost",
      "export-controls-and-chips",
      "reasoning-models",
    ]) {
      const concept = bundle.concepts.find((c) => c.id === id);
      expect(concept?.definitionRef, id).toBeDefined();
      expect(concept?.passageIds.length, id).toBeGreaterThan(0);
      expect(bundle.conceptMap.find((m) => m.conceptId === id)?.lessonIds.length, id).toBeGreaterThan(0);
    }
  });

  it("gives every article lessons whose summaries are cited, fit source sentences", () => {
    for (const article of bundle.articles)
      expect(bundle.lessons.some((l) => l.articleId === article.id)).toBe(true);
    expect(bundle.outline).toEqual(bundle.lessons.map((l) => l.id));
    const fitTexts = new Set(bundle.sentences.filter((s) => s.isFit).map((s) => s.text));
    for (const lesson of bundle.lessons) {
      expect(lesson.summary.length).toBeGreaterThan(0);
      if (lesson.conceptIds.length > 0) expect(lesson.objectives.length, lesson.id).toBeGreaterThan(0);
      for (const item of lesson.summary) {
        expect(fitTexts.has(item.text), item.text).toBe(true);
        expect(lesson.passageIds).toContain(item.ref.passageId);
      }
    }
  });

  it("keeps passage ids stable across rebuilds and unique", () => {
    const ids = bundle.passages.map((p) => p.id);
    expect(new Set(ids).size).toBe(ids.length);
    expect(new Set(bundle.sentences.map((s) => s.id)).size).toBe(bundle.sentences.length);
  });
});

describe("buildCourseBundle on an invalid package", () => {
  it("throws a ContentValidationError carrying the problems", () => {
    const broken = new Map(files);
    broken.delete("articles/003_8135fee1fdd6e850.txt");
    let caught: unknown;
    try {
      buildCourseBundle(broken);
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(ContentValidationError);
    expect(caught).toBeInstanceOf(ContentError);
    expect((caught as ContentValidationError).problems).toEqual([
      expect.objectContaining({
        path: "course.yaml",
        line: 29,
        message: expect.stringContaining("not found"),
      }),
    ]);
  });

  it("reports progress once per article and once at the end", () => {
    const calls: Array<[number, number]> = [];
    buildCourseBundle(files, { onProgress: (done, total) => calls.push([done, total]) });
    expect(calls).toEqual([
      [1, 6],
      [2, 6],
      [3, 6],
      [4, 6],
      [5, 6],
      [6, 6],
    ]);
  });
});

describe("buildCourseBundle on a Markdown package", () => {
  it("cleans Markdown, keeps question files verbatim and cites raw offsets", () => {
    const encode = (text: string) => new TextEncoder().encode(text);
    const article = [
      "# Cheap models",
      "",
      "Advertisements",
      "",
      "The **Jevons paradox** says that cheaper coal led to *more* coal use, as",
      "[economists](https://example.org) noticed in the 1860s.",
      "",
      "- Training cost fell to $5.576 million.",
      "- Demand for chips rose by 30%.",
      "",
    ].join("\n");
    const files = new Map<string, Uint8Array>([
      [
        "course.yaml",
        encode(
          "id: md\ntitle: MD\ndescription: d\nlanguage: en\nversion: 0.1.0\nauthors: [me]\nlicense: CC0-1.0\narticles:\n  - file: a.md\n    title: A\n    source: me\n    date: 2025-02\n",
        ),
      ],
      ["a.md", encode(article)],
      ["questions/q1.gift", encode("::Q1:: Who? {=Jevons ~Smith}")],
    ]);
    const bundle = buildCourseBundle(files);
    expect(bundle.articles[0]?.normalizedText).toBe(
      "Cheap models\nThe Jevons paradox says that cheaper coal led to more coal use, as economists noticed in the 1860s.\nTraining cost fell to $5.576 million.\nDemand for chips rose by 30%.",
    );
    expect(bundle.questionFiles).toEqual([
      { file: "questions/q1.gift", format: "gift", text: "::Q1:: Who? {=Jevons ~Smith}" },
    ]);
    const money = bundle.mentions.find((m) => m.kind === "money");
    expect(article.slice(money?.rawStart, money?.rawEnd)).toBe("$5.576 million");
    expect(bundle.causalLinks[0]).toMatchObject({
      cause: "The Jevons paradox says that cheaper coal",
      marker: "led to",
    });
    expect(bundle.reports[0]?.counts).toMatchObject({ boilerplate: 1, list_marker: 2 });
  });
});
