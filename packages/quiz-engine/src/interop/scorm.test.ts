import { XMLParser, XMLValidator } from "fast-xml-parser";
import { describe, expect, it } from "vitest";
import { generateQuestions } from "../generate.ts";
import { makeSampleBundle } from "../testing/sample-bundle.ts";
import { exportScorm, SCORM12_SUSPEND_LIMIT } from "./scorm.ts";

describe("SCORM export", () => {
  // The sample course has no lessons: one per article, listing no passages (they come from the article).
  const sample = makeSampleBundle();
  const lessons = sample.articles.map((a) => ({
    id: `lesson-${a.id}`,
    articleId: a.id,
    title: a.title,
    objectives: [],
    summary: [],
    keyTerms: [],
    readingMinutes: 1,
    passageIds: [],
    conceptIds: [],
  }));
  const bundle = { ...sample, lessons, outline: lessons.map((l) => l.id) };
  const { questions } = generateQuestions(bundle, { seed: 2 });

  it.each(["1.2", "2004"] as const)(
    "SCORM %s: a manifest naming one SCO per lesson, each page with its passages and quiz",
    (version) => {
      const { files, skipped } = exportScorm(bundle, questions, { version });
      expect(skipped).toEqual([]);
      const manifest = files.get("imsmanifest.xml") as string;
      expect(XMLValidator.validate(manifest)).toBe(true);
      const parsed = new XMLParser({ ignoreAttributes: false, attributeNamePrefix: "@" }).parse(manifest);
      expect(parsed.manifest.metadata.schemaversion).toBe(version === "1.2" ? 1.2 : "2004 4th Edition");
      const resources = [parsed.manifest.resources.resource].flat();
      const scos = resources.filter(
        (r: Record<string, string>) => (r["@adlcp:scormtype"] ?? r["@adlcp:scormType"]) === "sco",
      );
      expect(scos).toHaveLength(bundle.outline.length);
      for (const sco of scos) expect(files.has(sco["@href"])).toBe(true);
      const page = files.get(scos[0]["@href"]) as string;
      const data = JSON.parse(
        /<script type="application\/json" id="gw-quiz">(.*?)<\/script>/s.exec(page)?.[1] ?? "{}",
      );
      expect(data.questions.length).toBeGreaterThan(0);
      for (const q of data.questions) {
        expect(q.source).toMatch(/^Source: .+, passage \S+: “/);
        if (version === "2004") {
          expect(q.description.length).toBeLessThanOrEqual(250);
          // However long the stem, the citation survives the cut whole.
          expect(q.description).toMatch(/ \[Source: .+, passage \S+\.\]$/);
        }
      }
      expect(page).toContain("graded in your browser");
    },
  );

  it("SCORM 1.2 suspend data stays under 4,096 characters even for long typed answers", () => {
    // The runtime caps each saved answer and stops before the limit; the bound it uses is below it.
    const runtime = exportScorm(bundle, questions, { version: "1.2" }).files.get(
      "groundwork-sco.js",
    ) as string;
    const limit = Number(/total \+ piece\.length \+ 8 > (\d+)/.exec(runtime)?.[1]);
    expect(limit + 8 + '{"r":{}}'.length).toBeLessThan(SCORM12_SUSPEND_LIMIT);
  });
});
