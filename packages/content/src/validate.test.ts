import { describe, expect, it } from "vitest";
import { demoPackageDir, readFolder } from "../test/helpers.ts";
import { maxArticleBytes, validateContentPackage } from "./validate.ts";

const encode = (text: string) => new TextEncoder().encode(text);

const manifest = `id: tiny
title: Tiny course
description: One article.
language: en
version: 1.0.0
authors: [A. Author]
license: CC-BY-4.0
articles:
  - file: articles/one.txt
    title: One
    source: Somewhere
    date: 2025-01-02
`;

function pkg(overrides: Record<string, Uint8Array | undefined> = {}): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>([
    ["course.yaml", encode(manifest)],
    ["articles/one.txt", encode("A short article about chips.\n")],
  ]);
  for (const [path, bytes] of Object.entries(overrides)) {
    if (bytes) files.set(path, bytes);
    else files.delete(path);
  }
  return files;
}

describe("validateContentPackage", () => {
  it("accepts the demo package and a minimal one", () => {
    expect(validateContentPackage(readFolder(demoPackageDir))).toEqual([]);
    expect(validateContentPackage(pkg())).toEqual([]);
  });

  it("asks for a course.yaml when there is none", () => {
    expect(validateContentPackage(pkg({ "course.yaml": undefined }))).toEqual([
      { path: "course.yaml", message: expect.stringContaining("add a course.yaml") },
    ]);
  });

  it("names unknown manifest fields with their line", () => {
    const problems = validateContentPackage(
      pkg({ "course.yaml": encode(manifest.replace("license:", "licence: x\nlicense:")) }),
    );
    expect(problems).toContainEqual({
      path: "course.yaml",
      line: 7,
      message: 'unknown field "licence": remove it or check its spelling',
    });
    const nested = validateContentPackage(
      pkg({ "course.yaml": encode(manifest.replace("    title: One", "    title: One\n    author: me")) }),
    );
    expect(nested).toEqual([
      {
        path: "course.yaml",
        line: 11,
        message: 'unknown field "author" in articles.0: remove it or check its spelling',
      },
    ]);
  });

  it("names missing and malformed fields", () => {
    const problems = validateContentPackage(
      pkg({ "course.yaml": encode(manifest.replace("title: Tiny course\n", "").replace("1.0.0", "one")) }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({ message: 'missing required field "title": add it' }),
    );
    expect(problems).toContainEqual(
      expect.objectContaining({ line: 4, message: expect.stringContaining("semantic version") }),
    );
  });

  it("reports YAML syntax errors with their line", () => {
    const problems = validateContentPackage(pkg({ "course.yaml": encode("id: x\ntitle: [unclosed\n") }));
    expect(problems[0]).toMatchObject({
      path: "course.yaml",
      message: expect.stringContaining("YAML syntax error"),
    });
    expect(problems[0]?.line).toBeGreaterThanOrEqual(2);
  });

  it("reports a missing article file at its manifest line", () => {
    expect(validateContentPackage(pkg({ "articles/one.txt": undefined }))).toEqual([
      {
        path: "course.yaml",
        line: 9,
        message: 'article file "articles/one.txt" not found in the package: add it or fix the path',
      },
    ]);
  });

  it("rejects empty, binary, mis-encoded and oversized articles", () => {
    expect(validateContentPackage(pkg({ "articles/one.txt": encode(" \n\n") }))).toEqual([
      { path: "articles/one.txt", message: "article is empty: add its text or remove it from course.yaml" },
    ]);
    expect(
      validateContentPackage(pkg({ "articles/one.txt": Uint8Array.from([0x89, 0x50, 0x4e, 0x47, 0, 0, 1]) })),
    ).toEqual([
      {
        path: "articles/one.txt",
        message: "file is binary, not text: export it as UTF-8 plain text or Markdown",
      },
    ]);
    expect(
      validateContentPackage(pkg({ "articles/one.txt": encode("Advertisements\n\nLeave a Reply\n") })),
    ).toEqual([
      { path: "articles/one.txt", line: 1, message: expect.stringContaining("only web-page boilerplate") },
    ]);
    const utf16 = Uint8Array.from([0xff, 0xfe, 0x48, 0, 0x69, 0]);
    expect(validateContentPackage(pkg({ "articles/one.txt": utf16 }))).toEqual([
      { path: "articles/one.txt", line: 1, message: "file is UTF-16 encoded: re-save it as UTF-8" },
    ]);
    const latin1 = Uint8Array.from([...encode("line one\nline two\ncaf"), 0xe9, ...encode(" au lait\n")]);
    expect(validateContentPackage(pkg({ "articles/one.txt": latin1 }))).toEqual([
      {
        path: "articles/one.txt",
        line: 3,
        message: "invalid UTF-8 at byte 21: re-save the file with UTF-8 encoding",
      },
    ]);
    const huge = new Uint8Array(maxArticleBytes + 1).fill(0x61);
    expect(validateContentPackage(pkg({ "articles/one.txt": huge }))).toEqual([
      { path: "articles/one.txt", message: expect.stringMatching(/over the 5 MB limit: split it/) },
    ]);
  });

  it("rejects duplicate articles and paths that leave the package", () => {
    const twice = manifest + manifest.slice(manifest.indexOf("  - file"));
    expect(validateContentPackage(pkg({ "course.yaml": encode(twice) }))).toContainEqual(
      expect.objectContaining({ message: 'article "articles/one.txt" is listed twice: remove one entry' }),
    );
    const outside = manifest.replace("articles/one.txt", "../secret.txt");
    expect(validateContentPackage(pkg({ "course.yaml": encode(outside) }))).toContainEqual(
      expect.objectContaining({ line: 9, message: expect.stringContaining('without ".."') }),
    );
  });

  it("checks concept cards and the glossary", () => {
    const problems = validateContentPackage(
      pkg({
        "concepts.yaml": encode("concepts:\n  - name: Chips\n    alias: [GPU]\n"),
        "glossary.yaml": encode("glossary:\n  - term: GPU\n"),
      }),
    );
    expect(problems).toEqual([
      {
        path: "concepts.yaml",
        line: 3,
        message: 'unknown field "alias" in concepts.0: remove it or check its spelling',
      },
      { path: "glossary.yaml", line: 2, message: 'missing required field "glossary.0.gloss": add it' },
    ]);
  });
});

describe("concept card quotes", () => {
  it("accepts quotes copied from the raw text, noise included, or from the normalised text", () => {
    const cards = (quote: string) =>
      encode(`concepts:\n  - name: Chips\n    definedBy:\n      - ${JSON.stringify(quote)}\n`);
    const article = encode("It was hard to ignoreHaving tried it, I ITS DIRECTION knew.\n");
    expect(
      validateContentPackage(
        pkg({ "articles/one.txt": article, "concepts.yaml": cards("ignoreHaving tried") }),
      ),
    ).toEqual([]);
    expect(
      validateContentPackage(
        pkg({ "articles/one.txt": article, "concepts.yaml": cards("its direction knew") }),
      ),
    ).toEqual([]);
  });

  it("reports a quote no article holds, at its line", () => {
    const cards = encode('concepts:\n  - name: Chips\n    definedBy:\n      - "chips are made of cheese"\n');
    expect(validateContentPackage(pkg({ "concepts.yaml": cards }))).toEqual([
      {
        path: "concepts.yaml",
        line: 4,
        message: 'definedBy quote of "Chips" is not in any article: copy the words exactly from an article',
      },
    ]);
  });
});
