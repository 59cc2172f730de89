/**
 * `pnpm bench:quiz`: generation and grading throughput on the demo course, against a naive
 * exact-match grader, and the quality figures of the generated bank.
 */
import { readdir, readFile } from "node:fs/promises";
import { fileURLToPath } from "node:url";
import { buildCourseBundle, lexicon as englishLexicon } from "@groundwork/content";
import { checkGrounding, lintQuestion, measureBankQuality } from "../src/gates.ts";
import { generateQuestions } from "../src/generate.ts";
import { gradeResponse } from "../src/grade.ts";
import { answerTexts } from "../src/quality.ts";
import type { Question, QuestionType } from "../src/schemas.ts";
import { normalizeAnswer } from "../src/text.ts";
import { createFlawContext, FLAWS, findFlaws } from "./flaws.ts";

const DEMO = fileURLToPath(new URL("../../../content/deepseek-moment/", import.meta.url));
const EVAL = fileURLToPath(new URL("../../../tests/fixtures/eval-articles/", import.meta.url));

async function readPackage(root: string): Promise<Map<string, Uint8Array>> {
  const files = new Map<string, Uint8Array>();
  for (const entry of await readdir(root, { recursive: true, withFileTypes: true })) {
    if (!entry.isFile()) continue;
    const path = `${entry.parentPath}/${entry.name}`;
    files.set(path.slice(root.length).replace(/^\/+/, ""), await readFile(path));
  }
  return files;
}

/** Runs `fn` repeatedly for about `ms` milliseconds; returns calls per second. */
function measure(fn: (i: number) => void, ms = 400): number {
  for (let i = 0; i < 200; i++) fn(i);
  let calls = 0;
  const start = performance.now();
  let elapsed = 0;
  while (elapsed < ms) {
    for (let i = 0; i < 500; i++) fn(calls + i);
    calls += 500;
    elapsed = performance.now() - start;
  }
  return (calls / elapsed) * 1000;
}

/** Right and wrong responses a class might send, per question. */
function responsesFor(q: Question): unknown[] {
  switch (q.type) {
    case "single_choice":
      return q.options.map((o) => o.id);
    case "multiple_choice":
      return [q.key, q.options.map((o) => o.id), q.options.slice(0, 1).map((o) => o.id), []];
    case "true_false":
      return [true, false];
    case "cloze":
    case "short_answer": {
      const key = q.key.accepted[0] ?? "";
      return [
        key,
        key.toUpperCase(),
        `the ${key}`,
        `${key.slice(0, -1)}x`,
        ...(q.rejected ?? []).slice(0, 2),
        "no idea",
      ];
    }
    case "numeric":
      return [
        String(q.key.value),
        `${q.key.value / 1e6} million`,
        q.key.value * 1.5,
        "about twenty",
        "$5,576,000",
      ];
    case "ordering":
      return [q.key, [...q.key].reverse()];
    case "matching":
      return [q.key, {}];
  }
}

/**
 * The same typed answer with punctuation that spells out `i` in binary: graded identically, but never
 * a string the engine has normalised before, so no cache flatters the figure.
 */
function makeUnique(response: string, i: number): string {
  return `${response} ${i.toString(2).replace(/0/g, ".").replace(/1/g, "!")}`;
}

/** The grader many tools ship: exact string equality with the key. */
function gradeNaively(q: Question, response: unknown): number {
  switch (q.type) {
    case "cloze":
    case "short_answer":
      return q.key.accepted[0] === response ? 1 : 0;
    case "numeric":
      return String(q.key.value) === String(response) ? 1 : 0;
    case "single_choice":
    case "true_false":
      return q.key === response ? 1 : 0;
    default:
      return JSON.stringify(q.key) === JSON.stringify(response) ? 1 : 0;
  }
}

const pct = (x: number) => `${(x * 100).toFixed(1)}%`;
const rate = (x: number) => Math.round(x).toLocaleString("en-US").padStart(11);

const bundle = buildCourseBundle(await readPackage(DEMO));
const lexiconStart = performance.now();
const lexicon = englishLexicon();
lexicon.isWord("warm");
const lexiconMs = performance.now() - lexiconStart;

// Generation throughput.
let generated = 0;
const runs = 5;
const genStart = performance.now();
for (let seed = 1; seed <= runs; seed++) generated += generateQuestions(bundle, { seed }).questions.length;
const genSeconds = (performance.now() - genStart) / 1000;
const { questions, report } = generateQuestions(bundle, { seed: 1 });

