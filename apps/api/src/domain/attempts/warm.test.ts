import { afterAll, beforeAll, beforeEach, describe, expect, it } from "vitest";
import { testProviders } from "../../../test/databases.ts";
import { createWorld, type World } from "../../../test/world.ts";
import { forgetVersion, versionCacheStats } from "../versions/index.ts";
import { loadBank } from "./bank.ts";
import { forgetAssignmentSettings } from "./settings.ts";
import { warmAheadMs, warmUpcomingBanks } from "./warm.ts";

describe.each(testProviders())("bank warm-up on %s", (provider) => {
  let world: World;
  let assignmentIds: string[];
  beforeAll(async () => {
    world = await createWorld(provider);
    assignmentIds = (await world.database.db.read.assignment.findMany({ select: { id: true } })).map(
      (a) => a.id,
    );
  }, 120_000);
  afterAll(() => world.drop());
  beforeEach(() => {
    forgetVersion();
    for (const id of assignmentIds) forgetAssignmentSettings(id);
  });

  /** Every assignment opening `opensInMs` from now and due `dueInMs` from now. */
  const schedule = (opensInMs: number, dueInMs: number) => {
    const now = world.clock.now().getTime();
    return world.database.db.write((c) =>
      c.assignment.updateMany({
        data: { opensAt: new Date(now + opensInMs), dueAt: new Date(now + dueInMs) },
      }),
    );
  };

  it("parses the version of an assignment opening within the window, so its first start reads no rows", async () => {
    expect(assignmentIds.length).toBeGreaterThan(0);
    await schedule(warmAheadMs - 60_000, warmAheadMs + 3_600_000);
    const before = versionCacheStats().parses;
    expect(await warmUpcomingBanks(world.database.db, world.clock.now())).toBeGreaterThan(0);
    expect(versionCacheStats().parses - before).toBe(1);
    const settings = await world.database.db.read.assignment.findFirstOrThrow({
      select: { lesson: { select: { key: true, course: { select: { versionId: true } } } } },
    });
    const bank = await loadBank(world.database.db, {
      versionId: settings.lesson.course.versionId,
      lessonKey: settings.lesson.key,
    });
    expect(bank.length).toBeGreaterThan(0);
    expect(versionCacheStats().parses - before).toBe(1);
  });

  it("leaves alone assignments opening later than the window, and those past their due date", async () => {
    const before = versionCacheStats().parses;
    await schedule(warmAheadMs + 60_000, warmAheadMs + 3_600_000);
    expect(await warmUpcomingBanks(world.database.db, world.clock.now())).toBe(0);
    await schedule(-3_600_000, -60_000);
    expect(await warmUpcomingBanks(world.database.db, world.clock.now())).toBe(0);
    expect(versionCacheStats().parses - before).toBe(0);
  });
});
