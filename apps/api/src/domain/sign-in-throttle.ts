import type { Db } from "../db/client.ts";

/** Wrong passwords an account takes before the back-off starts: room for a few typos. */
export const freeFailures = 5;
/** The longest wait between two guesses at one account: about a hundred guesses a day at most. */
export const maxBackoffMs = 15 * 60_000;

/** The wait after `failures` sign-ins in a row that did not succeed: 1 s, 2 s, 4 s, ... up to 15 min. */
export function backoffMs(failures: number): number {
  return failures < freeFailures ? 0 : Math.min(maxBackoffMs, 1000 * 2 ** (failures - freeFailures));
}

export type ThrottleDecision = { allowed: true } | { allowed: false; retryAfterSeconds: number };

/**
 * Per-account back-off for sign-in. Each attempt is counted as a failure before the password is
 * checked, in one conditional write, so a burst of parallel guesses cannot all pass a stale read;
 * `succeed` then forgets the account's count. Rows live in the database, so every API instance sees
 * the same count.
 */
export function createSignInThrottle(db: Db) {
  async function claim(key: string, now: Date): Promise<ThrottleDecision> {
    for (let tries = 0; tries < 20; tries++) {
      const row = await db.read.signInThrottle.findUnique({
        where: { key },
        select: { failures: true, blockedUntil: true },
      });
      if (row && row.blockedUntil.getTime() > now.getTime()) {
        return {
          allowed: false,
          retryAfterSeconds: Math.ceil((row.blockedUntil.getTime() - now.getTime()) / 1000),
        };
      }
      const failures = (row?.failures ?? 0) + 1;
      const blockedUntil = new Date(now.getTime() + backoffMs(failures));
      const won = await db.write(async (client) => {
        if (!row) {
          try {
            await client.signInThrottle.create({ data: { key, failures, blockedUntil } });
            return true;
          } catch {
            return false; // another request created it first: read again
          }
        }
        const { count } = await client.signInThrottle.updateMany({
          where: { key, failures: row.failures },
          data: { failures, blockedUntil },
        });
        return count === 1;
      });
      if (won) return { allowed: true };
    }
    return { allowed: false, retryAfterSeconds: 1 };
  }

  async function succeed(key: string): Promise<void> {
    await db.write((client) => client.signInThrottle.deleteMany({ where: { key } }));
  }

  return { claim, succeed };
}
export type SignInThrottle = ReturnType<typeof createSignInThrottle>;
