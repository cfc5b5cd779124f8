import { describe, expect, it } from 'vitest';
import { lintChecksSource } from '../../src/lab-format/lint-checks.ts';

describe('lintChecksSource', () => {
  it('accepts the supported vitest API', () => {
    const source = `import { afterAll, afterEach, beforeAll, beforeEach, describe, expect, it, test, vi } from 'vitest';
import { f } from '@lab/submission';
import { createTokenServer } from '@lab/server';
const spy = vi.fn();
vi.spyOn(console, 'log');`;
    expect(lintChecksSource(source, 'checks.test.ts', { '@lab/server': ['createTokenServer'] })).toEqual([]);
  });

  it('names each unsupported API with its line', () => {
    const source = `import { describe, it, expect, vi, expectTypeOf } from 'vitest';
import { readFileSync } from 'node:fs';
describe.skip ('x', () => {
  it.each([1])('y', () => {
    vi.useFakeTimers();
    expect(1).toMatchSnapshot();
    expect.poll(() => 1);
  });
});`;
    expect(lintChecksSource(source, 'checks.test.ts')).toEqual([
      "checks.test.ts:1: vitest export 'expectTypeOf' is not supported by the lab runner",
      "checks.test.ts:2: imports 'node:fs'; checks import only vitest, @lab/server, @lab/submission, jose",
      'checks.test.ts:5: vi.useFakeTimers is not supported by the lab runner',
      "checks.test.ts:3: modifier 'describe.skip' is not supported by the lab runner",
      "checks.test.ts:4: modifier 'it.each' is not supported by the lab runner",
      "checks.test.ts:6: snapshot matcher 'toMatchSnapshot' is not supported by the lab runner",
      "checks.test.ts:7: expect API 'expect.poll' is not supported by the lab runner",
    ]);
  });

  it('names an import the simulation does not export', () => {
    const source = `import { createKeySet, type TokenServer } from '@lab/server';`;
    expect(lintChecksSource(source, 'checks.test.ts', { '@lab/server': ['createTokenServer'] })).toEqual([
      "checks.test.ts:1: '@lab/server' has no export named 'createKeySet'",
    ]);
  });
});
