import { describe, expect, it } from 'vitest';
import { solutionAvailability } from '../../../src/islands/lab-editor/solution-availability';

describe('solutionAvailability', () => {
  it('never offers a solution in never mode, even if one were present', () => {
    expect(solutionAvailability({ mode: 'never' }, 99, true)).toEqual({
      available: false,
      reason: 'never',
    });
  });

  it('counts down the attempts in after-attempts mode', () => {
    const offer = { mode: 'after-attempts', attempts: 3 } as const;
    expect(solutionAvailability(offer, 1, true)).toEqual({
      available: false,
      reason: 'attempts',
      remaining: 2,
    });
    expect(solutionAvailability(offer, 3, true)).toEqual({ available: true });
  });

  it('offers it from the start in always mode', () => {
    expect(solutionAvailability({ mode: 'always' }, 0, true)).toEqual({
      available: true,
    });
  });

  it('does not offer a solution the page did not ship', () => {
    expect(solutionAvailability({ mode: 'always' }, 0, false)).toEqual({
      available: false,
      reason: 'not-shipped',
    });
  });
});
