import { initTRPC, TRPCError } from "@trpc/server";
import { type Role, roles } from "./auth.ts";
import type { Db } from "./db/client.ts";
import {
  AppError,
  BusyError,
  ConflictError,
  DeadlinePassedError,
  ForbiddenError,
  InvalidInputError,
  NotFoundError,
} from "./errors.ts";

export interface SessionUser {
  id: string;
  email: string;
  name: string;
  role: Role;
}

export interface Context {
  db: Db;
  /** The server clock: deadlines and timestamps come from here, never from the client. */
  now: () => Date;
  /**
   * When the request reached this process (the server clock). A save is judged against the deadline
   * by this, so time it spent queued behind other requests is not counted against the student.
   * Unset for in-process callers, which are not queued: then `now()` stands for it.
   */
  receivedAt?: Date;
  user: SessionUser | null;
  /**
   * Told when a submit has graded an attempt, its learning data owed: the API's learning writer
   * writes it (then its xAPI statements) after the response. Without it, the submit writes it itself.
   */
  onAttemptGraded?: (attemptId: string) => void;
}

const t = initTRPC.context<Context>().create({
  errorFormatter({ shape, error }) {
    // Never send a stack trace or an internal message to the browser.
    const isInternal = error.code === "INTERNAL_SERVER_ERROR";
    const zodIssues =
      error.code === "BAD_REQUEST" && error.cause && "issues" in error.cause
        ? (error.cause.issues as Array<{ path: PropertyKey[]; message: string }>)
        : undefined;
    const message = isInternal
      ? "Something went wrong on our side; it has been logged."
      : zodIssues?.length
        ? zodIssues
            .slice(0, 5)
            .map((issue) => `${issue.path.map(String).join(".") || "input"}: ${issue.message}`)
            .join("; ")
        : shape.message;
    return {
      ...shape,
      message,
      data: { code: shape.data.code, httpStatus: shape.data.httpStatus, path: shape.data.path },
    };
  },
});

const codeOf = (error: AppError): TRPCError["code"] => {
  if (error instanceof NotFoundError) return "NOT_FOUND";
  if (error instanceof ForbiddenError) return "FORBIDDEN";
  if (error instanceof ConflictError) return "CONFLICT";
  if (error instanceof DeadlinePassedError) return "PRECONDITION_FAILED";
  if (error instanceof InvalidInputError) return "BAD_REQUEST";
  if (error instanceof BusyError) return "TOO_MANY_REQUESTS";
  return "BAD_REQUEST";
};

/**
 * The one place domain errors become tRPC errors with the matching code. tRPC wraps whatever a
 * resolver throws in an INTERNAL_SERVER_ERROR whose cause is the original error.
 */
export function mapDomainError(error: TRPCError): TRPCError {
  const cause = error.cause;
  if (cause instanceof AppError) return new TRPCError({ code: codeOf(cause), message: cause.message, cause });
  return error;
}

/**
 * Sign-in, roles and domain errors in one middleware per kind of procedure, not a chain of three:
 * each tRPC middleware level copies the call's options twice (3–5 µs, a third of a trivial call).
 */
const requireRole = (...allowed: Role[]) =>
  t.procedure.use(async ({ ctx, next }) => {
    const user = ctx.user;
    if (!user) throw new TRPCError({ code: "UNAUTHORIZED", message: "Sign in to continue." });
    if (!allowed.includes(user.role)) {
      throw new TRPCError({ code: "FORBIDDEN", message: `This needs the ${allowed[0]} role.` });
    }
    const result = await next({ ctx: { user } });
    if (!result.ok) throw mapDomainError(result.error);
    return result;
  });

export const router = t.router;
export const createCallerFactory = t.createCallerFactory;

/**
 * For procedures anyone may call. No middleware: the HTTP handler maps a domain error such a procedure
 * throws (server.ts, `mapError`), as the role guard does for the others.
 */
export const publicProcedure = t.procedure;

/** Any signed-in user. */
export const authedProcedure = requireRole(...roles);
/** Students take quizzes; instructors and admins may preview as students do. */
export const studentProcedure = requireRole("student", "instructor", "admin");
export const instructorProcedure = requireRole("instructor", "admin");
export const authorProcedure = requireRole("author", "admin");
export const adminProcedure = requireRole("admin");
