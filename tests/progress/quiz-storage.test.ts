import { describe, expect, it } from 'vitest';
import { clearQuizState, readQuizState, writeQuizState } from '../../src/elements/quiz-storage';
import { openProgressStore } from '../../src/progress/progress-store';
import { MemoryStorage } from '../support/memory-storage';

const KEY = 'jwt-deep-dive:/courses/jwt/:quiz:00-foundations/01-what-is-a-jwt';
const state = { answers: [[1], [0, 2]], checkedAt: '2026-01-01T00:00:00.000Z' };
const store = (storage: Storage) =>
  openProgressStore({ courseId: 'jwt-deep-dive', basePath: '/courses/jwt/', storage });

describe('quiz storage through the progress document', () => {
  it('stores the answers in the course progress, where export sees them', () => {
    const storage = new MemoryStorage();
    writeQuizState(storage, KEY, state);
    expect(readQuizState(storage, KEY)).toEqual(state);
    expect(storage.getItem(KEY)).toBeNull();
    const read = store(storage).read();
    expect(read.ok && read.doc.quizzes['00-foundations/01-what-is-a-jwt']).toEqual(state);
  });

  it('still reads answers saved under the old key', () => {
    const storage = new MemoryStorage();
    storage.setItem(KEY, JSON.stringify(state));
    expect(readQuizState(storage, KEY)).toEqual(state);
  });

  it('forgets the answers on reset', () => {
    const storage = new MemoryStorage();
    writeQuizState(storage, KEY, state);
    clearQuizState(storage, KEY);
    expect(readQuizState(storage, KEY)).toBeUndefined();
  });

  it('keeps the saved progress when storage is full', () => {
    const storage = new MemoryStorage();
    writeQuizState(storage, KEY, state);
    storage.quotaBytes = 0;
    writeQuizState(storage, KEY, { ...state, answers: [[0], [1]] });
    expect(readQuizState(storage, KEY)).toEqual(state);
  });
});
