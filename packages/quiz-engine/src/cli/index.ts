import { readFile, writeFile } from "node:fs/promises";
import { z } from "zod";
import { CourseBundleSchema } from "../course.ts";
import { QuizEngineError } from "../errors.ts";
import { generateQuestions } from "../generate.ts";
import { gradeSubmissions } from "../grade.ts";
import { type Question, SubmissionSchema } from "../schemas.ts";
import { parseQuestion } from "../student-view.ts";

/**
 * `pnpm groundwork quiz ...`: a thin shell around the pure engine. The only code here that touches
 * the file system.
 */

const usage = `usage:
  quiz generate <bundle.json> --seed <n> [--variant <n>] --out <questions.json>
  quiz grade <questions.json> <responses.json>`;

class UsageError extends Error {}

function readFlag(args: string[], name: string): string | undefined {
  const index = args.indexOf(name);
  if (index < 0) return undefined;
  const value = args[index + 1];
  if (value === undefined || value.startsWith("--")) throw new UsageError(`${name} needs a value`);
  args.splice(index, 2);
  return value;
}

function readInteger(text: string | undefined, name: string): number | undefined {
  if (text === undefined) return undefined;
  if (!/^-?\d+$/.test(text)) throw new UsageError(`${name} must be an integer, got "${text}"`);
  return Number(text);
}

async function readJson(path: string): Promise<unknown> {
  const text = await readFile(path, "utf8");
  try {
    return JSON.parse(text);
  } catch (error) {
    throw new QuizEngineError(`${path} is not valid JSON: ${(error as Error).message}`);
  }
}

async function runGenerate(args: string[]): Promise<number> {
  const seed = readInteger(readFlag(args, "--seed"), "--seed");
  const variant = readInteger(readFlag(args, "--variant"), "--variant") ?? 0;
  const out = readFlag(args, "--out");
  const [bundlePath, ...extra] = args;
  if (!bundlePath || seed === undefined || !out || extra.length > 0)
    throw new UsageError("generate needs <bundle.json> --seed <n> --out <file>");
  const parsed = CourseBundleSchema.safeParse(await readJson(bundlePath));
  if (!parsed.success) {
    const issues = parsed.error.issues.slice(0, 5).map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new QuizEngineError(`${bundlePath} is not a course bundle: ${issues.join("; ")}`);
  }
  const { questions, report } = generateQuestions(parsed.data, { seed, variant });
  await writeFile(
    out,
    `${JSON.stringify({ course: parsed.data.course.id, seed, variant, questions, report }, null, 2)}\n`,
  );
  const byGate: Record<string, number> = {};
  for (const d of report.dropped) byGate[d.gate] = (byGate[d.gate] ?? 0) + 1;
  const quizSets = Object.fromEntries(
    Object.entries(report.quizSets).map(([lesson, ids]) => [lesson, ids.length]),
  );
  process.stdout.write(
    `${JSON.stringify(
      {
        out,
        questions: questions.length,
        inQuizSets: questions.filter((q) => q.inQuizSet).length,
        countsByType: report.countsByType,
        countsByConcept: report.countsByConcept,
        droppedByGate: byGate,
        droppedByReason: report.droppedByReason,
        lowScoredByReason: report.lowScoredByReason,
        quizSets,
      },
      null,
      2,
    )}\n`,
  );
  return 0;
}

const QuestionFileSchema = z.union([z.array(z.unknown()), z.object({ questions: z.array(z.unknown()) })]);

async function runGrade(args: string[]): Promise<number> {
  const [questionsPath, responsesPath, ...extra] = args;
  if (!questionsPath || !responsesPath || extra.length > 0)
    throw new UsageError("grade needs <questions.json> <responses.json>");
  const file = QuestionFileSchema.safeParse(await readJson(questionsPath));
  if (!file.success)
    throw new QuizEngineError(`${questionsPath} must hold an array of questions or {questions: [...]}`);
  const list = Array.isArray(file.data) ? file.data : file.data.questions;
  const questions = new Map<string, Question>();
  for (const item of list) {
    const question = parseQuestion(item);
    questions.set(question.id, question);
  }
  const submissions = z.array(SubmissionSchema).safeParse(await readJson(responsesPath));
  if (!submissions.success) {
    const issues = submissions.error.issues.slice(0, 5).map((i) => `${i.path.join(".")}: ${i.message}`);
    throw new QuizEngineError(`${responsesPath} must be [{questionId, response}]: ${issues.join("; ")}`);
  }
  const results = gradeSubmissions([...questions.values()], submissions.data);
  process.stdout.write(`${JSON.stringify(results, null, 2)}\n`);
  return 0;
}

/**
 * Runs `quiz <command>`; returns the exit code (0 ok, 1 bad input, 2 bad usage).
 *
 * @example
 * await runQuizCli(["grade", "questions.json", "responses.json"]) // prints the results, returns 0
 */
export async function runQuizCli(argv: string[]): Promise<number> {
  const [command, ...rest] = argv;
  try {
    switch (command) {
      case "generate":
        return await runGenerate([...rest]);
      case "grade":
        return await runGrade([...rest]);
      default:
        process.stderr.write(`${command ? `unknown quiz command "${command}"\n` : ""}${usage}\n`);
        return command ? 2 : 0;
    }
  } catch (error) {
    if (error instanceof UsageError) {
      process.stderr.write(`${error.message}\n${usage}\n`);
      return 2;
    }
    if (error instanceof QuizEngineError || (error as NodeJS.ErrnoException).code === "ENOENT") {
      process.stderr.write(`quiz: ${(error as Error).message}\n`);
      return 1;
    }
    throw error;
  }
}
