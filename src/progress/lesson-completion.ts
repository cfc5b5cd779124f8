/**
 * When a lesson counts as completed: it follows what the learner did, never how far they scrolled. A
 * lesson is completed once every lab it embeds has passed and every quiz it embeds was answered; a lesson
 * with neither is completed when the learner says so ("Mark as done"). No zod here: the every-page script
 * (progress-marks.ts, 3 KB gzip budget) uses it as well as the progress and certificate pages.
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