console.log(`Groundwork quiz bench — course "${bundle.course.id}", ${bundle.articles.length} articles\n`);
console.log("Generation");
console.log(
  `  ${questions.length} questions per run, ${(generated / genSeconds).toFixed(0)} questions/s (${((genSeconds / runs) * 1000).toFixed(0)} ms per run)`,
);
console.log(`  by type: ${JSON.stringify(report.countsByType)}`);
console.log(`  spelling dictionary loaded once in ${lexiconMs.toFixed(0)} ms (outside the timed runs)`);

// Grading throughput per type against the naive baseline.
console.log("\nGrading (one core)                  engine/s    naive exact/s   target");
const targets: Partial<Record<QuestionType, number>> = {
  single_choice: 100_000,
  multiple_choice: 100_000,
  true_false: 100_000,
  short_answer: 20_000,
  cloze: 20_000,
};
const failures: string[] = [];
for (const type of [
  "single_choice",
  "multiple_choice",
  "true_false",
  "cloze",
  "short_answer",
  "numeric",
  "ordering",
  "matching",
] as const) {
  const items = questions.filter((q) => q.type === type);
  if (items.length === 0) continue;
  const cases = items.flatMap((q) => responsesFor(q).map((r) => [q, r] as const));
  // What the API does for every grade: the question comes from storage as JSON text, a fresh object
  // each time (gradeResponse checks it), so nothing remembered about one object is ever reused.
  const stored = cases.map(([q]) => JSON.stringify(q));
  const engine = measure((i) => {
    const [q, r] = cases[i % cases.length] as (typeof cases)[number];
    gradeResponse(
      JSON.parse(stored[i % cases.length] ?? "null"),
      typeof r === "string" && (q.type === "cloze" || q.type === "short_answer" || q.type === "numeric")
        ? makeUnique(r, i)
        : r,
    );
  });
  const naive = measure((i) => {
    const [q, r] = cases[i % cases.length] as (typeof cases)[number];
    gradeNaively(q, r);
  });
  const target = targets[type];
  const verdict =
    target === undefined
      ? ""
      : engine >= target
        ? `>= ${target.toLocaleString("en-US")} ok`
        : `< ${target.toLocaleString("en-US")} MISSED`;
  if (target !== undefined && engine < target) failures.push(`${type} grading`);
  console.log(
    `  ${type.padEnd(16)} (${String(items.length).padStart(3)} items) ${rate(engine)}    ${rate(naive)}   ${verdict}`,
  );
}

// Quality: the gates over every candidate the generator made, and test-wise strategies.
const dropped = new Map<string, Set<string>>();
for (const d of report.dropped)
  dropped.set(d.candidate.id, (dropped.get(d.candidate.id) ?? new Set()).add(d.gate));
const candidates = questions.length + dropped.size;
const ungrounded = [...dropped.values()].filter((gates) => gates.has("grounding")).length;
const linted = [...dropped.values()].filter((gates) => gates.has("lint")).length;
const bankGrounded = questions.filter((q) => checkGrounding(q, bundle).length === 0).length;
const bankLinted = questions.filter((q) => lintQuestion(q).length === 0).length;
console.log("\nQuality");
console.log(
  `  candidates grounded:        ${pct((candidates - ungrounded) / candidates)} of ${candidates} (the rest dropped with a reason)`,
);
console.log(`  candidates passing lint:    ${pct((candidates - linted) / candidates)}`);
console.log(
  `  bank grounded / lint-clean: ${pct(bankGrounded / questions.length)} / ${pct(bankLinted / questions.length)} of ${questions.length}`,
);
const quality = measureBankQuality(questions);
console.log(
  `  test-wise strategies on ${quality.choiceItems} choice items (chance ${pct(quality.chance)}, limit ${pct(quality.chance + 0.1)}):`,
);
for (const [name, score] of Object.entries(quality.strategies)) {
  const ok = score <= quality.chance + 0.1;
  if (!ok) failures.push(`strategy ${name}`);
  console.log(`    ${name.padEnd(13)} ${pct(score).padStart(6)}  ${ok ? "ok" : "ABOVE LIMIT"}`);
}
console.log(
  `  key is the longest option:  ${pct(quality.keyLongestShare)} (chance ${pct(quality.keyLongestChance)})`,
);
const oneWay = Math.max(quality.trueShare, 1 - quality.trueShare);
console.log(
  `  true/false, always one way: ${pct(oneWay)} of ${quality.trueFalseItems} items (chance 50.0%, limit 60.0%)`,
);
for (const flag of quality.flags) failures.push(flag);

