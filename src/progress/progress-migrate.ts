/**
 * Reading and migrating the stored progress document WITHOUT zod: this file is on every page's path (the
 * sidebar marks, the quiz), where the whole script budget is 3 KB gzip, so errors are bare codes here and
 * the store adds the messages. The full zod validation (progress-schema.ts) runs after this migration, in
 * the store used by labs and the progress pages.
 */

// Read on every page with this file: re-exported here so the bundler keeps both in one shared chunk (a chunk
// of its own costs the every-page script budget its gzip and import overhead).
export { lessonCompleted } from './lesson-completion';

/** Bumped whenever the stored shape changes; older documents are migrated, newer ones are left alone. */
export const PROGRESS_VERSION = 2;

export type MigrateErrorCode = 'ERR_STORAGE_CORRUPT' | 'ERR_STORAGE_NEWER_VERSION';

export type ProgressJson = Record<string, unknown> & { version: number };

export type Migrated = { ok: true; doc: ProgressJson } | { ok: false; code: MigrateErrorCode };

const isRecord = (value: unknown): value is Record<string, unknown> =>
  typeof value === 'object' && value !== null && !Array.isArray(value);

/** The document a learner without any progress has. */
export const emptyProgress = (): ProgressJson => ({
  version: PROGRESS_VERSION,
  labs: {},
  lessons: { visited: {}, completed: {} },
  quizzes: {},
});

/**
 * Brings a parsed document of any older version up to PROGRESS_VERSION without changing its input.
 * Fields it does not know are kept, so an older page never drops what a newer one stored.
 */
export function migrateProgress(json: unknown): Migrated {
  const version = isRecord(json) ? json['version'] : undefined;
  if (typeof version === 'number' && version > PROGRESS_VERSION) {
    return { ok: false, code: 'ERR_STORAGE_NEWER_VERSION' };
  }
  // Version 1 (the lab island's first store) had only `labs`; version 2 adds lessons and quizzes.
  const doc = {
    labs: {},
    lessons: {},
    quizzes: {},
    ...(json as object),
    version: PROGRESS_VERSION,
  } as ProgressJson;
  const lessons = { visited: {}, completed: {}, ...(doc['lessons'] as object) };
  doc['lessons'] = lessons;
  return (version === 1 || version === 2) &&
    [doc['labs'], doc['quizzes'], lessons, lessons.visited, lessons.completed].every(isRecord)
    ? { ok: true, doc }
    : { ok: false, code: 'ERR_STORAGE_CORRUPT' };
}
