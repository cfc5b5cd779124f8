import { describe, expect, it } from 'vitest';
import { openProgressStore } from '../../src/progress/progress-store';
import { MemoryStorage } from '../support/memory-storage';

let clock = new Date('2026-01-01T00:00:00Z');
const open = (storage: Storage) =>
  openProgressStore({ courseId: 'jwt-deep-dive', basePath: '/', storage, now: () => clock });
const ran = (code: string) => ({ code, starterHash: 's1', checksHash: 'c1' });

describe('recordAttempt', () => {
  it('keeps the code that passed, not the latest autosave, and the first pass time', () => {
    const store = open(new MemoryStorage());
    store.recordAttempt('lab', { passed: 2, total: 3 }, ran('almost'));
    expect(store.lab('lab').passing).toBeUndefined();
    clock = new Date('2026-01-01T01:00:00Z');
    store.recordAttempt('lab', { passed: 3, total: 3 }, ran('passing'));
    store.saveLabCode('lab', ran('broken later'));
    clock = new Date('2026-01-01T02:00:00Z');
    store.recordAttempt('lab', { passed: 0, total: 3 }, ran('broken later'));
    expect(store.lab('lab')).toMatchObject({
      attempts: 3,
      firstPassAt: '2026-01-01T01:00:00.000Z',
      passing: { code: 'passing', passedAt: '2026-01-01T01:00:00.000Z' },
    });
  });

  it('falls back to the saved code when the caller does not say what ran', () => {
    const store = open(new MemoryStorage());
    store.saveLabCode('lab', ran('saved before the run'));
    store.recordAttempt('lab', { passed: 1, total: 1 });
    expect(store.lab('lab').passing?.code).toBe('saved before the run');
  });

  it('never counts a lab without checks as passed', () => {
    const store = open(new MemoryStorage());
    store.recordAttempt('lab', { passed: 0, total: 0 }, ran('x'));
    expect(store.lab('lab').firstPassAt).toBeUndefined();
  });

  it('upgrades a version 1 document in place on the next write', () => {
    const storage = new MemoryStorage();
    storage.setItem(
      'jwt-deep-dive:progress:jwt-deep-dive:/',
      JSON.stringify({ version: 1, labs: { lab: { attempts: 4 } } }),
    );
    open(storage).recordAttempt('lab', { passed: 1, total: 2 });
    expect(JSON.parse(storage.getItem('jwt-deep-dive:progress:jwt-deep-dive:/') ?? '')).toMatchObject({
      version: 2,
      labs: { lab: { attempts: 5 } },
      lessons: { visited: {}, completed: {} },
      quizzes: {},
    });
  });

  it('reports ERR_STORAGE_UNAVAILABLE when storage throws on access, and keeps working', () => {
    const storage = new MemoryStorage();
    storage.disabled = true;
    const store = open(storage);
    expect(store.recordAttempt('lab', { passed: 1, total: 1 }, ran('x'))).toMatchObject({
      code: 'ERR_STORAGE_UNAVAILABLE',
    });
    expect(store.lab('lab')).toEqual({ attempts: 0 });
    expect(store.exportFile()).toMatchObject({ ok: false, code: 'ERR_STORAGE_UNAVAILABLE' });
  });
});
