import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import { describe, expect, it } from "vitest";
import { gradeResponse } from "../grade.ts";
import type { Question } from "../schemas.ts";
import { importQti } from "./qti12.ts";

const root = fileURLToPath(new URL("../../../../tests/fixtures/interop/canvas/", import.meta.url));

/** A Canvas export folder as the importer receives an unzipped package: relative path -> text. */
function canvasPackage(folder: string): Map<string, string> {
  const dir = join(root, folder);
  const files = new Map<string, string>();
  const walk = (at: string) => {
    for (const name of readdirSync(at)) {
      const path = join(at, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.set(relative(dir, path), readFileSync(path, "utf8"));
    }
  };
  walk(dir);
  return files;
}

/** The per-item report, one line per item: what a teacher sees after an import. */
function report(folder: string) {
  return importQti(canvasPackage(folder)).items.map(
    (i) => `${i.status}: ${i.title ?? i.ident}${i.reason ? ` (${i.reason})` : ""}`,
  );
}

/** A draft made real with a placeholder citation, so it can be graded. */
function graded(question: Omit<Question, "sourceRefs">): Question {
  return {
    ...question,
    sourceRefs: [{ passageId: "p", articleId: "a", rawStart: 0, rawEnd: 1, quote: "x" }],
  } as Question;
}

describe("QTI 1.2 import: real Canvas exports", () => {
  it("Classic Quizzes: the matching imports with its pairs, the essay is skipped with its reason", () => {
    expect(report("classic-quiz-format/ClassicQuestionsExport")).toEqual([
      "skipped: Question (an essay needs a human grader; Groundwork has no essay type)",
      "needs_source: Question",
    ]);
    const [draft] = importQti(canvasPackage("classic-quiz-format/ClassicQuestionsExport")).drafts;
    const matching = draft?.question;
    if (matching?.type !== "matching") throw new Error("not matching");
    expect(matching.stem).toBe("Match the map projection with the year it was created:");
    const pairs = Object.fromEntries(
      matching.left.map((l) => [l.text, matching.right.find((r) => r.id === matching.key[l.id])?.text]),
    );
    expect(pairs).toEqual({ Mercator: "1569", Stereographic: "Before 150CE", Robinson: "1963" });
  });

  it("New Quizzes: 30 choice items import; each key grades right and a wrong choice grades wrong", () => {
    const result = importQti(canvasPackage("new-quiz-format/MigratedClassicQuizExport"));
    expect(result.items).toHaveLength(30);
    expect(result.items.every((i) => i.status === "needs_source")).toBe(true);
    const types = result.drafts.map((d) => d.question.type);
    expect(types.filter((t) => t === "single_choice")).toHaveLength(20);
    expect(types.filter((t) => t === "multiple_choice")).toHaveLength(10);
    for (const { question } of result.drafts) {
      const q = graded(question as Question);
      if (q.type === "single_choice") {
        expect(gradeResponse(q, q.key).correct).toBe(true);
        const wrong = q.options.find((o) => o.id !== q.key)?.id;
        expect(gradeResponse(q, wrong).correct).toBe(false);
      } else if (q.type === "multiple_choice") {
        expect(q.key.length).toBeGreaterThan(0);
        expect(gradeResponse(q, q.key).correct).toBe(true);
        expect(
          gradeResponse(
            q,
            q.options.map((o) => o.id),
          ).correct,
        ).toBe(q.key.length === q.options.length);
      } else throw new Error(`unexpected ${q.type}`);
    }
  });

  it("New Quizzes: a categorization is skipped, never turned into a one-to-one matching with wrong keys", () => {
    expect(report("new-quiz-format/question-categorization-nursing")).toEqual([
      "skipped: Categorization question - nursing (a categorization puts several answers in each category; Groundwork's matching pairs one to one)",
    ]);
  });

  it("New Quizzes: matching imports, essay and file upload are skipped with their reasons", () => {
    expect(report("new-quiz-format/question-matching-history")).toEqual(["needs_source: Projection"]);
    const matching = importQti(canvasPackage("new-quiz-format/question-matching-history")).drafts[0]
      ?.question;
    if (matching?.type !== "matching") throw new Error("not matching");
    expect(
      Object.fromEntries(
        matching.left.map((l) => [l.text, matching.right.find((r) => r.id === matching.key[l.id])?.text]),
      ),
    ).toEqual({ Mercator: "1569", Stereographic: "Before 150CE", Robinson: "1963" });
    expect(report("new-quiz-format/question-essay-history")).toEqual([
      "skipped: Question (an essay needs a human grader; Groundwork has no essay type)",
    ]);
    expect(report("new-quiz-format/question-upload-history")).toEqual([
      "skipped: Question (a file upload needs a human grader)",
    ]);
  });

  it("a Canvas question bank (objectbank): HTML read as text, per-answer and general feedback kept", () => {
    const result = importQti(canvasPackage("canvas-lms"));
    expect(result.items.map((i) => i.status)).toEqual(["needs_source"]);
    const mc = result.drafts[0]?.question;
    if (mc?.type !== "single_choice") throw new Error("not single choice");
    expect(mc.title).toBe("test fun");
    expect(mc.stem).toBe("html for fun");
    // Its formatting is kept for students, sanitised; the plain stem is what the gates read.
    expect(mc.stemMarkup).toEqual({ format: "html", text: "<p><strong>html for fun</strong></p>" });
    expect(mc.options.map((o) => o.text)).toEqual(["html answer 1", "html answer 2"]);
    expect(mc.options.find((o) => o.id === mc.key)?.text).toBe("html answer 1");
    expect(mc.explanation).toBe("meh");
    expect(mc.feedback?.map((f) => f.text)).toEqual(["comment", "comment"]);
  });
});
