import { describe, expect, it } from 'vitest';
import { clearQuizResult, readQuizResult, writeQuizResult } from '../../src/elements/quiz-storage';
import { openProgressStore } from '../../src/progress/progress-store';
import { MemoryStorage } from '../support/memory-storage';

const PLACE = {
  courseId: 'jwt-deep-dive',
  basePath: '/courses/jwt/',
  quizId: '00-foundations/01-what-is-a-jwt',
};
/** Where answers were saved before they moved into the progress document. */
const OLD_KEY = 'jwt-deep-dive:/courses/jwt/:quiz:00-foundations/01-what-is-a-jwt';
const state = { answers: [[1], [0, 2]], checkedAt: '2026-01-01T00:00:00.000Z' };
const store = (storage: Storage) =>
  openProgressStore({ courseId: 'jwt-deep-dive', basePath: '/courses/jwt/', storage });

describe('quiz storage through the progress document', () => {
  it('stores the answers in the course progress, where export sees them', () => {
    const storage = new MemoryStorage();
    writeQuizResult(storage, PLACE, state);
    expect(readQuizResult(storage, PLACE)).toEqual(state);
    expect(storage.getItem(OLD_KEY)).toBeNull();
    const read = store(storage).read();
    expect(read.ok && read.doc.quizzes['00-foundations/01-what-is-a-jwt']).toEqual(state);
  });

  it('still reads answers saved under the old key', () => {
    const storage = new MemoryStorage();
    storage.setItem(OLD_KEY, JSON.stringify(state));
    expect(readQuizResult(storage, PLACE)).toEqual(state);
  });

  it('forgets the answers on reset, old key included', () => {
    const storage = new MemoryStorage();
    writeQuizResult(storage, PLACE, state);
    storage.setItem(OLD_KEY, JSON.stringify(state));
    clearQuizResult(storage, PLACE);
    expect(readQuizResult(storage, PLACE)).toBeUndefined();
  });

  it('ignores saved data of the wrong shape instead of throwing', () => {
    const storage = new MemoryStorage();
    storage.setItem(OLD_KEY, '{"answers":"all"}');
    expect(readQuizResult(storage, PLACE)).toBeUndefined();
    storage.setItem(OLD_KEY, 'not json');
    expect(readQuizResult(storage, PLACE)).toBeUndefined();
  });

  it('keeps two course copies apart', () => {
    const storage = new MemoryStorage();
    writeQuizResult(storage, PLACE, state);
    expect(readQuizResult(storage, { ...PLACE, basePath: '/' })).toBeUndefined();
  });

  it('keeps the saved progress when storage is full', () => {
    const storage = new MemoryStorage();
    writeQuizResult(storage, PLACE, state);
    storage.quotaBytes = 0;
    writeQuizResult(storage, PLACE, { ...state, answers: [[0], [1]] });
    expect(readQuizResult(storage, PLACE)).toEqual(state);
  });
});
