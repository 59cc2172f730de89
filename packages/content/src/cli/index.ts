import { lstatSync, readdirSync, readFileSync, realpathSync, statSync, writeFileSync } from "node:fs";
import { join, relative, sep } from "node:path";
import { buildCourseBundle } from "../build.ts";
import { ContentValidationError, formatProblem } from "../errors.ts";
import { validateContentPackage } from "../validate.ts";

const usage = `usage:
  content validate <dir>
  content build <dir> --out <bundle.json>`;

/** A package folder that cannot be read as one: a link out of it, say. */
export class PackageFolderError extends Error {
  override name = "PackageFolderError";
}

/**
 * Reads a package folder into the path -> bytes map the pure code takes (skipping dot-files). A
 * symbolic link is followed only when it stays inside the folder (a linked file is read; a linked
 * folder is skipped, as its files are read where they are); one that leads out of it is refused, so
 * building a package never reads, and never publishes, a file from elsewhere on the machine.
 */
export function readPackageDir(dir: string): Map<string, Uint8Array> {
  const files = new Map<string, Uint8Array>();
  const root = realpathSync(dir);
  const isInside = (real: string) => real === root || real.startsWith(`${root}${sep}`);
  const walk = (folder: string) => {
    for (const name of readdirSync(folder).sort()) {
      if (name.startsWith(".") || name === "node_modules") continue;
      const full = join(folder, name);
      const path = relative(dir, full).split(sep).join("/");
      let info = lstatSync(full);
      if (info.isSymbolicLink()) {
        let real: string;
        try {
          real = realpathSync(full);
        } catch {
          throw new PackageFolderError(`${path}: a symbolic link to nothing: remove it or copy the file in`);
        }
        if (!isInside(real)) {
          throw new PackageFolderError(
            `${path}: a symbolic link out of the package folder (to ${real}): copy the file into the package instead`,
          );
        }
        info = statSync(full);
        if (info.isDirectory()) continue;
      }
      if (info.isDirectory()) walk(full);
      else if (info.isFile()) files.set(path, readFileSync(full));
    }
  };
  walk(dir);
  return files;
}

/** `content validate <dir>` and `content build <dir> --out <file>`; returns the exit code. */
export async function runContentCli(argv: string[]): Promise<number> {
  const [command, dir, ...rest] = argv;
  if (!command || !dir || (command !== "validate" && command !== "build")) {
    process.stderr.write(`${usage}\n`);
    return 2;
  }
  let files: Map<string, Uint8Array>;
  try {
    if (!statSync(dir).isDirectory()) throw new Error("not a directory");
    files = readPackageDir(dir);
  } catch (error) {
    if (error instanceof PackageFolderError) {
      process.stderr.write(`${error.message}\n`);
      return 1;
    }
    process.stderr.write(`${dir}: not a readable directory\n`);
    return 2;
  }

  if (command === "validate") {
    const problems = validateContentPackage(files);
    for (const problem of problems) process.stdout.write(`${formatProblem(problem)}\n`);
    if (problems.length === 0) process.stderr.write(`${dir}: valid\n`);
    return problems.length === 0 ? 0 : 1;
  }

  const outIndex = rest.indexOf("--out");
  const out = outIndex >= 0 ? rest[outIndex + 1] : undefined;
  if (!out) {
    process.stderr.write(`missing --out <bundle.json>\n${usage}\n`);
    return 2;
  }
  const totalBytes = [...files.values()].reduce((sum, bytes) => sum + bytes.length, 0);
  const showProgress = totalBytes > 256 * 1024;
  const started = performance.now();
  try {
    const bundle = buildCourseBundle(files, {
      onProgress: (done, total) => {
        if (showProgress) process.stderr.write(`\rbuilding: ${done}/${total} articles`);
      },
    });
    if (showProgress) process.stderr.write("\n");
    try {
      writeFileSync(out, `${JSON.stringify(bundle, null, 2)}\n`);
    } catch (error) {
      process.stderr.write(`cannot write ${out}: ${(error as Error).message}\n`);
      return 2;
    }
    process.stderr.write(
      `wrote ${out}: ${bundle.articles.length} articles, ${bundle.passages.length} passages, ${bundle.concepts.length} concepts, ${bundle.lessons.length} lessons in ${Math.round(performance.now() - started)} ms\n`,
    );
    return 0;
  } catch (error) {
    if (error instanceof ContentValidationError) {
      for (const problem of error.problems) process.stdout.write(`${formatProblem(problem)}\n`);
      return 1;
    }
    throw error;
  }
}
