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

  describe('learner values (every checks file)', () => {
    const header = `
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

    it('holds a checks file that declares nothing to the rule: there is no opting out', () => {
      const source = `import { expect, it } from 'vitest';
import { verify } from '@lab/submission';
it('x', async () => { await expect(verify('t')).resolves.toBe(1); });`;
      expect(lintChecksSource(source, 'checks.test.ts')).toEqual([
        "checks.test.ts:3: '.resolves' hands the learner's promise to a matcher; use expectAccepted from @lab/server",
        "checks.test.ts:3: expect(…) receives the learner value 'verify'; pass it through settle, snapshot or an expect* helper from @lab/server",
        "checks.test.ts:3: calls the learner's 'verify' outside settle/expect* from @lab/server, so what it returns or throws is not snapshotted",
      ]);
    });
  });

  describe('functions handed to learner code', () => {
    const header = `import { it, vi } from 'vitest';
import { requireBearerToken, createGateway } from '@lab/submission';
import { forLearner, expectStatus } from '@lab/server';
`;
    const problem = (line: number, name: string) =>
      `checks.test.ts:${line}: hands a function to the learner's '${name}' without forLearner(…) from @lab/server, so learner code reaches the check's own function`;

    it('names a function literal, a vi.fn, a declared function or an object holding one, passed as it is', () => {
      const source = `${header}
const route = vi.fn(async () => new Response('ok'));
async function publish(keys: unknown) { return keys; }
const onRequest = (request: Request) => request.url;
const a = requireBearerToken({ audience: 'x' }, async () => new Response('ok'));
const b = requireBearerToken({ audience: 'x' }, route);
const c = createGateway({ publish, routes: [] });
const d = createGateway({ hooks: [onRequest] }, vi.fn());
const e = requireBearerToken({ audience: 'x' }, function next() { return new Response('ok'); });`;
      expect(lintChecksSource(source, 'checks.test.ts')).toEqual([
        problem(8, 'requireBearerToken'),
        problem(9, 'requireBearerToken'),
        problem(12, 'requireBearerToken'),
        problem(10, 'createGateway'),
        problem(11, 'createGateway'),
        problem(11, 'createGateway'),
      ]);
    });

    it('accepts functions wrapped with forLearner, and values that are only what a check function returned', () => {
      const source = `${header}
const route = vi.fn(async () => new Response('ok'));
function config() { return { audience: 'x' }; }
const a = requireBearerToken(config(), forLearner(route) as never);
const b = createGateway(forLearner({ routes: [{ upstream: 'https://a.test', respond: async () => new Response('') }] }));
it('x', async () => {
  await expectStatus(() => a(new Request('https://a.test/')), 401);
});`;
      expect(lintChecksSource(source, 'checks.test.ts')).toEqual([]);
    });
  });
});
