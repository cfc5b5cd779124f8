import { describe, expect, it } from 'vitest';
import { gradeQuestion, scoreSentence } from '../../src/elements/quiz-grade';
import { clearQuizState, readQuizState, writeQuizState } from '../../src/elements/quiz-storage';
import { MemoryStorage } from '../support/memory-storage';

describe('gradeQuestion', () => {
  it('is correct only with exactly the right choices', () => {
    expect(gradeQuestion([1], [1])).toBe('correct');
    expect(gradeQuestion([0, 2], [2, 0])).toBe('correct');
  });

  it('marks a superset or a partial pick of a multi-answer question incorrect', () => {
    expect(gradeQuestion([0, 1, 2], [0, 2])).toBe('incorrect');
    expect(gradeQuestion([0], [0, 2])).toBe('incorrect');
  });

  it('reports an empty pick as unanswered', () => {
    expect(gradeQuestion([], [0])).toBe('unanswered');
  });
});

describe('scoreSentence', () => {
  it('counts right and unanswered questions', () => {
    expect(scoreSentence(['correct', 'correct'])).toBe('All 2 correct.');
    expect(scoreSentence(['correct', 'incorrect', 'unanswered'])).toMatch(/^1 of 3 correct\. 1 unanswered\./);
  });

  it('invites another try while a wrong answer has not been revealed yet', () => {
    expect(scoreSentence(['correct', 'incorrect'], true)).toBe(
      '1 of 2 correct. Read the explanation under each answer you picked, then try the ones marked wrong again.',
    );
    expect(scoreSentence(['correct', 'incorrect'], false)).toBe(
      '1 of 2 correct. Read the explanation under each answer you picked.',
    );
  });
});

describe('quiz storage', () => {
  const key = 'jwt-deep-dive:/courses/jwt/:quiz:00-foundations/01-what-is-a-jwt';

  it('round-trips the picked answers', () => {
    const storage = new MemoryStorage();
    writeQuizState(storage, key, {
      answers: [[0], [1, 2]],
      checkedAt: '2026-01-01T00:00:00.000Z',
    });
    expect(readQuizState(storage, key)?.answers).toEqual([[0], [1, 2]]);
    clearQuizState(storage, key);
    expect(readQuizState(storage, key)).toBeUndefined();
  });

  it('ignores saved data of the wrong shape instead of throwing', () => {
    const storage = new MemoryStorage();
    storage.setItem(key, '{"answers":"all"}');
    expect(readQuizState(storage, key)).toBeUndefined();
    storage.setItem(key, 'not json');
    expect(readQuizState(storage, key)).toBeUndefined();
  });
});

describe('choiceOrder', () => {
  it('is a stable permutation of the choice indexes', async () => {
    const { choiceOrder } = await import('../../src/elements/quiz-order');
    const order = choiceOrder('00-foundations/01-what-is-a-jwt', 0, 4);
    expect([...order].sort()).toEqual([0, 1, 2, 3]);
    expect(choiceOrder('00-foundations/01-what-is-a-jwt', 0, 4)).toEqual(order);
  });
});
