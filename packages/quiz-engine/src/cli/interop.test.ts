import { mkdtemp, readdir, readFile, writeFile } from "node:fs/promises";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { makeSampleBundle } from "../testing/sample-bundle.ts";
import { runInteropCli } from "./interop.ts";

let dir: string;
let stderr: string[];
beforeEach(async () => {
  dir = await mkdtemp(join(tmpdir(), "gw-interop-"));
  stderr = [];
  vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    stderr.push(String(chunk));
    return true;
  });
});
afterEach(() => vi.restoreAllMocks());

const gift = `// source: econ-p0
::coal:: When steam engines became more efficient, coal consumption rose instead of falling. {T}

::broken:: Missing its end { =a ~b

Write an essay. {}
`;

describe("interop CLI", () => {
  it("import gift: writes questions, drafts, skipped and problems; exit 1 on errors, with file:line:col lines", async () => {
    const bundlePath = join(dir, "bundle.json");
    await writeFile(bundlePath, JSON.stringify(makeSampleBundle()));
    await writeFile(join(dir, "q.gift"), gift);
    const out = join(dir, "out", "questions.json");
    const code = await runInteropCli("import", [
      "gift",
      join(dir, "q.gift"),
      "--bundle",
      bundlePath,
      "--out",
      out,
    ]);
    expect(code).toBe(1);
    const result = JSON.parse(await readFile(out, "utf8"));
    expect(result.questions).toHaveLength(1);
    expect(result.skipped).toHaveLength(1);
    expect(stderr.join("")).toContain(`${join(dir, "q.gift")}:4:28: error: unbalanced braces`);
  });

  it("export gift from a questions file, then import it back", async () => {
    const bundlePath = join(dir, "bundle.json");
    await writeFile(bundlePath, JSON.stringify(makeSampleBundle()));
    const giftOut = join(dir, "bank.gift");
    expect(await runInteropCli("export", ["gift", bundlePath, "--out", giftOut, "--seed", "3"])).toBe(0);
    const back = join(dir, "back.json");
    expect(await runInteropCli("import", ["gift", giftOut, "--bundle", bundlePath, "--out", back])).toBe(0);
    const imported = JSON.parse(await readFile(back, "utf8"));
    expect(imported.questions.length).toBeGreaterThan(5);
    expect(imported.drafts).toEqual([]);
    const questionsPath = join(dir, "questions.json");
    await writeFile(questionsPath, JSON.stringify({ questions: imported.questions }));
    expect(await runInteropCli("export", ["gift", questionsPath, "--out", join(dir, "again.gift")])).toBe(0);
    expect(await readFile(join(dir, "again.gift"), "utf8")).toBe(await readFile(giftOut, "utf8"));
  });

  it("export qti writes a folder; a .zip is refused with a reason", async () => {
    const bundlePath = join(dir, "bundle.json");
    await writeFile(bundlePath, JSON.stringify(makeSampleBundle()));
    const out = join(dir, "qti");
    expect(await runInteropCli("export", ["qti", bundlePath, "--out", out])).toBe(0);
    expect(await readdir(out)).toEqual(expect.arrayContaining(["imsmanifest.xml", "items", "stimuli"]));
    expect(await runInteropCli("export", ["qti", bundlePath, "--out", join(dir, "x.zip")])).toBe(2);
  });

  it("export anki writes a deck; bad usage exits 2, missing files 1", async () => {
    const bundlePath = join(dir, "bundle.json");
    await writeFile(bundlePath, JSON.stringify(makeSampleBundle()));
    expect(await runInteropCli("export", ["anki", bundlePath, "--out", join(dir, "deck.txt")])).toBe(0);
    expect((await readFile(join(dir, "deck.txt"), "utf8")).startsWith("#separator:tab\n#html:true\n")).toBe(
      true,
    );
    expect(await runInteropCli("export", ["pdf", bundlePath, "--out", join(dir, "x")])).toBe(2);
    expect(await runInteropCli("import", ["gift"])).toBe(2);
    expect(await runInteropCli("import", ["gift", join(dir, "missing.gift")])).toBe(1);
  });
});
