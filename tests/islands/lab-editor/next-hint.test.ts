import { describe, expect, it } from 'vitest';
import { nextHint } from '../../../src/islands/lab-editor/next-hint';

const hints = [
  { id: 'general', forChecks: [] },
  { id: 'about-alg', forChecks: ['verify > rejects alg none'] },
  {
    id: 'about-exp',
    forChecks: ['verify > rejects expired', 'verify > honours leeway'],
  },
];

describe('nextHint', () => {
  it('offers the hint tied to the first failing check first', () => {
    const results = [
      { name: 'verify > accepts a good token', status: 'passed' },
      { name: 'verify > rejects expired', status: 'failed' },
      { name: 'verify > rejects alg none', status: 'failed' },
    ];
    expect(nextHint(hints, [], results)).toBe(2);
  });

  it('falls back to the author’s order once the tied hint is shown', () => {
    const results = [{ name: 'verify > rejects expired', status: 'timeout' }];
    expect(nextHint(hints, [2], results)).toBe(0);
  });

  it('follows the author’s order before any run', () => {
    expect(nextHint(hints, [], [])).toBe(0);
    expect(nextHint(hints, [0], [])).toBe(1);
  });

  it('returns undefined when every hint is revealed', () => {
    expect(nextHint(hints, [0, 1, 2], [])).toBeUndefined();
  });
});
