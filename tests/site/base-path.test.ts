import { describe, expect, it } from 'vitest';
import { normalizeBasePath, withBase } from '../../src/site/base-path';

describe('normalizeBasePath', () => {
  it.each([
    [undefined, '/'],
    ['', '/'],
    ['/', '/'],
    ['courses/jwt', '/courses/jwt/'],
    ['/courses/jwt', '/courses/jwt/'],
    ['courses/jwt/', '/courses/jwt/'],
    ['//courses//jwt//', '/courses/jwt/'],
    [' /jwt ', '/jwt/'],
  ])('turns %j into %j', (raw, expected) => {
    expect(normalizeBasePath(raw)).toBe(expected);
  });
});

describe('withBase', () => {
  it('joins a site path onto the base without doubling slashes', () => {
    expect(withBase('/courses/jwt/', '/00-foundations/')).toBe('/courses/jwt/00-foundations/');
    expect(withBase('/', 'favicon.svg')).toBe('/favicon.svg');
    expect(withBase('/courses/jwt/')).toBe('/courses/jwt/');
  });
});
