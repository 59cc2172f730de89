import { cpSync, mkdirSync, mkdtempSync, readFileSync, rmSync, symlinkSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, beforeEach, describe, expect, it, vi } from "vitest";
import { demoPackageDir } from "../../test/helpers.ts";
import { PackageFolderError, readPackageDir, runContentCli } from "./index.ts";

let dir: string;
let pkg: string;
let outside: string;
let stderr: string[];

beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), "content-links-"));
  pkg = join(dir, "package");
  cpSync(demoPackageDir, pkg, { recursive: true });
  outside = join(dir, "elsewhere");
  mkdirSync(outside);
  writeFileSync(join(outside, "secret.txt"), "The server's private notes, never meant for a course.\n");
  stderr = [];
  vi.spyOn(process.stdout, "write").mockImplementation(() => true);
  vi.spyOn(process.stderr, "write").mockImplementation((chunk) => {
    stderr.push(String(chunk));
    return true;
  });
});

afterEach(() => {
  vi.restoreAllMocks();
  rmSync(dir, { recursive: true, force: true });
});

/** Points the package's first article at `target`, through a real symbolic link. */
function linkFirstArticle(target: string): string {
  const manifest = readFileSync(join(pkg, "course.yaml"), "utf8");
  const file = /file:\s*(\S+)/.exec(manifest)?.[1] ?? "";
  rmSync(join(pkg, file));
  symlinkSync(target, join(pkg, file));
  return file;
}

describe("package folders and symbolic links", () => {
  it("refuses a linked article that leads out of the package, naming it", async () => {
    const file = linkFirstArticle(join(outside, "secret.txt"));
    expect(() => readPackageDir(pkg)).toThrow(PackageFolderError);
    expect(() => readPackageDir(pkg)).toThrow(
      new RegExp(`${file}: a symbolic link out of the package folder`),
    );
    const out = join(dir, "bundle.json");
    expect(await runContentCli(["build", pkg, "--out", out])).toBe(1);
    expect(stderr.join("")).toMatch(/copy the file into the package instead/);
    expect(() => readFileSync(out)).toThrow();
  });

  it("refuses a linked folder that leads out, and a dangling link", () => {
    symlinkSync(outside, join(pkg, "extra"));
    expect(() => readPackageDir(pkg)).toThrow(/extra: a symbolic link out of the package folder/);
    rmSync(join(pkg, "extra"));
    symlinkSync(join(dir, "missing.txt"), join(pkg, "gone.txt"));
    expect(() => readPackageDir(pkg)).toThrow(/gone\.txt: a symbolic link to nothing/);
  });

  it("reads a link that stays inside the package, and does not loop on a folder linked to itself", async () => {
    const manifest = readFileSync(join(pkg, "course.yaml"), "utf8");
    const file = /file:\s*(\S+)/.exec(manifest)?.[1] ?? "";
    const text = readFileSync(join(pkg, file));
    writeFileSync(join(pkg, "original.txt"), text);
    linkFirstArticle(join(pkg, "original.txt"));
    symlinkSync(pkg, join(pkg, "loop"));
    const files = readPackageDir(pkg);
    expect(Buffer.from(files.get(file) ?? []).equals(text)).toBe(true);
    expect([...files.keys()].some((p) => p.startsWith("loop/"))).toBe(false);
    expect(await runContentCli(["validate", pkg])).toBe(0);
  });
});
