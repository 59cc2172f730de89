import { DatabaseUrlError } from "./database-url.ts";
import { InstanceLockError } from "./instance-lock.ts";

/**
 * One line for a failure at start-up (bad DATABASE_URL, database unreachable, locked file),
 * so a user reads what is wrong instead of a stack trace.
 */
export function describeStartupError(error: unknown): string {
  if (error instanceof DatabaseUrlError || error instanceof InstanceLockError) return error.message;
  const message = error instanceof Error ? error.message : String(error);
  const firstLine = message.split("\n").find((line) => line.trim() !== "") ?? message;
  if (
    /ECONNREFUSED|Can't reach database server|ENOTFOUND|ETIMEDOUT|timeout exceeded when trying to connect/i.test(
      message,
    )
  ) {
    return `DATABASE_URL: cannot reach the database server (${firstLine.trim()})`;
  }
  if (/password authentication failed|role .* does not exist|database .* does not exist/i.test(message)) {
    return `DATABASE_URL: the server refused the connection (${firstLine.trim()})`;
  }
  if (/SQLITE_CANTOPEN|unable to open database file|EACCES/i.test(message)) {
    return `DATABASE_URL: cannot open the SQLite file (${firstLine.trim()})`;
  }
  return firstLine.trim();
}
