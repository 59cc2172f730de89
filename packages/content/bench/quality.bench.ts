/**
 * `pnpm bench:quality`: builds the evaluation set (tests/fixtures/eval-articles: real articles, no
 * concept cards) and the demo package without its cards, and prints per article the share of fit
 * sentences, the repairs by kind, the concepts found (starred where the text defines them), and how
 * many summary and gloss lines carry a flag; a digest of each bundle (equal digests: the same output);
 * then the build's CPU time against one wink-nlp pass over the same articles, both warm (on Linux
 * also the main thread's CPU time alone, without V8's background compiles and collection). Prints
 * figures only; the targets (>= 3 concepts per article of 300+ words, no flagged summary or gloss line,
 * build within 4x one NLP pass) are read off the output.
 */
import { createHash } from "node:crypto";
import { readdirSync, readFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { buildCourseBundle } from "../src/build.ts";
import type { CourseBundle } from "../src/bundle.ts";
import { lexicon } from "../src/lexicon.ts";
import { its, nlp } from "../src/nlp.ts";
import { countWords } from "../src/words.ts";

const root = new URL("../../../", import.meta.url).pathname;

function readFolder(dir: string): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const walk = (folder: string) => {
    for (const entry of readdirSync(folder, { withFileTypes: true })) {
      const full = join(folder, entry.name);
      if (entry.isDirectory()) walk(full);
      else if (!entry.name.endsWith(".md"))
        files.set(relative(dir, full).split(sep).join("/"), readFileSync(full));
    }
  };
  walk(dir);
  return files;
}

function withoutCards(files: Map<string, Uint8Array>): Map<string, Uint8Array> {
  const copy = new Map(files);
  copy.delete("concepts.yaml");
  const manifest = new TextDecoder().decode(copy.get("course.yaml"));
  copy.set("course.yaml", new TextEncoder().encode(manifest.replace(/^concepts:.*\n/m, "")));
  return copy;
}

/**
 * The main thread's CPU time in ms, from Linux's schedstat (nanoseconds); undefined elsewhere.
 * process.cpuUsage also counts V8's background threads: the timed rounds are still compiling the
 * build's code, and compile jobs the build queues run on into the NLP pass timed after it.
 */
const mainThreadMs = (): number | undefined => {
  try {
    return Number(readFileSync(`/proc/self/task/${process.pid}/schedstat`, "utf8").split(" ")[0]) / 1e6;
  } catch {
    return undefined;
  }
};

/** Process CPU time of `run` in ms, and the main thread's alone where it can be read. */
const cpuMs = (run: () => void): { process: number; mainThread: number | undefined } => {
  const before = process.cpuUsage();
  const mainBefore = mainThreadMs();
  run();
  const mainAfter = mainThreadMs();
  const used = process.cpuUsage(before);
  return {
    process: (used.user + used.system) / 1000,
    mainThread: mainBefore === undefined || mainAfter === undefined ? undefined : mainAfter - mainBefore,
  };
};

