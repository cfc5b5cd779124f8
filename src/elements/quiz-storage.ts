import type { QuizState } from './quiz-schema';
import { progressKey } from '../progress/progress-key';
import { readProgressDocument, updateProgressDocument } from '../progress/progress-storage';

/**
 * Quiz answers live in the course's progress document (so export, import and "clear" cover them) under
 * the quiz id; `Quiz.astro`'s key `<course id>:<base path>:quiz:<quiz id>` names both. A key of any
 * other shape, and answers saved before the move, use the key directly.
 */
function inProgress(key: string): { doc: string; quiz: string } | undefined {
  const match = /^([a-z0-9-]+):(\/(?:[a-z0-9._~-]+\/)*):quiz:(.+)$/.exec(key);
  return match ? { doc: progressKey(match[1]!, match[2]!), quiz: match[3]! } : undefined;
}

// Hand-written guard rather than the zod schema: this runs in the browser, where zod would cost ~15 KB.
function isQuizState(value: unknown): value is QuizState {
  if (typeof value !== 'object' || value === null) return false;
  const { answers, checkedAt } = value as Record<string, unknown>;
  return (
    typeof checkedAt === 'string' &&
    Array.isArray(answers) &&
    answers.every((a) => Array.isArray(a) && a.every((n) => Number.isInteger(n) && (n as number) >= 0))
  );
}

/** Reads a saved quiz state; anything unreadable (old shape, hand-edited, quota) counts as "no state". */
export function readQuizState(storage: Storage, key: string): QuizState | undefined {
  const target = inProgress(key);
  const read = target && readProgressDocument(storage, target.doc);
  const stored = read?.ok ? (read.doc['quizzes'] as Record<string, unknown>)[target!.quiz] : undefined;
  if (isQuizState(stored)) return stored;
  try {
    const raw = storage.getItem(key);
    if (raw === null) return undefined;
    const value: unknown = JSON.parse(raw);
    return isQuizState(value) ? value : undefined;
  } catch {
    return undefined;
  }
}

/** Saves a quiz state; a full or disabled storage only loses the memory, never the check itself. */
export function writeQuizState(storage: Storage, key: string, state: QuizState): void {
  const target = inProgress(key);
  // A failed progress write (full, unreadable) leaves the saved document as it was; the result still shows.
  if (target) {
    updateProgressDocument(storage, target.doc, (doc) => {
      (doc['quizzes'] as Record<string, unknown>)[target.quiz] = state;
    });
    return;
  }
  try {
    storage.setItem(key, JSON.stringify(state));
  } catch {
    // Private mode or quota: the learner still sees the result, it just is not remembered.
  }
}

export function clearQuizState(storage: Storage, key: string): void {
  const target = inProgress(key);
  if (target) {
    updateProgressDocument(storage, target.doc, (doc) => {
      delete (doc['quizzes'] as Record<string, unknown>)[target.quiz];
    });
  }
  try {
    storage.removeItem(key);
  } catch {
    // Same as above: forgetting is best effort.
  }
}
