import { beforeAll, describe, expect, it } from "vitest";
import { demoPackageDir, readFolder } from "../test/helpers.ts";
import { buildCourseBundle, parseCourseBundle } from "./build.ts";
import { bundleSchemaVersion, type CourseBundle } from "./bundle.ts";
import { ContentError } from "./errors.ts";

/** The demo package as an author would upload it without concept cards. */
function withoutCards(): Map<string, Uint8Array> {
  const files = new Map(readFolder(demoPackageDir));
  files.delete("concepts.yaml");
  const manifest = new TextDecoder().decode(files.get("course.yaml"));
  files.set("course.yaml", new TextEncoder().encode(manifest.replace(/^concepts:.*\n/m, "")));
  return files;
}

let bundle: CourseBundle;
beforeAll(() => {
  bundle = buildCourseBundle(withoutCards());
});

const sentence = (start: string) => {
  const found = bundle.sentences.find((s) => s.text.startsWith(start));
  if (!found) throw new Error(`no sentence starts "${start}"`);
  return found;
};

describe("the demo course without concept cards", () => {
  it("marks the claims article 001 reports in order to reject them", () => {
    expect(sentence("I am skeptical of the most dramatic take").stance.kind).toBe("rejected");
    const conspiracy = sentence("Deepsquek is an elaborate conspiracy");
    expect(conspiracy.stance).toMatchObject({ kind: "rejected", holder: "one Silicon Valley investor" });
    const rebat = sentence("Probably, R1 was actually a clever");
    expect(rebat.stance.kind).toBe("reported");
    expect(rebat.stance.cues).toContain("probably");
    // The author's turn ends the rejection frame; what follows is the author's own opinion.
    expect(sentence("However, I think DeepSeek's R1 breakthrough was real.").stance).toEqual({
      kind: "hedged",
      cues: ["i think"],
      holder: "the author",
    });
    // Neither can become a plain fact.
    const facts = new Set(bundle.claims.filter((c) => c.isFact).map((c) => c.sentenceId));
    expect(facts.has(conspiracy.id) || facts.has(rebat.id)).toBe(false);
  });

  it('repairs "considerted" and reports it with its raw span', () => {
    expect(sentence("DeepSeek can be considered a team").text).toContain("considered");
    const change = bundle.reports.flatMap((r) => r.changes).find((c) => c.before === "considerted");
    expect(change).toMatchObject({ kind: "spelling", after: "considered" });
    const raw = bundle.articles.find((a) => a.id.startsWith("000"))?.rawText ?? "";
    expect(raw.slice(change?.rawStart, change?.rawEnd)).toBe("considerted");
  });

  it('repairs "reasoning trailing" to the "reasoning training" the course writes twice, and reports it', () => {
    expect(sentence("This automated reasoning training is similar").text).toBeTruthy();
    const changes = bundle.reports.flatMap((r) => r.changes).filter((c) => c.kind === "consistency");
    expect(changes.map((c) => [c.before, c.after])).toEqual([["trailing", "training"]]);
    const raw = bundle.articles.find((a) => a.id.startsWith("000"))?.rawText ?? "";
    expect(raw.slice(changes[0]?.rawStart, changes[0]?.rawEnd)).toBe("trailing");
    expect(bundle.reports.find((r) => r.articleId.startsWith("000"))?.counts.consistency).toBe(1);
  });

  it("finds the Jevons paradox, distillation and the AlphaGo Zero analogy, with definitions that read", () => {
    const byName = (name: string) => bundle.concepts.find((c) => c.name.toLowerCase() === name.toLowerCase());
    const jevons = byName("Jevons paradox");
    expect(jevons?.definition).toMatch(/coal consumption/);
    expect(jevons?.definition).toMatch(/rose instead of falling/);
    expect(jevons?.definition).not.toMatch(/BeANGAN|reAADING/);
    expect(byName("distillation")?.definition).toMatch(/compressing a big AI model into a smaller one/);
    const alphaGo = byName("AlphaGo Zero analogy");
    expect(alphaGo?.kind).toBe("analogy");
    expect(alphaGo?.definition).toMatch(/similar to the AlphaGo Zero/);
    for (const concept of [jevons, alphaGo]) expect(concept?.definitionRef?.passageId).toBeTruthy();
  });

  it("keeps general words the text never defines out of the concepts", () => {
    const names = new Set(bundle.concepts.map((c) => c.name.toLowerCase()));
    for (const general of [
      "breakthrough",
      "innovation",
      "capabilities",
      "advancements",
      "ecosystem",
      "ai models",
    ])
      expect(names.has(general), general).toBe(false);
    // Every concept the text never defines recurs; the defined ones carry their span.
    for (const concept of bundle.concepts.filter((c) => c.origin === "detected")) {
      if (concept.definitionSource === "text") expect(concept.definitionRef, concept.name).toBeDefined();
      else expect(concept.passageIds.length, concept.name).toBeGreaterThan(0);
    }
  });

  it("sets objectives a teacher could set, and quotes no claim reported only by the sentence before", () => {
    const objectives = bundle.lessons.flatMap((l) => l.objectives.map((o) => o.text));
    expect(objectives).toContain(
      "Explain what distillation involves (compressing a big AI model into a smaller one) and why it matters to the article's argument.",
    );
    for (const text of objectives)
      expect(text).not.toMatch(/bears on this part|claims about .*, and on what grounds/);
    const summary = bundle.lessons.flatMap((l) => l.summary.map((s) => s.text));
    expect(summary.some((line) => line.startsWith("Probably, DeepSeek hides"))).toBe(false);
  });

  it("summarises and glosses with fit sentences only", () => {
    const fit = new Map(bundle.sentences.map((s) => [s.text, s.isFit]));
    for (const lesson of bundle.lessons)
      for (const line of lesson.summary) expect(fit.get(line.text), line.text).toBe(true);
    const definitionTerms = new Set(bundle.definitions.map((d) => d.term.toLowerCase()));
    for (const entry of bundle.glossary) {
      if (!entry.ref) continue; // the author's own glossary
      const concept = bundle.concepts.find((c) => c.id === entry.conceptId);
      expect(concept !== undefined || definitionTerms.has(entry.term.toLowerCase()), entry.term).toBe(true);
    }
  });

  it("gives parsed numbers with their unit and scale", () => {
    const cost = bundle.mentions.find((m) => m.text === "$5.576 million");
    expect(cost).toMatchObject({ kind: "money", value: 5576000, unit: "USD", scale: 1e6 });
  });
});

