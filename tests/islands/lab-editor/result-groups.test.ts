import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../../src/schemas/check-result';
import { groupResults } from '../../../src/islands/lab-editor/result-groups';

const check = (name: string, status: CheckResult['status']): CheckResult => ({
  name,
  status,
  durationMs: 0,
  console: [],
  evidence: [],
});

describe('groupResults', () => {
  const results = [
    check('verifier > legitimate traffic > accepts a token', 'passed'),
    check('verifier > RFC 8725 §3.1 > rejects alg none', 'failed'),
    check('verifier > legitimate traffic > accepts a clock skew', 'failed'),
    check('verifier > RFC 8725 §3.1 > rejects HS256 confusion', 'timeout'),
    check('verifier > RFC 7519 > rejects an expired token', 'not run'),
    check('verifier > RFC 8725 §3.1 > rejects an unknown alg', 'passed'),
  ];

  it('lists failures first, grouped by describe block in run order, without the block every check shares', () => {
    const { failures } = groupResults(results);
    expect(failures.map((g) => [g.heading, g.checks.map((c) => [c.title, c.result.status])])).toEqual([
      [
        'RFC 8725 §3.1',
        [
          ['rejects alg none', 'failed'],
          ['rejects HS256 confusion', 'timeout'],
        ],
      ],
      ['legitimate traffic', [['accepts a clock skew', 'failed']]],
    ]);
  });

  it('keeps passes and checks not run apart, named with the describe blocks that tell them apart', () => {
    const { passes, notRun } = groupResults(results);
    expect(passes.map((c) => c.title)).toEqual([
      'legitimate traffic > accepts a token',
      'RFC 8725 §3.1 > rejects an unknown alg',
    ]);
    expect(notRun.map((c) => c.title)).toEqual(['RFC 7519 > rejects an expired token']);
  });

  it('keeps every describe block when the checks share none, and names top-level tests alone', () => {
    const { failures } = groupResults([
      check('a > x', 'failed'),
      check('b > y', 'failed'),
      check('z', 'error'),
    ]);
    expect(failures.map((g) => [g.heading, g.checks.map((c) => c.title)])).toEqual([
      ['a', ['x']],
      ['b', ['y']],
      ['', ['z']],
    ]);
  });
});
