import { describe, expect, it } from 'vitest';
import { matchSentence } from '../../src/elements/search-dialog';

describe('matchSentence', () => {
  it('says page or pages by the count, and quotes the term when nothing matches', () => {
    expect(matchSentence(1, 'malleability')).toBe('1 matching page.');
    expect(matchSentence(3, 'audience')).toBe('3 matching pages.');
    expect(matchSentence(0, 'zzz')).toBe('Nothing matches “zzz”.');
  });
});
