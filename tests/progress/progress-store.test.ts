import { describe, expect, it } from 'vitest';
import { openProgressStore, progressKey } from '../../src/progress/progress-store';
import { MemoryStorage } from '../support/memory-storage';

/** An in-memory Storage that can be made to refuse writes, like a full quota. */

const fixedNow = () => new Date('2026-01-01T00:00:00Z');
const open = (storage: Storage, basePath = '/') =>
  openProgressStore({
    courseId: 'jwt-deep-dive',
    basePath,
    storage,
    now: fixedNow,
  });
const code = (text: string) => ({
  code: text,
  starterHash: 's1',
  checksHash: 'c1',
});

describe('openProgressStore', () => {
  it('saves and restores lab code with the hashes it was written against', () => {
    const storage = new MemoryStorage();
    expect(open(storage).saveLabCode('verify-access-token', code('let a = 1;'))).toEqual({ ok: true });
    expect(open(storage).lab('verify-access-token').saved).toEqual({
      code: 'let a = 1;',
      starterHash: 's1',
      checksHash: 'c1',
      savedAt: '2026-01-01T00:00:00.000Z',
    });
  });

  it('keys progress by course id and base path', () => {
    const storage = new MemoryStorage();
    open(storage, '/a/').saveLabCode('lab', code('A'));
    open(storage, '/b/').saveLabCode('lab', code('B'));
    expect(open(storage, '/a/').lab('lab').saved?.code).toBe('A');
    expect(open(storage, '/b/').lab('lab').saved?.code).toBe('B');
    expect(storage.getItem(progressKey('jwt-deep-dive', '/a/'))).toContain('"version":2');
  });

  it('does not lose another tab’s save of a different lab', () => {
    const storage = new MemoryStorage();
    const tabA = open(storage);
    const tabB = open(storage);
    tabA.saveLabCode('one', code('from A'));
    tabB.saveLabCode('two', code('from B'));
    expect(open(storage).lab('one').saved?.code).toBe('from A');
  });

  it('counts attempts and keeps the best score', () => {
    const store = open(new MemoryStorage());
    store.recordAttempt('lab', { passed: 3, total: 7 });
    store.recordAttempt('lab', { passed: 1, total: 7 });
    expect(store.lab('lab')).toMatchObject({
      attempts: 2,
      best: { passed: 3, total: 7 },
    });
  });

  it('returns ERR_STORAGE_FULL and keeps the saved code when the quota is exceeded', () => {
    const storage = new MemoryStorage();
    const store = open(storage);
    store.saveLabCode('lab', code('kept'));
    storage.quotaBytes = 10;
    const result = store.saveLabCode('lab', code('x'.repeat(100)));
    expect(result).toMatchObject({ ok: false, code: 'ERR_STORAGE_FULL' });
    storage.quotaBytes = Infinity;
    expect(store.lab('lab').saved?.code).toBe('kept');
  });

  it('refuses to overwrite data written by a newer version', () => {
    const storage = new MemoryStorage();
    const key = progressKey('jwt-deep-dive', '/');
    storage.setItem(key, JSON.stringify({ version: 99, everything: 'new' }));
    expect(open(storage).saveLabCode('lab', code('x'))).toMatchObject({
      code: 'ERR_STORAGE_NEWER_VERSION',
    });
    expect(storage.getItem(key)).toBe(JSON.stringify({ version: 99, everything: 'new' }));
  });

  it('refuses to overwrite a document it cannot read', () => {
    const storage = new MemoryStorage();
    const key = progressKey('jwt-deep-dive', '/');
    storage.setItem(key, '{not json');
    expect(open(storage).recordAttempt('lab', { passed: 0, total: 1 })).toMatchObject({
      code: 'ERR_STORAGE_CORRUPT',
    });
    expect(storage.getItem(key)).toBe('{not json');
  });

  it('keeps fields other parts of the site added to the document', () => {
    const storage = new MemoryStorage();
    const key = progressKey('jwt-deep-dive', '/');
    storage.setItem(
      key,
      JSON.stringify({ version: 2, labs: {}, lessons: {}, quizzes: {}, glossary: ['jwk'] }),
    );
    open(storage).saveLabCode('lab', code('y'));
    expect(JSON.parse(storage.getItem(key)!)).toMatchObject({ glossary: ['jwk'] });
  });

  it('returns ERR_STORAGE_UNAVAILABLE without storage', () => {
    const store = openProgressStore({
      courseId: 'c',
      basePath: '/',
      storage: undefined,
    });
    // globalThis.localStorage does not exist in Node, so the store has nowhere to write.
    expect(store.saveLabCode('lab', code('x'))).toMatchObject({
      ok: false,
      code: 'ERR_STORAGE_UNAVAILABLE',
    });
    expect(store.lab('lab')).toEqual({ attempts: 0 });
  });
});
