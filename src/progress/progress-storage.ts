/**
 * Raw localStorage access for the progress document, shared by the zod store and the tiny every-page
 * scripts (no zod and no messages here: see progress-migrate.ts). A write re-reads the stored document
 * first, because another tab may have saved since, and never replaces a document it could not read.
 */
import { emptyProgress, migrateProgress, type MigrateErrorCode, type ProgressJson } from './progress-migrate';

export type ProgressErrorCode = MigrateErrorCode | 'ERR_STORAGE_FULL' | 'ERR_STORAGE_UNAVAILABLE';

export type RawRead = { ok: true; doc: ProgressJson } | { ok: false; code: ProgressErrorCode };

export type RawWrite = { ok: true } | { ok: false; code: ProgressErrorCode };

/** `localStorage`, or undefined where touching it throws (some privacy modes) or it does not exist. */
export function safeLocalStorage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    return undefined;
  }
}

export function readProgressDocument(storage: Storage | undefined, key: string): RawRead {
  let raw: string | null;
  try {
    raw = storage!.getItem(key);
  } catch {
    return { ok: false, code: 'ERR_STORAGE_UNAVAILABLE' };
  }
  try {
    return raw === null ? { ok: true, doc: emptyProgress() } : migrateProgress(JSON.parse(raw));
  } catch {
    return { ok: false, code: 'ERR_STORAGE_CORRUPT' };
  }
}

/** Stores `doc` whole, or fails and leaves the previous value in place (setItem is all or nothing). */
export function writeProgressDocument(storage: Storage | undefined, key: string, doc: object): RawWrite {
  try {
    storage!.setItem(key, JSON.stringify(doc));
  } catch (error) {
    return {
      ok: false,
      code:
        (error as DOMException | undefined)?.name === 'QuotaExceededError'
          ? 'ERR_STORAGE_FULL'
          : 'ERR_STORAGE_UNAVAILABLE',
    };
  }
  announceChange(key);
  return { ok: true };
}

/** Read, change, write: the change is applied to the freshest stored document, never to a stale copy. */
export function updateProgressDocument(
  storage: Storage | undefined,
  key: string,
  mutate: (doc: ProgressJson) => void,
): RawWrite {
  const current = readProgressDocument(storage, key);
  if (!current.ok) return current;
  mutate(current.doc);
  return writeProgressDocument(storage, key, current.doc);
}

/**
 * Tells this tab's other scripts and the other tabs that progress changed. Each BroadcastChannel object
 * hears every other object of the same name, in this tab too; `storage` events reach only other tabs.
 */
export function announceChange(key: string): void {
  // The write already happened; a browser without channels must not turn it into an error.
  if (typeof BroadcastChannel === 'undefined') return;
  const channel = new BroadcastChannel(key);
  channel.postMessage(0);
  channel.close();
}

/** Calls `onChange` whenever progress under `key` changes in this tab or another; returns a stop function. */
export function watchProgress(key: string, onChange: () => void): () => void {
  const channel = typeof BroadcastChannel === 'undefined' ? undefined : new BroadcastChannel(key);
  if (channel) channel.onmessage = onChange;
  const onStorage = (event: StorageEvent) => (event.key === key || event.key === null) && onChange();
  // Workers and Node have no window events; the channel alone still reaches every tab.
  globalThis.addEventListener?.('storage', onStorage);
  return () => {
    channel?.close();
    globalThis.removeEventListener?.('storage', onStorage);
  };
}
