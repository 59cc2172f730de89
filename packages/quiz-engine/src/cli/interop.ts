import { mkdir, readdir, readFile, stat, writeFile } from "node:fs/promises";
import { basename, dirname, join, relative, sep } from "node:path";
import { z } from "zod";
import { type CourseBundle, CourseBundleSchema } from "../course.ts";
import { QuizEngineError } from "../errors.ts";
import { generateQuestions } from "../generate.ts";
import { exportAnki } from "../interop/anki.ts";
import { exportGift, type GiftProblem, importGift, NEEDS_SOURCE } from "../interop/gift.ts";
import { exportQti } from "../interop/qti.ts";
import { exportQti12, importQti } from "../interop/qti12.ts";
import type { Question } from "../schemas.ts";
import { parseQuestion } from "../student-view.ts";

/**
 * `pnpm groundwork import|export ...`: GIFT in; GIFT, QTI 3.0 and Anki out. A thin shell around the
 * pure interop functions, and the only interop code that touches the file system.
 */

const usage = `usage:
  import gift <file.gift> [--bundle <bundle.json>] [--out <questions.json>]
  import qti <folder | file.xml> [--bundle <bundle.json>] [--out <questions.json>]   (QTI 1.2 or 2.1)
  export gift <bundle.json | questions.json> --out <file.gift> [--seed <n>]
  export qti|qti12 <bundle.json | questions.json> --out <folder> [--bundle <bundle.json>] [--seed <n>]
  export anki <bundle.json> --out <deck.txt> [--no-facts]`;

class UsageError extends Error {}

function readFlag(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  if (index < 0) return undefined;
  const value = args[index + 1];
  if (value === undefined || value.startsWith("--")) throw new UsageError(`${name} needs a value`);
  args.splice(index, 2);
  return value;
}

function readSwitch(args: string[], name: string): boolean {
  const index = args.indexOf(name);
  if (index >= 0) args.splice(index, 1);
  return index >= 0;
}

async function readJson(path: string): Promise<unknown> {
  const text = await readFile(path, "utf8");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new QuizEngineError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}

async function readBundle(path: string): Promise<CourseBundle> {
  const parsed = CourseBundleSchema.safeParse(await readJson(path));
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new QuizEngineError(`${path} is not a course bundle: ${issues.join("; ")}`);
  }
  return parsed.data;
}

const QuestionFileSchema = z.union([z.array(z.unknown()), z.object({ questions: z.array(z.unknown()) })]);

function printProblems(file: string, problems: GiftProblem[]) {
  for (const p of problems)
    process.stderr.write(`${file}:${p.line}:${p.column}: ${p.severity}: ${p.message}\n`);
}

/** A bundle gives its generated bank plus its authors' GIFT files; a questions file gives itself. */
async function readBank(
  path: string,
  seed: number,
): Promise<{ questions: Question[]; bundle: CourseBundle | null; errors: number }> {
  const json = await readJson(path);
  const bundle = CourseBundleSchema.safeParse(json);
  if (bundle.success) {
    const { questions } = generateQuestions(bundle.data, { seed });
    let errors = 0;
    for (const file of bundle.data.questionFiles) {
      if (file.format !== "gift" && !file.file.endsWith(".gift")) continue;
      const imported = importGift(file.text, { bundle: bundle.data });
      printProblems(file.file, imported.problems);
      errors += imported.problems.filter((p) => p.severity === "error").length;
      questions.push(...imported.questions);
    }
    return { questions, bundle: bundle.data, errors };
  }
  const file = QuestionFileSchema.safeParse(json);
  if (!file.success) {
    throw new QuizEngineError(
      `${path} is neither a course bundle nor a questions file ([...] or {questions: [...]})`,
    );
  }
  const list = Array.isArray(file.data) ? file.data : file.data.questions;
  return { questions: list.map((q) => parseQuestion(q)), bundle: null, errors: 0 };
}

function readSeed(args: string[]): number {
  const text = readFlag(args, "--seed");
  if (text === undefined) return 1;
  if (!/^-?\d+$/.test(text)) throw new UsageError(`--seed must be an integer, got "${text}"`);
  return Number(text);
}

