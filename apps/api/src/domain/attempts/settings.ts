import type { Db } from "../../db/client.ts";

/** What a start reads about an assignment that does not decide whether the start may happen. */
export interface AssignmentSettings {
  classId: string;
  questionCount: number;
  feedbackPolicy: string;
  /** For the draw only (which facts a retake avoids); the start's own check reads it afresh. */
  dueAt: Date;
  lessonKey: string;
  versionId: string;
  versionStatus: string;
}

/**
 * Each API instance keeps assignment settings for a few seconds: a class starting at once reads them
 * once. Whether a start may happen (opening, due date, attempts allowed) and its deadline are not
 * taken from here: the start reads them again in its own transaction, so an instructor's close or
 * shortening on another instance holds at once.
 */
export const assignmentSettingsTtlMs = 5000;
const settingsCache = new Map<string, { settings: AssignmentSettings; loadedAt: number }>();
const settingsCacheLimit = 1000;

/** Drops this instance's copy of an assignment's settings after they changed. */
export function forgetAssignmentSettings(assignmentId: string): void {
  settingsCache.delete(assignmentId);
}

export async function loadAssignmentSettings(
  db: Db,
  assignmentId: string,
  now: Date,
): Promise<AssignmentSettings | null> {
  const cached = settingsCache.get(assignmentId);
  if (
    cached &&
    now.getTime() - cached.loadedAt < assignmentSettingsTtlMs &&
    now.getTime() >= cached.loadedAt
  ) {
    return cached.settings;
  }
  const row = await db.read.assignment.findUnique({
    where: { id: assignmentId },
    select: {
      classId: true,
      questionCount: true,
      feedbackPolicy: true,
      dueAt: true,
      lesson: {
        select: { key: true, course: { select: { versionId: true, version: { select: { status: true } } } } },
      },
    },
  });
  if (!row) return null;
  const { lesson, ...rest } = row;
  const settings = {
    ...rest,
    lessonKey: lesson.key,
    versionId: lesson.course.versionId,
    versionStatus: lesson.course.version.status,
  };
  settingsCache.delete(assignmentId);
  if (settingsCache.size >= settingsCacheLimit)
    settingsCache.delete(settingsCache.keys().next().value as string);
  settingsCache.set(assignmentId, { settings, loadedAt: now.getTime() });
  return settings;
}
