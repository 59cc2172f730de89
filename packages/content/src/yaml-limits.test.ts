import { describe, expect, it } from "vitest";
import { validateContentPackage } from "./validate.ts";

const encode = (text: string) => new TextEncoder().encode(text);

/** "Billion laughs": nine levels of nine aliases each, 9^9 strings once expanded, in under 1 KB. */
function billionLaughs(key: string): string {
  const lines = [`${key}: &l0 ["lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol", "lol"]`];
  for (let level = 1; level <= 9; level++) {
    lines.push(`l${level}: &l${level} [${Array.from({ length: 9 }, () => `*l${level - 1}`).join(", ")}]`);
  }
  return `${lines.join("\n")}\n`;
}

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

describe("YAML alias bombs", () => {
  it("reports a billion-laughs course.yaml as a problem of that file instead of expanding it", () => {
    const files = new Map([
      ["course.yaml", encode(billionLaughs("title"))],
      ["articles/one.txt", encode("A short article about chips.\n")],
    ]);
    expect(validateContentPackage(files)).toEqual([
      { path: "course.yaml", message: expect.stringMatching(/aliases .* expand too far/) },
    ]);
  });

  it("reports one in concepts.yaml the same way, and still reads the rest of the package", () => {
    const files = new Map([
      ["course.yaml", encode(manifest)],
      ["articles/one.txt", encode("A short article about chips.\n")],
      ["concepts.yaml", encode(billionLaughs("concepts"))],
    ]);
    const problems = validateContentPackage(files);
    expect(problems.map((p) => p.path)).toEqual(["concepts.yaml"]);
    expect(problems[0]?.message).toMatch(/write the values out/);
  });

  it("still accepts the few aliases a real manifest may use", () => {
    const withAliases = manifest
      .replace("title: Tiny course", "title: &name Tiny course")
      .replace("description: One article.", "description: *name");
    const problems = validateContentPackage(
      new Map([
        ["course.yaml", encode(withAliases)],
        ["articles/one.txt", encode("A short article about chips.\n")],
      ]),
    );
    expect(problems).toEqual([]);
  });
});