async function runImport(args: string[]): Promise<number> {
  const bundlePath = readFlag(args, "--bundle");
  const out = readFlag(args, "--out");
  const [format, file, ...extra] = args;
  if ((format !== "gift" && format !== "qti") || !file || extra.length > 0)
    throw new UsageError("import needs gift <file> or qti <folder | file>");
  const bundle = bundlePath ? await readBundle(bundlePath) : undefined;
  if (format === "qti") return runQtiImport(file, bundle, out);
  const result = importGift(await readFile(file, "utf8"), bundle ? { bundle } : {});
  printProblems(file, result.problems);
  for (const d of result.drafts.filter((draft) => draft.needsSource)) {
    const proposed = d.proposals.map((p) => `${p.passageId} (${p.score})`).join(", ");
    process.stderr.write(
      `${file}:${d.line}:${d.column}: draft: ${NEEDS_SOURCE}${proposed ? `; proposed: ${proposed}` : ""}\n`,
    );
  }
  const json = `${JSON.stringify(result, null, 2)}\n`;
  if (out) {
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, json);
    process.stdout.write(
      `${JSON.stringify({ out, questions: result.questions.length, drafts: result.drafts.length, needsSource: result.drafts.filter((d) => d.needsSource).length, skipped: result.skipped.length, problems: result.problems.length })}\n`,
    );
  } else {
    process.stdout.write(json);
  }
  return result.problems.some((p) => p.severity === "error") ? 1 : 0;
}

/** Reads every XML file of a package folder (or one XML file) and prints the per-item report. */
async function runQtiImport(path: string, bundle: CourseBundle | undefined, out: string | undefined) {
  const files = new Map<string, string>();
  if ((await stat(path)).isDirectory()) {
    for (const entry of await readdir(path, { recursive: true, withFileTypes: true })) {
      if (!entry.isFile() || entry.isSymbolicLink() || !/\.(xml|qti)$/i.test(entry.name)) continue;
      const full = join(entry.parentPath, entry.name);
      files.set(relative(path, full).split(sep).join("/"), await readFile(full, "utf8"));
    }
  } else files.set(basename(path), await readFile(path, "utf8"));
  const result = importQti(files, bundle ? { bundle } : {});
  for (const item of result.items)
    process.stderr.write(
      `${item.file}: item ${item.ident} “${item.title ?? ""}”: ${item.status}${item.reason ? `: ${item.reason}` : ""}\n`,
    );
  const json = `${JSON.stringify(result, null, 2)}\n`;
  if (out) {
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, json);
  } else process.stdout.write(json);
  return 0;
}

async function runExport(args: string[]): Promise<number> {
  const out = readFlag(args, "--out");
  const bundlePath = readFlag(args, "--bundle");
  const seed = readSeed(args);
  const noFacts = readSwitch(args, "--no-facts");
  const [format, input, ...extra] = args;
  if (!format || !input || !out || extra.length > 0)
    throw new UsageError("export needs <format> <input> --out <path>");
  if (format === "anki") {
    const { text, cards } = exportAnki(await readBundle(input), { includeFacts: !noFacts });
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, text);
    process.stdout.write(`${JSON.stringify({ out, cards: cards.length })}\n`);
    return 0;
  }
  if (format !== "gift" && format !== "qti" && format !== "qti12")
    throw new UsageError(`unknown export format "${format}"`);
  const bank = await readBank(input, seed);
  const bundle = bundlePath ? await readBundle(bundlePath) : bank.bundle;
  if (format === "gift") {
    const { text, skipped } = exportGift(bank.questions);
    for (const s of skipped) process.stderr.write(`skipped ${s.questionId}: ${s.reason}\n`);
    await mkdir(dirname(out), { recursive: true });
    await writeFile(out, text);
    process.stdout.write(
      `${JSON.stringify({ out, questions: bank.questions.length - skipped.length, skipped: skipped.length })}\n`,
    );
    return bank.errors > 0 ? 1 : 0;
  }
  if (out.endsWith(".zip")) {
    throw new UsageError(
      "quiz-engine writes QTI as a folder (no zip library here); zip the folder, or use the API download",
    );
  }
  const { files, skipped } =
    format === "qti12"
      ? exportQti12(bank.questions, bundle ? { bundle } : {})
      : exportQti(bank.questions, bundle ? { bundle } : {});
  for (const s of skipped) process.stderr.write(`skipped ${s.questionId}: ${s.reason}\n`);
  for (const [path, text] of files) {
    await mkdir(dirname(join(out, path)), { recursive: true });
    await writeFile(join(out, path), text);
  }
  process.stdout.write(`${JSON.stringify({ out, files: files.size, skipped: skipped.length })}\n`);
  return bank.errors > 0 ? 1 : 0;
}

/**
 * Runs `import ...` or `export ...`; returns the exit code (0 ok, 1 bad input or import errors,
 * 2 bad usage). Import errors still write the valid questions.
 *
 * @example
 * await runInteropCli("export", ["qti", "bundle.json", "--out", "qti-package"]); // 0
 */
export async function runInteropCli(command: "import" | "export", argv: string[]): Promise<number> {
  try {
    return command === "import" ? await runImport([...argv]) : await runExport([...argv]);
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n${usage}\n`);
      return 2;
    }
    if (error instanceof QuizEngineError || (error as NodeJS.ErrnoException).code === "ENOENT") {
      process.stderr.write(`${command}: ${(error as Error).message}\n`);
      return 1;
    }
    throw error;
  }
}
