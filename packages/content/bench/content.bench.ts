/**
 * `pnpm bench:content`: builds the demo package, then corpora of growing size (up to >= 10 MB)
 * generated from the demo articles' own lines by a seeded shuffle, and prints throughput, peak
 * memory and the cost of the whole build relative to one wink-nlp pass over the same text.
 * Prints figures only; nothing here passes or fails. Each corpus is built three times, interleaved with
 * the NLP pass, after a full GC (run with --expose-gc); BENCH_VERBOSE=1 prints every run's figures.
 */
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { buildCourseBundle } from "../src/build.ts";
import { its, nlp } from "../src/nlp.ts";

const demoDir = new URL("../../../content/deepseek-moment", import.meta.url).pathname;

function readFolder(dir: string): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else files.set(relative(dir, full).split(sep).join("/"), readFileSync(full));
    }
  };
  walk(dir);
  return files;
}

/** mulberry32: a small seeded generator, so every run builds the same corpus. */
function seededRandom(seed: number): () => number {
  let a = seed >>> 0;
  return () => {
    a = (a + 0x6d2b79f5) >>> 0;
    let t = a;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

const encoder = new TextEncoder();
const demo = readFolder(demoDir);
const demoLines = [...demo.entries()]
  .filter(([path]) => path.startsWith("articles/"))
  .flatMap(([, bytes]) => new TextDecoder().decode(bytes).split("\n"))
  .filter((line) => line.trim().length > 0);

/** A package of ~`articleBytes`-sized articles, `totalBytes` in all, made of shuffled real lines (noise included). */
function generateCorpus(totalBytes: number, articleBytes: number, seed: number): Map<string, Uint8Array> {
  const random = seededRandom(seed);
  const files = new Map<string, Uint8Array>();
  const entries: string[] = [];
  let written = 0;
  for (let n = 0; written < totalBytes; n++) {
    const lines: string[] = [];
    let size = 0;
    while (size < articleBytes) {
      const line = demoLines[Math.floor(random() * demoLines.length)] ?? "";
      lines.push(line);
      size += line.length + 1;
    }
    const bytes = encoder.encode(lines.join("\n"));
    const file = `articles/gen-${String(n).padStart(4, "0")}.txt`;
    files.set(file, bytes);
    entries.push(
      `  - file: ${file}\n    title: Generated article ${n}\n    source: seeded shuffle of the demo articles\n    date: 2025-02-01`,
    );
    written += bytes.length;
  }
  const manifest = `id: bench\ntitle: Bench corpus\ndescription: Generated.\nlanguage: en\nversion: 1.0.0\nauthors: [bench]\nlicense: CC0-1.0\narticles:\n${entries.join("\n")}\n`;
  files.set("course.yaml", encoder.encode(manifest));
  const concepts = demo.get("concepts.yaml");
  if (concepts) files.set("concepts.yaml", concepts);
  return files;
}

function articleTexts(files: Map<string, Uint8Array>): string[] {
  return [...files.entries()]
    .filter(([p]) => p.startsWith("articles/"))
    .map(([, b]) => new TextDecoder().decode(b));
}

/** A full collection before each timed section (with --expose-gc), so none pays for another's garbage. */
const collect = (globalThis as { gc?: () => void }).gc ?? (() => {});

/** CPU milliseconds (user + system) this process spends in `run`: steadier than wall time on a shared machine. */
function cpuMs(run: () => void): { cpu: number; wall: number } {
  collect();
  const cpuBefore = process.cpuUsage();
  const wallBefore = performance.now();
  run();
  const used = process.cpuUsage(cpuBefore);
  return { cpu: (used.user + used.system) / 1000, wall: performance.now() - wallBefore };
}

/** One wink-nlp pass: read each article and pull tokens, POS tags, entities and sentences once. */
function nlpPass(texts: string[]): { cpu: number; wall: number } {
  return cpuMs(() => {
    for (const text of texts) {
      const doc = nlp.readDoc(text);
      doc.tokens().out(its.pos);
      doc.entities().out(its.detail);
      doc.sentences().out();
    }
  });
}

let peakHeap = 0;
const sampleHeap = () => {
  peakHeap = Math.max(peakHeap, process.memoryUsage().heapUsed);
};

const median = (values: number[]) => [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] ?? 0;

/**
 * Builds the package and runs the NLP pass `runs` times, interleaved so both see the same heap and
 * machine state, and reports medians: the build leaves a large heap behind, and a single NLP pass
 * timed right after it pays for that garbage.
 */
function measure(label: string, files: Map<string, Uint8Array>, runs = 1) {
  const texts = articleTexts(files);
  const megabytes = texts.reduce((n, t) => n + encoder.encode(t).length, 0) / 1048576;
  let passages = 0;
  const builds: Array<{ cpu: number; wall: number }> = [];
  const passes: Array<{ cpu: number; wall: number }> = [];
  for (let run = 0; run < runs; run++) {
    builds.push(
      cpuMs(() => {
        passages = buildCourseBundle(files, { onProgress: sampleHeap }).passages.length;
      }),
    );
    passes.push(nlpPass(texts));
    if (process.env.BENCH_VERBOSE)
      console.log(
        `  run ${run + 1}: build ${builds.at(-1)?.cpu.toFixed(0)} ms cpu, nlp ${passes.at(-1)?.cpu.toFixed(0)} ms cpu`,
      );
    sampleHeap();
  }
  const build = { cpu: median(builds.map((b) => b.cpu)), wall: median(builds.map((b) => b.wall)) };
  const nlp = { cpu: median(passes.map((p) => p.cpu)), wall: median(passes.map((p) => p.wall)) };
  const buildMs = build.wall;
  console.log(
    [
      label.padEnd(14),
      `${megabytes.toFixed(2).padStart(6)} MB`,
      `${String(texts.length).padStart(4)} articles`,
      `${(buildMs / 1000).toFixed(2).padStart(6)} s`,
      `${(texts.length / (buildMs / 1000)).toFixed(1).padStart(7)} articles/s`,
      `${(megabytes / (buildMs / 1000)).toFixed(2).padStart(5)} MB/s`,
      `nlp pass ${(nlp.wall / 1000).toFixed(2)} s`,
      `build/nlp ${(build.cpu / nlp.cpu).toFixed(2)}x cpu, ${(build.wall / nlp.wall).toFixed(2)}x wall`,
      `${passages} passages`,
      runs > 1 ? `(median of ${runs})` : "",
    ].join("  "),
  );
  return { megabytes, buildMs };
}

console.log(`content bench (node ${process.version})`);
measure("demo (cold)", demo);
measure("demo (warm)", demo);
// BENCH_SIZES=2.5,5 (megabytes) overrides the corpus sizes.
const sizes = (process.env.BENCH_SIZES ?? "2.5,5,10.5").split(",").map(Number);
const runs = sizes.map((mb, i) =>
  measure(`corpus ${mb} MB`, generateCorpus(mb * 1048576, 48 * 1024, 42 + i), 3),
);
const perMb = runs.map((r) => r.buildMs / r.megabytes);
console.log(
  `time per MB at each size: ${perMb.map((ms) => `${(ms / 1000).toFixed(2)} s`).join(", ")} (flat = linear growth)`,
);
console.log(
  `peak memory: heap ${(peakHeap / 1048576).toFixed(0)} MB, max RSS ${(process.resourceUsage().maxRSS / 1024).toFixed(0)} MB`,
);
