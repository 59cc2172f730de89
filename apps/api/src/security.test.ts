import { readdirSync, readFileSync, statSync } from "node:fs";
import { join, relative } from "node:path";
import { describe, expect, it } from "vitest";
import { findRepoRoot } from "./db/database-url.ts";

const root = findRepoRoot();

function* sourceFiles(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    if (name === "node_modules" || name === "generated" || name.startsWith(".") || name === "dist") continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* sourceFiles(path);
    else if (/\.(ts|tsx|mjs)$/.test(name)) yield path;
  }
}

describe("SQL", () => {
  it("is never built from strings: no unsafe raw queries, raw SQL only as tagged templates or constant statements", () => {
    const offenders: string[] = [];
    for (const dir of ["apps/api/src", "apps/web/src", "packages/content/src", "packages/quiz-engine/src"]) {
      for (const file of sourceFiles(join(root, dir))) {
        const text = readFileSync(file, "utf8");
        const lines = text.split("\n");
        lines.forEach((line, i) => {
          if (
            /\$(queryRawUnsafe|executeRawUnsafe)\b/.test(line) ||
            /\$(queryRaw|executeRaw)\s*\(/.test(line)
          ) {
            if (!file.endsWith("security.test.ts"))
              offenders.push(`${relative(root, file)}:${i + 1}: ${line.trim()}`);
          }
        });
        // better-sqlite3 statements (pinned/hot-path.ts) are constant text: never a variable or a `${}`.
        for (const match of text.matchAll(/\.prepare\s*(?:<[^>()]*>)?\((?:(?=\s*[^\s`"'])|\s*`[^`]*\$\{)/g)) {
          const line = text.slice(0, match.index).split("\n").length;
          offenders.push(`${relative(root, file)}:${line}: statement built from strings`);
        }
      }
    }
    expect(offenders).toEqual([]);
  });
});