describe("the demo course with its concept cards", () => {
  it("reads a definedBy quote that stops inside a clause as its whole sentence", () => {
    const withCards = buildCourseBundle(readFolder(demoPackageDir));
    const jevons = withCards.concepts.find((c) => c.id === "jevons-paradox");
    expect(jevons?.definition).toMatch(/coal consumption rose instead of falling\.$/);
    expect(jevons?.definitionRef?.quote).toMatch(/^The underlying logic is that although/i);
  });

  it("sets objectives from the shape of the author's quotes, not one template", () => {
    const withCards = buildCourseBundle(readFolder(demoPackageDir));
    const objectives = withCards.lessons.flatMap((l) => l.objectives.map((o) => o.text));
    expect(objectives).toContain(
      "Explain the Jevons paradox using the article's example of coal consumption.",
    );
    expect(objectives).toContain(
      "Compare the automated reasoning training with AlphaGo Zero, and say what the likeness shows.",
    );
    expect(objectives).toContain(
      "Explain what model distillation involves (compressing a big AI model into a smaller one) and why it matters to the article's argument.",
    );
    expect(objectives).toContain(
      "Explain how export controls and chips are used to prevent powerful AI chips from falling in Chinese hands.",
    );
    expect(objectives).toContain(
      "State the figure the article gives for the training cost for its R1 model, and say why it matters.",
    );
    expect(objectives).toContain(
      "Explain how open source allows users to modify and learn from available source codes.",
    );
    expect(objectives.filter((o) => /as the article defines it/.test(o)).length).toBeLessThanOrEqual(1);
  });
});

describe("bundle schema version", () => {
  it("refuses an old bundle with a clear message", () => {
    const old = { ...bundle, schemaVersion: 1 };
    expect(() => parseCourseBundle(old)).toThrow(/schemaVersion 1 is not 3: rebuild the bundle/);
    expect(() => parseCourseBundle(old)).toThrow(ContentError);
  });

  it("reads a version-2 bundle, which holds no consistency repair, as the current version", () => {
    const reports = bundle.reports.map((r) => ({
      ...r,
      changes: r.changes.filter((c) => c.kind !== "consistency"),
      counts: Object.fromEntries(Object.entries(r.counts).filter(([kind]) => kind !== "consistency")),
    }));
    const v2 = JSON.parse(JSON.stringify({ ...bundle, reports, schemaVersion: 2 }));
    const read = parseCourseBundle(v2);
    expect(read.schemaVersion).toBe(bundleSchemaVersion);
    expect(read.lessons).toEqual(bundle.lessons);
    expect(() => parseCourseBundle({ ...v2, schemaVersion: 4 })).toThrow(/schemaVersion 4 is not 3/);
  });
});
