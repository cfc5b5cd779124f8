import { describe, expect, it } from 'vitest';
import { openProgressStore, progressKey } from '../../src/progress/progress-store';
import { MemoryStorage } from '../support/memory-storage';

const now = () => new Date('2026-01-02T03:04:05Z');
const open = (storage: Storage, courseId = 'jwt-deep-dive', basePath = '/') =>
  openProgressStore({ courseId, basePath, storage, now });
const ran = { code: 'export const ok = 1;', starterHash: 's1', checksHash: 'c1' };

function withProgress(): Storage {
  const storage = new MemoryStorage();
  const store = open(storage);
  store.saveLabCode('deny-list', ran);
  store.recordAttempt('deny-list', { passed: 4, total: 4 }, ran);
  return storage;
}

describe('exportFile and importFile', () => {
  it('restores everything in another browser, even under another base path', () => {
    const exported = open(withProgress()).exportFile();
    expect(exported.ok).toBe(true);
    if (!exported.ok) return;
    const elsewhere = open(new MemoryStorage(), 'jwt-deep-dive', '/courses/jwt/');
    expect(elsewhere.importFile(exported.text)).toEqual({ ok: true });
    expect(elsewhere.lab('deny-list')).toMatchObject({
      attempts: 1,
      best: { passed: 4, total: 4 },
      passing: { code: ran.code, checksHash: 'c1', passedAt: '2026-01-02T03:04:05.000Z' },
    });
  });

  it.each([
    ['not JSON', 'hello', 'ERR_IMPORT_NOT_JSON'],
    ['another JSON file', '{"name":"package"}', 'ERR_IMPORT_NOT_PROGRESS'],
    ['a certificate', '{"format":"jwt-deep-dive/certificate"}', 'ERR_IMPORT_NOT_PROGRESS'],
    [
      'another course',
      JSON.stringify({
        format: 'jwt-deep-dive/progress',
        courseId: 'oauth-basics',
        exportedAt: 'x',
        progress: {},
      }),
      'ERR_IMPORT_OTHER_COURSE',
    ],
    [
      'a newer version',
      JSON.stringify({
        format: 'jwt-deep-dive/progress',
        courseId: 'jwt-deep-dive',
        exportedAt: 'x',
        progress: { version: 99 },
      }),
      'ERR_IMPORT_NEWER_VERSION',
    ],
    [
      'damaged progress',
      JSON.stringify({
        format: 'jwt-deep-dive/progress',
        courseId: 'jwt-deep-dive',
        exportedAt: 'x',
        progress: { version: 2, labs: { a: { attempts: -1 } }, lessons: {}, quizzes: {} },
      }),
      'ERR_IMPORT_INVALID',
    ],
  ])('rejects %s with a clear code and changes nothing', (_, text, code) => {
    const storage = withProgress();
    const before = storage.getItem(progressKey('jwt-deep-dive', '/'));
    const result = open(storage).importFile(text);
    expect(result).toMatchObject({ ok: false, code });
    if (!result.ok) expect(result.message.length).toBeGreaterThan(10);
    expect(storage.getItem(progressKey('jwt-deep-dive', '/'))).toBe(before);
  });

  it('names the field that is wrong in a damaged file', () => {
    const text = JSON.stringify({
      format: 'jwt-deep-dive/progress',
      courseId: 'jwt-deep-dive',
      exportedAt: 'x',
      progress: { version: 2, labs: { a: { attempts: -1 } }, lessons: {}, quizzes: {} },
    });
    const result = open(new MemoryStorage()).importFile(text);
    expect(result.ok ? '' : result.message).toContain('progress.labs.a.attempts');
  });

  it('still exports when storage is full', () => {
    const storage = withProgress() as MemoryStorage;
    storage.quotaBytes = 0;
    const store = open(storage);
    expect(store.saveLabCode('deny-list', { ...ran, code: 'lost' })).toMatchObject({
      code: 'ERR_STORAGE_FULL',
    });
    const exported = store.exportFile();
    expect(exported.ok && JSON.parse(exported.text).progress.labs['deny-list'].saved.code).toBe(ran.code);
  });
});

describe('clear', () => {
  it('forgets this course at this base path only, legacy quiz keys included', () => {
    const storage = withProgress();
    open(storage, 'jwt-deep-dive', '/other/').saveLabCode('deny-list', ran);
    storage.setItem('jwt-deep-dive:/:quiz:intro', '{}');
    storage.setItem('jwt-deep-dive:/:theme', 'dark');
    expect(open(storage).clear()).toEqual({ ok: true });
    expect(open(storage).lab('deny-list')).toEqual({ attempts: 0 });
    expect(storage.getItem('jwt-deep-dive:/:quiz:intro')).toBeNull();
    expect(storage.getItem('jwt-deep-dive:/:theme')).toBe('dark');
    expect(open(storage, 'jwt-deep-dive', '/other/').lab('deny-list').saved?.code).toBe(ran.code);
  });
});
