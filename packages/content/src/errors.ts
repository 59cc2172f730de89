/** A problem found in a content package, pointing at the file (and line) to fix. */
export interface ContentProblem {
  /** Package-relative POSIX path of the file at fault. */
  path: string;
  /** 1-based line, where the problem has one. */
  line?: number;
  /** What is wrong and how to fix it. */
  message: string;
}

/** Base class of every error the content package throws. */
export class ContentError extends Error {
  override name = "ContentError";
}

/** Thrown by `buildCourseBundle` when the package is invalid; `problems` lists every fault. */
export class ContentValidationError extends ContentError {
  override name = "ContentValidationError";
  readonly problems: ContentProblem[];

  constructor(problems: ContentProblem[]) {
    const first = problems[0];
    super(
      first
        ? `invalid content package (${problems.length} problem${problems.length === 1 ? "" : "s"}): ${formatProblem(first)}`
        : "invalid content package",
    );
    this.problems = problems;
  }
}

/**
 * `path:line: message`, the form the CLI prints.
 *
 * @example
 * formatProblem({ path: "course.yaml", line: 3, message: "unknown field" }); // "course.yaml:3: unknown field"
 */
export function formatProblem(problem: ContentProblem): string {
  return `${problem.path}${problem.line === undefined ? "" : `:${problem.line}`}: ${problem.message}`;
}
