/**
 * Domain errors: what a rule of the domain refuses, with a message a user can act on. Routers never
 * build TRPCErrors themselves; trpc.ts maps these in one place.
 */
export class AppError extends Error {
  override name = "AppError";
}
/** The thing does not exist, or the caller may not know that it does. */
export class NotFoundError extends AppError {
  override name = "NotFoundError";
}
/** The caller is signed in but may not do this. */
export class ForbiddenError extends AppError {
  override name = "ForbiddenError";
}
/** The request clashes with the current state: a stale save, a closed attempt, a duplicate. */
export class ConflictError extends AppError {
  override name = "ConflictError";
}
/** Input that passed the schema but breaks a rule: a due date before the opening date, say. */
export class InvalidInputError extends AppError {
  override name = "InvalidInputError";
}
/** Too late: past the due date or the time limit, by the server clock. */
export class DeadlinePassedError extends AppError {
  override name = "DeadlinePassedError";
}
/** The server is at capacity for this kind of work: the same request may succeed shortly. */
export class BusyError extends AppError {
  override name = "BusyError";
}
