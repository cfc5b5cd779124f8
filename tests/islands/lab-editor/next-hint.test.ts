import { describe, expect, it } from 'vitest';
import { hintForCheck, nextHint } from '../../../src/islands/lab-editor/next-hint';

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
    expect(nextHint(hints, [], results)).toBe('about-exp');
  });

  it('falls back to the author’s order once the tied hint is shown', () => {
    const results = [{ name: 'verify > rejects expired', status: 'timeout' }];
    expect(nextHint(hints, ['about-exp'], results)).toBe('general');
  });

  it('follows the author’s order before any run', () => {
    expect(nextHint(hints, [], [])).toBe('general');
    expect(nextHint(hints, ['general'], [])).toBe('about-alg');
  });

  it('returns undefined when every hint is revealed', () => {
    expect(nextHint(hints, ['general', 'about-alg', 'about-exp'], [])).toBeUndefined();
  });
});

describe('hintForCheck', () => {
  it('offers, for one failing check, the first unrevealed hint that names it', () => {
    expect(hintForCheck(hints, [], 'verify > honours leeway')).toBe('about-exp');
    expect(hintForCheck(hints, ['about-exp'], 'verify > honours leeway')).toBeUndefined();
    expect(hintForCheck(hints, [], 'verify > accepts a good token')).toBeUndefined();
  });
});
