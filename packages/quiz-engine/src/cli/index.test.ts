import { mkdtemp, readFile, rm, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { QuestionSchema } from "../schemas.ts";
import { makeSampleBundle } from "../testing/sample-bundle.ts";
import { runQuizCli } from "./index.ts";

let dir: string;
let stdout: string;
let stderr: string;

beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "quiz-cli-"));
  stdout = "";
  stderr = "";
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    stdout += String(chunk);
    return true;
  });
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    stderr += String(chunk);
    return true;
  });
});

afterEach(async () => {
  vi.restoreAllMocks();
  await rm(dir, { recursive: true, force: true });
});

describe("quiz CLI", () => {
  it("generates the author view with a report, then grades responses in order", async () => {
    const bundlePath = join(dir, "bundle.json");
    const questionsPath = join(dir, "questions.json");
    await writeFile(bundlePath, JSON.stringify(makeSampleBundle()));
    expect(await runQuizCli(["generate", bundlePath, "--seed", "7", "--out", questionsPath])).toBe(0);
    const written = JSON.parse(await readFile(questionsPath, "utf8"));
    expect(written.questions.length).toBeGreaterThan(10);
    for (const q of written.questions) expect(QuestionSchema.safeParse(q).success).toBe(true);
    expect(Object.keys(written.report)).toEqual([
      "countsByType",
      "countsByConcept",
      "dropped",
      "droppedByReason",
      "lowScoredByReason",
      "quizSets",
    ]);
    expect(JSON.parse(stdout).droppedByReason).toEqual(written.report.droppedByReason);
    expect(JSON.parse(stdout).questions).toBe(written.questions.length);

    const single = written.questions.find((q: { type: string }) => q.type === "single_choice");
    const numeric = written.questions.find((q: { type: string }) => q.type === "numeric");
    const wrong = single.options.find((o: { id: string }) => o.id !== single.key).id;
    const responsesPath = join(dir, "responses.json");
    await writeFile(
      responsesPath,
      JSON.stringify([
        { questionId: single.id, response: wrong },
        { questionId: numeric.id, response: String(numeric.key.value) },
        { questionId: single.id, response: single.key },
      ]),
    );
    stdout = "";
    expect(await runQuizCli(["grade", questionsPath, responsesPath])).toBe(0);
    const results = JSON.parse(stdout);
    expect(results.map((r: { questionId: string; score: number }) => [r.questionId, r.score])).toEqual([
      [single.id, 0],
      [numeric.id, 1],
      [single.id, 1],
    ]);
    expect(results[0].feedback).toContain("The source says");

    await writeFile(responsesPath, JSON.stringify([{ questionId: "nope", response: "x" }]));
    expect(await runQuizCli(["grade", questionsPath, responsesPath])).toBe(1);
    expect(stderr).toContain("unknown question");
    await writeFile(responsesPath, JSON.stringify([{ questionId: single.id, response: 42 }]));
    expect(await runQuizCli(["grade", questionsPath, responsesPath])).toBe(1);
    expect(stderr).toContain("must be an option id");
  });

  it("reports bad usage and bad input with exit codes", async () => {
    expect(await runQuizCli(["generate", "x.json"])).toBe(2);
    expect(stderr).toContain("usage");
    expect(await runQuizCli(["frobnicate"])).toBe(2);
    expect(await runQuizCli(["grade", join(dir, "missing.json"), join(dir, "missing.json")])).toBe(1);
    const notBundle = join(dir, "bad.json");
    await writeFile(notBundle, JSON.stringify({ hello: 1 }));
    expect(await runQuizCli(["generate", notBundle, "--seed", "1", "--out", join(dir, "o.json")])).toBe(1);
    expect(stderr).toContain("not a course bundle");
  });
});
