import type { QuizResult } from '../progress/progress-schema';
import { progressKey } from '../progress/progress-key';
import { readProgressDocument, updateProgressDocument } from '../progress/progress-storage';

/** Which quiz of which course copy: `Quiz.astro` writes each part as its own data attribute. */
export interface QuizPlace {
  courseId: string;
  basePath: string;
  quizId: string;
}

/**
 * Quiz answers live in the course's progress document (so export, import and "clear" cover them) under the
 * quiz id. Answers saved before they moved there sit under their own key, which is still read (and cleared).
 */
const legacyKey = (place: QuizPlace) => `${place.courseId}:${place.basePath}:quiz:${place.quizId}`;
const documentKey = (place: QuizPlace) => progressKey(place.courseId, place.basePath);

// Hand-written guard rather than the zod schema: this runs in the browser, where zod would cost ~15 KB.
function isQuizResult(value: unknown): value is QuizResult {
  if (typeof value !== 'object' || value === null) return false;
  const { answers, checkedAt } = value as Record<string, unknown>;
  return (
    typeof checkedAt === 'string' &&
    Array.isArray(answers) &&
    answers.every((a) => Array.isArray(a) && a.every((n) => Number.isInteger(n) && (n as number) >= 0))
  );
}

/** Reads a saved quiz result; anything unreadable (old shape, hand-edited, quota) counts as "no result". */
export function readQuizResult(storage: Storage, place: QuizPlace): QuizResult | undefined {
  const read = readProgressDocument(storage, documentKey(place));
  const stored = read.ok ? (read.doc['quizzes'] as Record<string, unknown>)[place.quizId] : undefined;
  if (isQuizResult(stored)) return stored;
  try {
    const raw = storage.getItem(legacyKey(place));
    if (raw === null) return undefined;
    const value: unknown = JSON.parse(raw);
    return isQuizResult(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Saves a quiz result; a failed write (full, unreadable) leaves the saved document as it was. */
export function writeQuizResult(storage: Storage, place: QuizPlace, result: QuizResult): void {
  updateProgressDocument(storage, documentKey(place), (doc) => {
    (doc['quizzes'] as Record<string, unknown>)[place.quizId] = result;
  });
}

export function clearQuizResult(storage: Storage, place: QuizPlace): void {
  updateProgressDocument(storage, documentKey(place), (doc) => {
    delete (doc['quizzes'] as Record<string, unknown>)[place.quizId];
  });
  try {
    storage.removeItem(legacyKey(place));
  } catch {
    // Forgetting is best effort: private mode may refuse it.
  }
}
