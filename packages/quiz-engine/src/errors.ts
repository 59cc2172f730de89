/** Base class of every error the quiz engine throws: misuse, never an expected outcome. */
export class QuizEngineError extends Error {
  override name = "QuizEngineError";
}

/** A malformed question, response, bundle or option passed to the engine. */
export class QuizValidationError extends QuizEngineError {
  override name = "QuizValidationError";
  constructor(
    message: string,
    /** Where in the input the problem is, as zod paths or a short description. */
    readonly issues: readonly string[] = [],
  ) {
    super(issues.length > 0 ? `${message}: ${issues.join("; ")}` : message);
  }
}
