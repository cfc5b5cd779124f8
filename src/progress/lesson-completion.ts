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

export function lessonCompleted(id: string, needs: LessonNeeds, progress: CompletionProgress): boolean {
  return needs.labIds.length + needs.quizIds.length === 0
    ? progress.lessons.completed[id] !== undefined
    : needs.labIds.every((lab) => progress.labs[lab]?.passing !== undefined) &&
        needs.quizIds.every((quiz) => progress.quizzes[quiz] !== undefined);
}
