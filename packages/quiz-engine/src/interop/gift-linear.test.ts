import { describe, expect, it } from "vitest";
import { importGift } from "./gift.ts";
import { htmlToPlain, sanitizeHtml } from "./markup.ts";

/**
 * Adversarial inputs of a megabyte or so: the parser must stay linear. Each case is timed against
 * a linear scan of the same input (one pass copying every character with its offset, as the block
 * reader does); quadratic regexes made these cases thousands of times slower than that scan.
 */
const MiB = 1 << 20;

function best(run: () => void): number {
  let fastest = Number.POSITIVE_INFINITY;
  for (let i = 0; i < 3; i++) {
    const start = performance.now();
    run();
    fastest = Math.min(fastest, performance.now() - start);
  }
  return fastest;
}

function linearScan(text: string): number {
  const offsets: number[] = [];
  let copy = "";
  for (let i = 0; i < text.length; i++) {
    copy += text[i];
    offsets.push(i);
  }
  return copy.length + offsets.length;
}

/** Far below the thousands a quadratic scan costs at this size, far above a few linear passes. */
const MAX_RATIO = 40;

const cases: Array<[string, string]> = [
  ["a 256 KiB stem", `${"word ".repeat(256 * 205)}{T}`],
  ["a 1 MiB line of [", `${"[".repeat(MiB)} {T}`],
  ["a 1 MiB title of [", `::${"[".repeat(MiB)}::Q {T}`],
  ["a 1 MiB comment of [", `// ${"[".repeat(MiB)}\nQ {T}`],
  ["a comment of open [id: tokens", `// ${"[id:x".repeat(MiB / 5)}\nQ {T}`],
  ["a comment of open [tag: tokens", `// ${"[tag:x".repeat(MiB / 6)}\nQ {T}`],
  ["a comment of escaped ] in open tokens", `// [tag:${"\\]".repeat(MiB / 2)}\nQ {T}`],
  ["a title of open [source: tokens", `::${"[source:x".repeat(MiB / 9)}::Q {T}`],
  ["a source line of quotes", `// source: p ${'" '.repeat(MiB / 2)}\nQ {T}`],
  ["[html] of 1 MiB of <", `[html]${"<".repeat(MiB)} {T}`],
  ["[html] of unclosed tags", `[html]${"<a".repeat(MiB / 2)} {T}`],
  ["[html] of tags and one > at the end", `[html]${"< ".repeat(MiB / 2)}> {T}`],
  ["[html] of & without ;", `[html]${"&".repeat(MiB)} {T}`],
  ["[html] of spaces", `[html]<p>${" ".repeat(MiB)}x</p> {T}`],
  ["[html] of unclosed scripts", `[html]${"<script>".repeat(MiB / 8)} {T}`],
  ["a 1 MiB answer list", `Q {${"~a ".repeat(MiB / 3)}=b}`],
];

describe("GIFT import stays linear on adversarial input", () => {
  it.each(cases)("%s", (_, text) => {
    const scan = best(() => linearScan(text));
    const parse = best(() => importGift(text));
    const ratio = parse / Math.max(scan, 0.5);
    expect(ratio, `parse ${parse.toFixed(1)} ms vs scan ${scan.toFixed(1)} ms`).toBeLessThan(MAX_RATIO);
  });

  it("the HTML reader alone is linear too", () => {
    for (const html of [
      "<".repeat(MiB),
      "<a".repeat(MiB / 2),
      `${"< ".repeat(MiB / 2)}>`,
      "&#".repeat(MiB / 2),
    ]) {
      const scan = best(() => linearScan(html));
      const read = best(() => {
        htmlToPlain(html);
        sanitizeHtml(html);
      });
      expect(read / Math.max(scan, 0.5)).toBeLessThan(MAX_RATIO);
    }
  });
});
