import type { Db } from "../../db/client.ts";
import { loadBank } from "./bank.ts";
import { loadAssignmentSettings } from "./settings.ts";

/** How far ahead `warmUpcomingBanks` looks, and how many versions it loads at most (the cache keeps 32). */
export const warmAheadMs = 15 * 60_000;
const warmVersionLimit = 16;

/**
 * Loads the question banks of the assignments open now or opening within `warmAheadMs`, so a class's
 * first starts do not wait for their version's snapshot to be read and parsed (about 0.2 s of CPU per
 * API process on exam day, spent while the whole class is pressing "start"). Only published and
 * superseded versions: their snapshots are kept per process (versions/load.ts), a draft's are not.
 * Returns the number of banks loaded.
 */
export async function warmUpcomingBanks(db: Db, now: Date): Promise<number> {
  const assignments = await db.read.assignment.findMany({
    where: {
      opensAt: { lte: new Date(now.getTime() + warmAheadMs) },
      dueAt: { gt: now },
      lesson: { course: { version: { status: { in: ["published", "superseded"] } } } },
    },
    orderBy: [{ opensAt: "desc" }, { id: "asc" }],
    select: { id: true },
    take: 200,
  });
  const versions = new Set<string>();
  const banks = new Set<string>();
  for (const { id } of assignments) {
    const settings = await loadAssignmentSettings(db, id, now);
    if (!settings) continue;
    if (!versions.has(settings.versionId) && versions.size >= warmVersionLimit) continue;
    versions.add(settings.versionId);
    const bank = `${settings.versionId}\u0000${settings.lessonKey}`;
    if (banks.has(bank)) continue;
    banks.add(bank);
    await loadBank(db, { versionId: settings.versionId, lessonKey: settings.lessonKey });
  }
  return banks.size;
}
