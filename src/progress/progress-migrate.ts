/**
 * Reading and migrating the stored progress document WITHOUT zod: this file is on every page's path (the
 * sidebar marks, the quiz), where the whole script budget is 3 KB gzip, so errors are bare codes here and
 * the store adds the messages. The full zod validation (progress-schema.ts) runs after this migration, in
 * the store used by labs and the progress pages. It also holds the one rule for when a lesson is completed,
 * read by that same every-page script (in a file of its own it became a chunk of its own, whose gzip and
 * import overhead the page budget cannot pay).
 */

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

/*
 * When a lesson counts as completed: it follows what the learner did, never how far they scrolled. A
 * lesson is completed once every lab it embeds has passed and every quiz it embeds was answered; a lesson
 * with neither is completed when the learner says so ("Mark as done"). Used by the every-page marks, the
 * progress page and the certificate's modules.
 */

/** What a lesson embeds, from its `<Lab id>` and `<Quiz id>` tags. */
export interface LessonNeeds {
  labIds: string[];
  quizIds: string[];
}

/** The parts of the stored progress document completion reads. */
export interface CompletionProgress {
  labs: Record<string, { passing?: unknown } | undefined>;
  quizzes: Record<string, unknown>;
  lessons: { completed: Record<string, string> };
}

/**
 * `needed`: the ids of the labs and quizzes the lesson embeds, as one list (`[...labIds, ...quizIds]`; a
 * quiz id is a lesson id, `NN-module/NN-lesson`, and no lab id has a slash, so the two never collide);
 * undefined for a lesson the page does not know.
 */
export function lessonCompleted(
  id: string,
  needed: readonly string[] | undefined,
  progress: CompletionProgress,
): boolean {
  return needed?.length
    ? needed.every((need) => (need.includes('/') ? progress.quizzes[need] : progress.labs[need]?.passing))
    : !!progress.lessons.completed[id];
}
