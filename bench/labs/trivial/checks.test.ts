import { describe, expect, it } from 'vitest';
import { splitToken } from '@lab/submission';

describe('splitToken', () => {
  it('returns the three segments', () => {
    expect(splitToken('aGVhZA.cGF5bG9hZA.c2ln')).toEqual({
      header: 'aGVhZA',
      payload: 'cGF5bG9hZA',
      signature: 'c2ln',
    });
  });
  it('keeps an empty signature', () => {
    expect(splitToken('aGVhZA.cGF5bG9hZA.')).toMatchObject({ signature: '' });
  });
  it('rejects a token with two parts', () => {
    expect(() => splitToken('aGVhZA.cGF5bG9hZA')).toThrow('expected 3 parts');
  });
  it('rejects a token with four parts', () => {
    expect(() => splitToken('a.b.c.d')).toThrow();
  });
  it('rejects characters outside base64url', () => {
    expect(() => splitToken('a+b.c/d.e=')).toThrow('base64url');
  });
  it('rejects an empty header', () => {
    expect(() => splitToken('.cGF5bG9hZA.c2ln')).toThrow();
  });
  it('returns strings', () => {
    const parts = splitToken('aGVhZA.cGF5bG9hZA.c2ln');
    expect(Object.values(parts).every((part) => typeof part === 'string')).toBe(true);
  });
});
