import type { Db } from "../../db/client.ts";
import { NotFoundError } from "../../errors.ts";
import { buildSnapshot, type VersionRows, type VersionSnapshot } from "./snapshot.ts";

/**
 * Published and superseded snapshots, by version id. Such a version never changes (an edit makes a
 * new draft), so each API instance parses it once and keeps it; the oldest go first past the limit.
 */
const cache = new Map<string, VersionSnapshot>();
const cacheLimit = 32;
/** Loads of immutable versions under way, so concurrent first readers share one parse. */
const loading = new Map<string, Promise<VersionSnapshot>>();
/** Lesson row id -> version id, for the cached snapshots (a lesson page names only its lesson). */
const versionOfLesson = new Map<string, string>();
let parses = 0;

async function readRows(db: Db, versionId: string): Promise<VersionRows | null> {
  return db.read.packageVersion.findUnique({
    where: { id: versionId },
    select: {
      id: true,
      number: true,
      status: true,
      bundle: true,
      package: { select: { slug: true } },
      course: {
        select: {
          id: true,
          slug: true,
          title: true,
          description: true,
          lessons: {
            select: { id: true, key: true, position: true, article: { select: { id: true, key: true } } },
          },
          passages: { select: { id: true, key: true } },
          concepts: { select: { id: true, key: true } },
        },
      },
      questions: {
        orderBy: [{ lessonKey: "asc" }, { key: "asc" }, { variant: "asc" }],
        select: {
          id: true,
          key: true,
          factKey: true,
          lessonKey: true,
          variant: true,
          status: true,
          payload: true,
        },
      },
    },
  });
}

async function readSnapshot(db: Db, versionId: string): Promise<VersionSnapshot> {
  const rows = await readRows(db, versionId);
  if (!rows || rows.status === "importing") throw new NotFoundError("No such package version.");
  parses++;
  return buildSnapshot(rows);
}

function remember(snapshot: VersionSnapshot): void {
  if (cache.size >= cacheLimit) {
    const oldest = cache.keys().next().value;
    if (oldest !== undefined) forgetVersion(oldest);
  }
  cache.set(snapshot.versionId, snapshot);
  for (const lesson of snapshot.lessons) versionOfLesson.set(lesson.id, snapshot.versionId);
}

/**
 * A course version as one typed snapshot: its bundle, its question bank (every status and variant,
 * parsed) and indexes by id. Published and superseded versions come from this instance's cache after
 * their first read; drafts are read afresh every time, as their bank changes with each decision.
 *
 * @throws NotFoundError when there is no such version (or it is still importing).
 * @throws StaleBundleError when its stored bundle is of an older schema version.
 */
export async function loadVersion(db: Db, versionId: string): Promise<VersionSnapshot> {
  const cached = cache.get(versionId);
  if (cached) return cached;
  const shared = loading.get(versionId);
  if (shared) return shared;
  const status = await db.read.packageVersion.findUnique({
    where: { id: versionId },
    select: { status: true },
  });
  if (status?.status !== "published" && status?.status !== "superseded") return readSnapshot(db, versionId);
  const again = cache.get(versionId) ?? loading.get(versionId);
  if (again) return again;
  const load = readSnapshot(db, versionId).then(
    (snapshot) => {
      loading.delete(versionId);
      if (snapshot.isImmutable) remember(snapshot);
      return snapshot;
    },
    (error: unknown) => {
      loading.delete(versionId);
      throw error;
    },
  );
  loading.set(versionId, load);
  return load;
}

/**
 * The cached snapshot holding a lesson, if this instance has one: a published lesson's page needs no
 * query to find its version. Undefined means "not cached", not "no such lesson".
 */
export function cachedVersionOfLesson(lessonId: string): VersionSnapshot | undefined {
  const versionId = versionOfLesson.get(lessonId);
  return versionId === undefined ? undefined : cache.get(versionId);
}

/**
 * Drops cached snapshots: one version's, or every one when no id is given. Nothing in the API needs
 * it (what is cached never changes); it is for tests and for an operator's repair of stored rows.
 */
export function forgetVersion(versionId?: string): void {
  for (const id of versionId === undefined ? [...cache.keys()] : [versionId]) {
    const snapshot = cache.get(id);
    cache.delete(id);
    for (const lesson of snapshot?.lessons ?? []) versionOfLesson.delete(lesson.id);
  }
}

/** How many snapshots this instance has parsed and holds: to check the cache does its job. */
export function versionCacheStats(): { parses: number; cached: number } {
  return { parses, cached: cache.size };
}
