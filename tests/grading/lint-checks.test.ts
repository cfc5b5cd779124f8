import { describe, expect, it } from 'vitest';
import { lintChecksSource } from '../../src/lab-format/lint-checks';

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

  describe('learner values (files with the pragma)', () => {
    const header = `// @lab-checks learner-values-through-snapshot
import { expect, it } from 'vitest';
import { createVerifier, type Options } from '@lab/submission';
import { expectAccepted, expectRejected, settle, snapshot } from '@lab/server';
`;

    it('accepts learner values that reach matchers only through the vocabulary', () => {
      const source = `${header}
const verify = createVerifier({ issuer: 'x' });
it('x', async () => {
  await expectAccepted(() => verify('t'), { sub: 'a' });
  await expectRejected(() => verify('bad'), { code: 'ERR_JWT_EXPIRED' });
  const outcome = await settle(() => verify('t'));
  expect(outcome.accepted).toBe(true);
  expect(snapshot(await verify('t'))).toEqual({});
});`;
      expect(lintChecksSource(source, 'checks.test.ts')).toEqual([]);
    });

    it('names each raw learner value handed to a matcher, and each unsnapshotted call', () => {
      const source = `${header}
const verify = createVerifier({ issuer: 'x' });
it('x', async () => {
  await expect(verify('t')).resolves.toMatchObject({});
  const claims = await verify('t');
  expect(claims.sub).toBe('a');
  try { await verify('bad'); } catch {}
});`;
      expect(lintChecksSource(source, 'checks.test.ts')).toEqual([
        "checks.test.ts:8: '.resolves' hands the learner's promise to a matcher; use expectAccepted from @lab/server",
        "checks.test.ts:8: expect(…) receives the learner value 'verify'; pass it through settle, snapshot or an expect* helper from @lab/server",
        "checks.test.ts:10: expect(…) receives the learner value 'claims'; pass it through settle, snapshot or an expect* helper from @lab/server",
        "checks.test.ts:8: calls the learner's 'verify' outside settle/expect* from @lab/server, so what it returns or throws is not snapshotted",
        "checks.test.ts:11: calls the learner's 'verify' outside settle/expect* from @lab/server, so what it returns or throws is not snapshotted",
      ]);
    });

    it('leaves files without the pragma alone', () => {
      const source = `import { expect, it } from 'vitest';
import { verify } from '@lab/submission';
it('x', async () => { await expect(verify('t')).resolves.toBe(1); });`;
      expect(lintChecksSource(source, 'checks.test.ts')).toEqual([]);
    });
  });
});