// Item flaws a teacher would reject, by the benchmark's own detectors (bench/flaws.ts), in the
// default quiz sets and in the whole bank, for several seeds and the first retry: on the demo course
// and on the evaluation articles (built as a package without concept cards).
function reportFlaws(name: string, course: typeof bundle): void {
  const flawContext = createFlawContext(course, lexicon);
  const banks = [1, 7, 2025].flatMap((seed) =>
    [0, 1].map((variant) => generateQuestions(course, { seed, variant }).questions),
  );
  const all = banks.flat();
  const sets = all.filter((q) => q.inQuizSet);
  const flawsOf = new Map(all.map((q) => [q, findFlaws(q, flawContext)]));
  const share = (items: readonly Question[], test: (q: Question) => boolean) =>
    items.length === 0 ? 0 : items.filter(test).length / items.length;
  console.log(
    `\nItem flaws, ${name} (${banks.length} banks: seeds 1, 7, 2025, variants 0 and 1)   default sets (${sets.length})   whole bank (${all.length})`,
  );
  for (const flaw of FLAWS) {
    const inSets = share(sets, (q) => flawsOf.get(q)?.includes(flaw) ?? false);
    const inBank = share(all, (q) => flawsOf.get(q)?.includes(flaw) ?? false);
    console.log(`  ${flaw.padEnd(42)} ${pct(inSets).padStart(7)}        ${pct(inBank).padStart(7)}`);
  }
  const flawedSets = share(sets, (q) => (flawsOf.get(q)?.length ?? 0) > 0);
  const flawedBank = share(all, (q) => (flawsOf.get(q)?.length ?? 0) > 0);
  const setsOk = flawedSets <= 0.05;
  const bankOk = flawedBank <= 0.15;
  if (!setsOk) failures.push(`flawed items in the default sets (${name})`);
  if (!bankOk) failures.push(`flawed items in the bank (${name})`);
  console.log(
    `  ${"any flaw".padEnd(42)} ${pct(flawedSets).padStart(7)} ${setsOk ? "ok" : "MISSED"} (≤ 5%)  ${pct(flawedBank).padStart(7)} ${bankOk ? "ok" : "MISSED"} (≤ 15%)`,
  );
  const mix = (items: readonly Question[]) => {
    const counts: Record<string, number> = {};
    for (const q of items) counts[q.type] = (counts[q.type] ?? 0) + 1;
    return Object.entries(counts)
      .sort((a, b) => b[1] - a[1])
      .map(([type, n]) => `${type} ${pct(n / items.length)}`)
      .join(", ");
  };
  console.log(`  type mix, default sets: ${mix(sets)}`);
  console.log(`  type mix, whole bank:   ${mix(all)}`);
  const first = generateQuestions(course, { seed: 1 });
  const setSizes = Object.values(first.report.quizSets).map((ids) => ids.length);
  console.log(`  set size per lesson (seed 1): ${setSizes.join(", ")}`);
  reportSupply(course, first);
  // Retry variety: of the facts a first set asks, how many a retry's set asks again with the same
  // answer (the same text typed or picked, or the same side of a true/false statement), and how many
  // of those in the same type too: the very item again.
  const retry = generateQuestions(course, { seed: 1, variant: 1 });
  const factOf = (q: Question) => `${q.sourceRefs[0]?.articleId}:${q.sourceRefs[0]?.rawStart}`;
  const answerOf = (q: Question) =>
    q.type === "true_false"
      ? String(q.key)
      : answerTexts(q)
          .map((t) => normalizeAnswer(t))
          .join("|");
  const setOf = (questions: readonly Question[]) => questions.filter((q) => q.inQuizSet);
  const a = new Set(setOf(first.questions).map(factOf));
  const b = setOf(retry.questions);
  const again = [...a].filter((k) => b.some((q) => factOf(q) === k));
  const firstAnswers = new Set(setOf(first.questions).map((q) => `${factOf(q)}|${answerOf(q)}`));
  const firstItems = new Set(setOf(first.questions).map((q) => `${factOf(q)}|${answerOf(q)}|${q.type}`));
  const sameAnswer = b.filter((q) => firstAnswers.has(`${factOf(q)}|${answerOf(q)}`)).length;
  const sameItem = b.filter((q) => firstItems.has(`${factOf(q)}|${answerOf(q)}|${q.type}`)).length;
  console.log(
    `  retry (seed 1, variant 1): ${b.length} set items; ${again.length} of the first set's ${a.size} facts asked again; ${sameAnswer} items with an answer the first set asked, ${sameItem} of them in the same type`,
  );
  const setQuality = measureBankQuality(sets);
  console.log(
    `  test-wise strategies on the sets' ${setQuality.choiceItems} choice items (chance ${pct(setQuality.chance)}, limit ${pct(setQuality.chance + 0.1)}):`,
  );
  // A share of a handful of items is noise: below ten choice items the figures are shown, not judged.
  const judged = setQuality.choiceItems >= 10;
  for (const [strategy, score] of Object.entries(setQuality.strategies)) {
    const ok = score <= setQuality.chance + 0.1;
    if (!ok && judged) failures.push(`strategy ${strategy} in the sets (${name})`);
    const verdict = !judged ? "too few items to judge" : ok ? "ok" : "ABOVE LIMIT";
    console.log(`    ${strategy.padEnd(13)} ${pct(score).padStart(6)}  ${verdict}`);
  }
  const setOneWay = Math.max(setQuality.trueShare, 1 - setQuality.trueShare);
  console.log(
    `  true/false in the sets, always one way: ${pct(setOneWay)} of ${setQuality.trueFalseItems} items`,
  );
  if (process.argv.includes("--list-flaws")) {
    for (const q of process.argv.includes("--bank") ? all : sets) {
      const f = flawsOf.get(q) ?? [];
      if (f.length) console.log(`  [${f.join(", ")}] ${q.stem.slice(0, 140)}`);
    }
  }
}
/**
 * Where the fit sentences go (seed 1): per lesson, the sentences content found fit and asserted (the
 * only ones a question may state as true), and how many of them some bank item or some set item
 * cites; then, per generator, its items in the bank and the set and what the gates dropped.
 */
