import {
  ProgressDocumentSchema,
  type LabProgress,
  type LabScore,
  type ProgressDocument,
  type SavedLabCode,
} from './progress-schema';
import type { CertificateFile } from '../certificate/certificate-schema';
import { parseProgressFile, toProgressFile, type ProgressImportErrorCode } from './progress-export';
import { progressKey } from './progress-key';
import {
  announceChange,
  readProgressDocument,
  safeLocalStorage,
  watchProgress,
  writeProgressDocument,
  type ProgressErrorCode,
  type RawWrite,
} from './progress-storage';
import { formatSchemaIssues } from '../schemas/schema-issues';

export { progressKey };
export type { ProgressErrorCode };

/** Why a write did not happen. The previously saved data is untouched in every case. */
type WriteResult = { ok: true } | { ok: false; code: ProgressErrorCode; message: string };

const PROGRESS_ERROR_MESSAGES: Record<ProgressErrorCode, string> = {
  ERR_STORAGE_FULL: 'browser storage for this site is full',
  ERR_STORAGE_UNAVAILABLE: 'this browser does not let the site use localStorage',
  ERR_STORAGE_CORRUPT: 'the saved progress cannot be read; it was left as it is',
  ERR_STORAGE_NEWER_VERSION:
    'the saved progress was written by a newer version of the course; it was left as it is',
};

const explain = (result: RawWrite): WriteResult =>
  result.ok ? result : { ...result, message: PROGRESS_ERROR_MESSAGES[result.code] };

export interface ProgressStoreOptions {
  courseId: string;
  basePath: string;
  /** Defaults to `globalThis.localStorage`; tests pass their own. */
  storage?: Storage | undefined;
  now?: () => Date;
}

/** The code a run graded, with the versions of the lab it was graded against. */
type RanCode = Omit<SavedLabCode, 'savedAt'>;

type ReadOutcome =
  { ok: true; doc: ProgressDocument } | { ok: false; code: ProgressErrorCode; message: string };

type ImportResult =
  { ok: true } | { ok: false; code: ProgressImportErrorCode | ProgressErrorCode; message: string };

export interface ProgressStore {
  /** The localStorage key of this course at this base path (also what `storage` events carry). */
  readonly key: string;
  lab(labId: string): LabProgress;
  saveLabCode(labId: string, saved: RanCode): WriteResult;
  /**
   * Counts a run. When it passed every check, the code it ran is kept as the lab's passing code (what a
   * certificate captures); without `ran`, the latest saved code stands in, which is the code the run
   * graded whenever the learner did not type during the run.
   */
  recordAttempt(labId: string, score: LabScore, ran?: RanCode): WriteResult;
  /** Keeps which hints the learner revealed, by id. */
  saveRevealedHints(labId: string, hints: readonly (string | number)[]): WriteResult;
  /** The whole validated document, or why it cannot be read. */
  read(): ReadOutcome;
  /** The stored text exactly as it is, for rescuing a document this version cannot read. */
  rawText(): string | undefined;
  exportFile(): { ok: true; text: string } | { ok: false; code: ProgressErrorCode; message: string };
  /** Replaces this browser's progress with a validated export; a bad or foreign file changes nothing. */
  importFile(text: string): ImportResult;
  /** Keeps the claimed certificate with the progress (export carries it too). */
  saveCertificate(certificate: CertificateFile): WriteResult;
  /** Forgets everything this course stored at this base path. */
  clear(): WriteResult;
  /** Calls `onChange` when progress changes in this tab or another; returns a stop function. */
  subscribe(onChange: () => void): () => void;
}

export function openProgressStore(options: ProgressStoreOptions): ProgressStore {
  const key = progressKey(options.courseId, options.basePath);
  const now = options.now ?? (() => new Date());
  const storage = options.storage ?? safeLocalStorage();
  // The quiz element stored answers under its own keys before they moved into the document.
  const legacyQuizPrefix = `${options.courseId}:${options.basePath}:quiz:`;

  // Always re-read before writing: another tab may have saved a different lab since we last looked.
  function read(): ReadOutcome {
    const raw = readProgressDocument(storage, key);
    if (!raw.ok) return explain(raw) as ReadOutcome;
    const parsed = ProgressDocumentSchema.safeParse(raw.doc);
    if (!parsed.success) {
      return {
        ok: false,
        code: 'ERR_STORAGE_CORRUPT',
        message: `${key}: ${formatSchemaIssues(parsed.error)}`,
      };
    }
    return { ok: true, doc: parsed.data };
  }

  function update(mutate: (doc: ProgressDocument) => void): WriteResult {
    const current = read();
    if (!current.ok) return current;
    mutate(current.doc);
    return explain(writeProgressDocument(storage, key, current.doc));
  }

  function labOf(doc: ProgressDocument, labId: string): LabProgress {
    return (doc.labs[labId] ??= { attempts: 0 });
  }

  return {
    key,
    read,
    lab(labId) {
      const current = read();
      return current.ok ? (current.doc.labs[labId] ?? { attempts: 0 }) : { attempts: 0 };
    },
    saveLabCode(labId, saved) {
      return update((doc) => {
        labOf(doc, labId).saved = { ...saved, savedAt: now().toISOString() };
      });
    },
    recordAttempt(labId, score, ran) {
      return update((doc) => {
        const lab = labOf(doc, labId);
        lab.attempts += 1;
        if (!lab.best || score.passed > lab.best.passed || score.total !== lab.best.total) lab.best = score;
        const passed = score.total > 0 && score.passed === score.total;
        const code = ran ?? lab.saved;
        const at = now().toISOString();
        if (code) lab.lastRun = { ...score, checksHash: code.checksHash, ranAt: at };
        if (passed && code) {
          lab.firstPassAt ??= at;
          lab.passing = {
            code: code.code,
            starterHash: code.starterHash,
            checksHash: code.checksHash,
            passedAt: at,
          };
        }
      });
    },
    saveRevealedHints(labId, hints) {
      return update((doc) => {
        labOf(doc, labId).revealedHints = [...hints];
      });
    },
    saveCertificate(certificate) {
      return update((doc) => {
        doc.certificate = certificate;
      });
    },
    rawText() {
      try {
        return storage?.getItem(key) ?? undefined;
      } catch {
        return undefined;
      }
    },
    exportFile() {
      const current = read();
      return current.ok ? { ok: true, text: toProgressFile(options.courseId, current.doc, now()) } : current;
    },
    importFile(text) {
      const parsed = parseProgressFile(text, options.courseId);
      if (!parsed.ok) return parsed;
      return explain(writeProgressDocument(storage, key, parsed.doc));
    },
    clear() {
      try {
        if (!storage) throw new Error(PROGRESS_ERROR_MESSAGES.ERR_STORAGE_UNAVAILABLE);
        const legacy: string[] = [];
        for (let i = 0; i < storage.length; i++) {
          const name = storage.key(i);
          if (name?.startsWith(legacyQuizPrefix)) legacy.push(name);
        }
        for (const name of [key, ...legacy]) storage.removeItem(name);
      } catch (error) {
        return { ok: false, code: 'ERR_STORAGE_UNAVAILABLE', message: String(error) };
      }
      announceChange(key);
      return { ok: true };
    },
    subscribe: (onChange) => watchProgress(key, onChange),
  };
}
