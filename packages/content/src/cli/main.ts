/** Runs the content CLI on its own: `pnpm --filter @groundwork/content content <command> ...`. */
import { runContentCli } from "./index.ts";

process.exitCode = await runContentCli(process.argv.slice(2).filter((a) => a !== "--"));