function reportSupply(course: typeof bundle, result: ReturnType<typeof generateQuestions>): void {
  const cites = (q: Question, s: (typeof course.sentences)[number]) =>
    q.sourceRefs.some((r) => r.articleId === s.articleId && r.rawStart <= s.rawStart && r.rawEnd >= s.rawEnd);
  const row = course.lessons.map((lesson) => {
    const passages = new Set(lesson.passageIds);
    const fit = course.sentences.filter(
      (s) => passages.has(s.passageId) && s.isFit && s.stance.kind === "asserted",
    );
    const inBank = fit.filter((s) => result.questions.some((q) => cites(q, s))).length;
    const inSet = fit.filter((s) => result.questions.some((q) => q.inQuizSet && cites(q, s))).length;
    return `${inSet}/${inBank}/${fit.length}`;
  });
  console.log(`  fit asserted sentences per lesson, cited by set/bank/all: ${row.join(", ")}`);
  const byGenerator = new Map<string, { bank: number; set: number; dropped: Map<string, number> }>();
  const entry = (g: string) => {
    const e = byGenerator.get(g) ?? { bank: 0, set: 0, dropped: new Map<string, number>() };
    byGenerator.set(g, e);
    return e;
  };
  for (const q of result.questions) {
    const e = entry(q.generator);
    e.bank++;
    if (q.inQuizSet) e.set++;
  }
  for (const d of result.report.dropped) {
    const e = entry(d.candidate.generator);
    const key = d.flaw ?? d.gate;
    e.dropped.set(key, (e.dropped.get(key) ?? 0) + 1);
  }
  const family = new Map<string, { bank: number; set: number; dropped: Map<string, number> }>();
  for (const [g, e] of byGenerator) {
    const name = g.split(".").slice(0, 2).join(".");
    const f = family.get(name) ?? { bank: 0, set: 0, dropped: new Map<string, number>() };
    f.bank += e.bank;
    f.set += e.set;
    for (const [k, n] of e.dropped) f.dropped.set(k, (f.dropped.get(k) ?? 0) + n);
    family.set(name, f);
  }
  console.log("  by generator (seed 1): set/bank, dropped by reason");
  for (const [name, f] of [...family].sort((a, b) => b[1].bank - a[1].bank)) {
    const drops = [...f.dropped].sort((a, b) => b[1] - a[1]).map(([k, n]) => `${k} ${n}`);
    console.log(`    ${name.padEnd(22)} ${`${f.set}/${f.bank}`.padStart(6)}  ${drops.join(", ") || "-"}`);
  }
}

reportFlaws("demo course", bundle);
reportFlaws("evaluation articles", buildCourseBundle(await readPackage(EVAL)));
if (failures.length > 0) {
  console.log(`\nMissed: ${failures.join(", ")}`);
  process.exitCode = 1;
}
