/**
 * `pnpm groundwork <area> <command> ...`: the authors' command line.
 * Each area's commands live with their package (a thin shell around its pure code).
 */
import { runContentCli } from "@groundwork/content/cli";
import { runQuizCli } from "@groundwork/quiz-engine/cli";
import { runInteropCli } from "@groundwork/quiz-engine/cli/interop";

const usage = `usage: pnpm groundwork <area> <command> [args]

areas:
  content validate <dir>                       check a content package
  content build <dir> --out <bundle.json>      build a course bundle
  quiz generate <bundle.json> --seed <n> --out <questions.json>
  quiz grade <questions.json> <responses.json>
  import gift <file.gift> [--bundle <bundle.json>] [--out <questions.json>]
  import qti <folder or file.xml> [--bundle <bundle.json>] [--out <questions.json>]
  export gift|qti|qti12|anki <bundle.json or questions.json> --out <path>`;

async function main(argv: string[]): Promise<number> {
  const [area, ...rest] = argv;
  switch (area) {
    case "content":
      return runContentCli(rest);
    case "quiz":
      return runQuizCli(rest);
    case "import":
    case "export":
      return runInteropCli(area, rest);
    default:
      process.stderr.write(`${area ? `unknown area "${area}"\n` : ""}${usage}\n`);
      return area ? 2 : 0;
  }
}

process.exitCode = await main(process.argv.slice(2).filter((a) => a !== "--"));
