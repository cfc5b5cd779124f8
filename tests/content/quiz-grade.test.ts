import { describe, expect, it } from 'vitest';
import { gradeQuestion, scoreSentence } from '../../src/elements/quiz-grade';

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

describe('choiceOrder', () => {
  it('is a stable permutation of the choice indexes', async () => {
    const { choiceOrder } = await import('../../src/elements/quiz-order');
    const order = choiceOrder('00-foundations/01-what-is-a-jwt', 0, 4);
    expect([...order].sort()).toEqual([0, 1, 2, 3]);
    expect(choiceOrder('00-foundations/01-what-is-a-jwt', 0, 4)).toEqual(order);
  });
});
