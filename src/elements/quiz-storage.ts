import type { QuizState } from './quiz-schema';

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
  try {
    storage.setItem(key, JSON.stringify(state));
  } catch {
    // Private mode or quota: the learner still sees the result, it just is not remembered.
  }
}

export function clearQuizState(storage: Storage, key: string): void {
  try {
    storage.removeItem(key);
  } catch {
    // Same as above: forgetting is best effort.
  }
}
