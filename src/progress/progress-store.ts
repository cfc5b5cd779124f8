import {
  PROGRESS_VERSION,
  ProgressDocumentSchema,
  type LabProgress,
  type LabScore,
  type ProgressDocument,
  type SavedLabCode,
} from './progress-schema';

/** Why a write did not happen. The previously saved data is untouched in every case. */
export type ProgressErrorCode =
  'ERR_STORAGE_FULL' | 'ERR_STORAGE_UNAVAILABLE' | 'ERR_STORAGE_NEWER_VERSION' | 'ERR_STORAGE_CORRUPT';

export type WriteResult = { ok: true } | { ok: false; code: ProgressErrorCode; message: string };

export interface ProgressStoreOptions {
  courseId: string;
  basePath: string;
  /** Defaults to `globalThis.localStorage`; tests pass their own. */
  storage?: Storage | undefined;
  now?: () => Date;
}

export interface ProgressStore {
  /** The localStorage key of this course at this base path (also what `storage` events carry). */
  readonly key: string;
  lab(labId: string): LabProgress;
  saveLabCode(labId: string, saved: Omit<SavedLabCode, 'savedAt'>): WriteResult;
  recordAttempt(labId: string, score: LabScore): WriteResult;
}

/** Two courses, or one course under two base paths, on the same origin never share progress. */
export function progressKey(courseId: string, basePath: string): string {
  return `jwt-deep-dive:progress:${courseId}:${basePath}`;
}

type ReadOutcome =
  { ok: true; doc: ProgressDocument } | { ok: false; code: ProgressErrorCode; message: string };

export function openProgressStore(options: ProgressStoreOptions): ProgressStore {
  const key = progressKey(options.courseId, options.basePath);
  const now = options.now ?? (() => new Date());
  const storage = options.storage ?? safeLocalStorage();

  // Always re-read before writing: another tab may have saved a different lab since we last looked.
  function read(): ReadOutcome {
    if (!storage)
      return {
        ok: false,
        code: 'ERR_STORAGE_UNAVAILABLE',
        message: 'localStorage is not available',
      };
    let raw: string | null;
    try {
      raw = storage.getItem(key);
    } catch (error) {
      return {
        ok: false,
        code: 'ERR_STORAGE_UNAVAILABLE',
        message: String(error),
      };
    }
    if (raw === null) return { ok: true, doc: { version: PROGRESS_VERSION, labs: {} } };
    let json: unknown;
    try {
      json = JSON.parse(raw);
    } catch {
      return {
        ok: false,
        code: 'ERR_STORAGE_CORRUPT',
        message: `${key} does not hold JSON`,
      };
    }
    const version = (json as { version?: unknown } | null)?.version;
    if (typeof version === 'number' && version > PROGRESS_VERSION) {
      return {
        ok: false,
        code: 'ERR_STORAGE_NEWER_VERSION',
        message: `${key} was written by a newer version (${version}) of the course; it is left as it is`,
      };
    }
    const parsed = ProgressDocumentSchema.safeParse(json);
    if (!parsed.success) {
      return {
        ok: false,
        code: 'ERR_STORAGE_CORRUPT',
        message: `${key}: ${parsed.error.issues[0]?.message}`,
      };
    }
    return { ok: true, doc: parsed.data };
  }

  function update(mutate: (doc: ProgressDocument) => void): WriteResult {
    const current = read();
    if (!current.ok) return current;
    mutate(current.doc);
    try {
      // setItem either stores the whole new value or throws and leaves the old one in place.
      storage!.setItem(key, JSON.stringify(current.doc));
      return { ok: true };
    } catch (error) {
      const full =
        error instanceof DOMException && (error.name === 'QuotaExceededError' || error.code === 22);
      return full
        ? {
            ok: false,
            code: 'ERR_STORAGE_FULL',
            message: 'browser storage for this site is full',
          }
        : {
            ok: false,
            code: 'ERR_STORAGE_UNAVAILABLE',
            message: String(error),
          };
    }
  }

  function labOf(doc: ProgressDocument, labId: string): LabProgress {
    return (doc.labs[labId] ??= { attempts: 0 });
  }

  return {
    key,
    lab(labId) {
      const current = read();
      return current.ok ? (current.doc.labs[labId] ?? { attempts: 0 }) : { attempts: 0 };
    },
    saveLabCode(labId, saved) {
      return update((doc) => {
        labOf(doc, labId).saved = { ...saved, savedAt: now().toISOString() };
      });
    },
    recordAttempt(labId, score) {
      return update((doc) => {
        const lab = labOf(doc, labId);
        lab.attempts += 1;
        if (!lab.best || score.passed > lab.best.passed || score.total !== lab.best.total) lab.best = score;
      });
    },
  };
}

function safeLocalStorage(): Storage | undefined {
  try {
    return globalThis.localStorage;
  } catch {
    // Some privacy modes throw on access rather than returning undefined.
    return undefined;
  }
}
