/**
 * The warning progress-marks.ts shows when progress cannot be read or saved. Loaded only when that
 * happens, so the every-page script stays small in the normal case.
 */
import type { ProgressErrorCode } from '../progress/progress-storage';

const REASONS: Record<ProgressErrorCode, string> = {
  ERR_STORAGE_FULL: 'storage is full',
  ERR_STORAGE_UNAVAILABLE: 'storage is blocked',
  ERR_STORAGE_CORRUPT: 'saved progress is unreadable',
  ERR_STORAGE_NEWER_VERSION: 'a newer course version saved it',
};

/** `error` is a migration code (a string) or what localStorage or JSON.parse threw. */
export function showProgressWarning(error: unknown, base: string): void {
  const name = (error as Error | undefined)?.name;
  const code: ProgressErrorCode =
    typeof error === 'string'
      ? (error as ProgressErrorCode)
      : name === 'QuotaExceededError'
        ? 'ERR_STORAGE_FULL'
        : name === 'SyntaxError'
          ? 'ERR_STORAGE_CORRUPT'
          : 'ERR_STORAGE_UNAVAILABLE';
  let note = document.querySelector('.progress-warning');
  if (!note) {
    note = document.createElement('p');
    note.className = 'progress-warning';
    note.setAttribute('role', 'alert');
    document.querySelector('main')?.prepend(note);
  }
  note.setAttribute('data-error-code', code);
  note.innerHTML = `Progress is not being saved (${REASONS[code]}); nothing saved was overwritten. <a href="${base}progress/">Export or reset it</a>`;
}
