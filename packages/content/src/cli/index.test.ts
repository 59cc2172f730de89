import { mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { demoPackageDir } from "../../test/helpers.ts";
import { CourseBundleSchema } from "../bundle.ts";
import { runContentCli } from "./index.ts";

let dir: string;
let stdout: string[];
let stderr: string[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "content-cli-"));
  stdout = [];
  stderr = [];
  vi.spyOn(process.stdout, "write").mockImplementation((chunk) => {
    stdout.push(String(chunk));
    return true;
  });
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    stderr.push(String(chunk));
    return true;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

describe("content CLI", () => {
  it("validate exits 0 on the demo package", async () => {
    expect(await runContentCli(["validate", demoPackageDir])).toBe(0);
    expect(stdout.join("")).toBe("");
  });

  it("validate prints one path:line: message per problem and exits non-zero", async () => {
    writeFileSync(join(dir, "course.yaml"), "id: x\ntitle: X\nextra: 1\n");
    expect(await runContentCli(["validate", dir])).toBe(1);
    const lines = stdout.join("").trimEnd().split("\n");
    expect(lines).toContain('course.yaml:3: unknown field "extra": remove it or check its spelling');
    for (const line of lines) expect(line).toMatch(/^course\.yaml(?::\d+)?: .+/);
  });

  it("build writes a bundle that matches the schema", async () => {
    const out = join(dir, "bundle.json");
    expect(await runContentCli(["build", demoPackageDir, "--out", out])).toBe(0);
    const bundle = CourseBundleSchema.parse(JSON.parse(readFileSync(out, "utf8")));
    expect(bundle.course.id).toBe("deepseek-moment");
    expect(stderr.join("")).toContain("5 articles");
  });

  it("build reports problems instead of writing a bundle", async () => {
    mkdirSync(join(dir, "articles"));
    writeFileSync(join(dir, "course.yaml"), readFileSync(join(demoPackageDir, "course.yaml")));
    const out = join(dir, "bundle.json");
    expect(await runContentCli(["build", dir, "--out", out])).toBe(1);
    expect(stdout.join("")).toContain(
      'course.yaml:17: article file "articles/000_c98551cc9f86c411.txt" not found',
    );
    expect(() => readFileSync(out)).toThrow();
  });

  it("rejects bad usage with exit code 2", async () => {
    expect(await runContentCli([])).toBe(2);
    expect(await runContentCli(["build", demoPackageDir])).toBe(2);
    expect(await runContentCli(["validate", join(dir, "missing")])).toBe(2);
    expect(await runContentCli(["build", demoPackageDir, "--out", join(dir, "no", "such", "dir.json")])).toBe(
      2,
    );
    expect(stderr.join("")).toContain("cannot write");
  });
});
