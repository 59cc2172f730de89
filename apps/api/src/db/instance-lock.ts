import Database from "better-sqlite3";

/** Another API process serves this SQLite file already. */
export class InstanceLockError extends Error {
  override name = "InstanceLockError";
}

/**
 * Claims a SQLite database for this API process. The SQLite design relies on one writer process
 * (db/client.ts serialises writes within one), so a second API on the same file is refused. The claim
 * is an exclusive transaction held open on `<file>.lock`: SQLite's file lock, which the operating
 * system drops when the process ends in any way, so a SIGKILLed process leaves nothing to clean up.
 */
export function claimSqliteFile(file: string): { release(): void } {
  if (file === ":memory:") return { release() {} };
  const lockFile = `${file}.lock`;
  const lock = new Database(lockFile, { timeout: 0 });
  try {
    lock.pragma("journal_mode = DELETE");
    lock.exec("CREATE TABLE IF NOT EXISTS holder (pid INTEGER NOT NULL)");
    lock.exec("BEGIN EXCLUSIVE");
    lock.prepare("DELETE FROM holder").run();
    lock.prepare("INSERT INTO holder (pid) VALUES (?)").run(process.pid);
  } catch (error) {
    lock.close();
    if ((error as { code?: string }).code?.startsWith("SQLITE_BUSY")) {
      throw new InstanceLockError(
        `DATABASE_URL: another API process is serving ${file} (it holds ${lockFile}). SQLite takes one API process; stop the other one, or use PostgreSQL to run several.`,
      );
    }
    throw error;
  }
  return {
    release() {
      if (lock.open) lock.close();
    },
  };
}