function report(label: string, bundle: CourseBundle) {
  console.log(`\n${label}`);
  console.log(
    ["article".padEnd(40), "words", "fit", "concepts", "flagged summary", "flagged gloss", "repairs"].join(
      "  ",
    ),
  );
  const flaggedSentence = new Set(bundle.sentences.filter((s) => !s.isFit).map((s) => s.text));
  let short = 0;
  for (const article of bundle.articles) {
    const words = countWords(article.normalizedText);
    const sentences = bundle.sentences.filter((s) => s.articleId === article.id);
    const fit = sentences.filter((s) => s.isFit).length;
    const passages = new Set(bundle.passages.filter((p) => p.articleId === article.id).map((p) => p.id));
    const concepts = bundle.concepts.filter((c) => c.passageIds.some((id) => passages.has(id)));
    const lessons = bundle.lessons.filter((l) => l.articleId === article.id);
    const summaryLines = lessons.flatMap((l) => l.summary);
    const glossLines = lessons.flatMap((l) => l.keyTerms).filter((k) => k.ref);
    const flaggedSummary = summaryLines.filter((s) => flaggedSentence.has(s.text)).length;
    const flaggedGloss = glossLines.filter((k) => flaggedSentence.has(k.gloss)).length;
    const counts = bundle.reports.find((r) => r.articleId === article.id)?.counts ?? {};
    const repairs = Object.entries(counts)
      .map(([kind, n]) => `${kind} ${n}`)
      .join(", ");
    if (words >= 300 && concepts.length < 3) short++;
    console.log(
      [
        article.id.slice(0, 40).padEnd(40),
        String(words).padStart(5),
        `${Math.round((100 * fit) / Math.max(1, sentences.length))}%`.padStart(4),
        String(concepts.length).padStart(8),
        `${flaggedSummary}/${summaryLines.length}`.padStart(15),
        `${flaggedGloss}/${glossLines.length}`.padStart(13),
        repairs,
      ].join("  "),
    );
    // "*": the text defines it (the concept has a cited definition of its own).
    const named = concepts.map((c) => `${c.name}${c.definitionSource === "text" ? "*" : ""}`);
    console.log(`${"".padEnd(42)}concepts: ${named.join("; ") || "-"}`);
  }
  const defined = bundle.concepts.filter((c) => c.definitionSource === "text").length;
  console.log(`articles of 300+ words with fewer than 3 concepts: ${short}`);
  console.log(`concepts: ${bundle.concepts.length}, defined by the text (*): ${defined}`);
}

/** A digest of the bundle, so that a change meant to leave the output alone can be seen to. */
const digest = (bundle: CourseBundle) =>
  createHash("sha256").update(JSON.stringify(bundle)).digest("hex").slice(0, 16);

console.log(`content quality bench (node ${process.version})`);
lexicon().isWord("warm"); // the dictionaries load once per process; not part of any build below
const evaluation = readFolder(join(root, "tests/fixtures/eval-articles"));
const demo = withoutCards(readFolder(join(root, "content/deepseek-moment")));
const bundle = buildCourseBundle(evaluation);
report("evaluation set (tests/fixtures/eval-articles)", bundle);
const demoBundle = buildCourseBundle(demo);
report("demo course without concepts.yaml", demoBundle);
console.log(`\nbundle sha256: evaluation ${digest(bundle)}, demo ${digest(demoBundle)}`);

const texts = [...evaluation.entries(), ...demo.entries()]
  .filter(([path]) => path.startsWith("articles/"))
  .map(([, bytes]) => new TextDecoder().decode(bytes));
const nlpPass = () => {
  for (const text of texts) {
    const doc = nlp.readDoc(text);
    doc.tokens().out(its.pos);
    doc.entities().out(its.detail);
    doc.sentences().out();
  }
};
// Both sides warm, and warmed the same way: the two builds above ran the build's code (and wink-nlp
// inside it) once; the pass gets one untimed run of its own. Then the rounds alternate the two. No
// forced collection between them: a full GC before each build made it 1.5-4x slower still.
nlpPass();
const rounds = 5;
const builds: number[] = [];
const passes: number[] = [];
const mainBuilds: number[] = [];
const mainPasses: number[] = [];
for (let run = 0; run < rounds; run++) {
  const build = cpuMs(() => {
    buildCourseBundle(evaluation);
    buildCourseBundle(demo);
  });
  const pass = cpuMs(nlpPass);
  builds.push(build.process);
  passes.push(pass.process);
  if (build.mainThread !== undefined && pass.mainThread !== undefined) {
    mainBuilds.push(build.mainThread);
    mainPasses.push(pass.mainThread);
  }
}
const median = (v: number[]) => [...v].sort((a, b) => a - b)[Math.floor(v.length / 2)] ?? 0;
const build = median(builds);
if (mainBuilds.length === rounds) {
  const mainBuild = median(mainBuilds);
  console.log(
    `\nmain thread only: build ${mainBuild.toFixed(0)} ms cpu, one wink-nlp pass ${median(mainPasses).toFixed(0)} ms cpu: build/nlp ${(mainBuild / median(mainPasses)).toFixed(2)}x (medians of ${rounds})`,
  );
}
console.log(
  `\nbuild ${build.toFixed(0)} ms cpu, one wink-nlp pass ${median(passes).toFixed(0)} ms cpu: build/nlp ${(build / median(passes)).toFixed(2)}x (medians of ${rounds}, both warm)`,
);
