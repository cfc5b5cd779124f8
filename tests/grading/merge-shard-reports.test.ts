import { describe, expect, it } from 'vitest';
import { mergeShardReports } from '../../src/grading/core/merge-shard-reports';
import { buildRunReport } from '../../src/grading/core/run-report';
import type { CheckResult } from '../../src/schemas/check-result';

const check = (name: string, status: CheckResult['status'] = 'passed'): CheckResult => ({
  name,
  status,
  durationMs: 1,
  console: [],
  evidence: [],
});
const request = (check: string, url: string) => ({
  id: 1,
  method: 'GET',
  url,
  time: '2026-01-01T00:00:00.000Z',
  status: 200,
  check,
});
const ALL = ['a', 'b', 'c', 'd'];

describe('mergeShardReports', () => {
  it('reads as one run: every result and request in the lab’s check order, the longest share’s time', () => {
    const first = buildRunReport({
      status: 'completed',
      results: [check('a'), check('c', 'failed')],
      durationMs: 40,
      seed: 7,
      network: [request('c', 'https://x.test/c'), request('a', 'https://x.test/a')],
    });
    const second = buildRunReport({
      status: 'completed',
      results: [check('b'), check('d')],
      durationMs: 55,
      seed: 7,
      network: [request('b', 'https://x.test/b1'), request('b', 'https://x.test/b2')],
    });
    const merged = mergeShardReports([first, second], ALL);
    expect(merged).toMatchObject({ status: 'completed', passed: 3, total: 4, durationMs: 55, seed: 7 });
    expect(merged.results.map((result) => result.name)).toEqual(ALL);
    expect(merged.network.map((entry) => entry.url)).toEqual([
      'https://x.test/a',
      'https://x.test/b1',
      'https://x.test/b2',
      'https://x.test/c',
    ]);
  });

  it('keeps the gravest status: a crashed share makes a crashed run, with its reason', () => {
    const crashed = buildRunReport({
      status: 'crashed',
      results: [check('a', 'not run')],
      durationMs: 3,
      error: 'the lab worker crashed',
    });
    const completed = buildRunReport({ status: 'completed', results: [check('b')], durationMs: 9 });
    expect(mergeShardReports([completed, crashed], ALL)).toMatchObject({
      status: 'crashed',
      error: 'the lab worker crashed',
      passed: 1,
      total: 2,
    });
  });

  it('reports a compile error once located, whichever share saw it', () => {
    const compileError = { message: 'Unexpected token', file: 'lab.ts', line: 2, column: 5 };
    const shares = [0, 1].map((share) =>
      buildRunReport({
        status: 'compile-error',
        results: ALL.filter((_, index) => index % 2 === share).map((name) => check(name, 'error')),
        durationMs: 2,
        compileError,
      }),
    );
    const merged = mergeShardReports(shares, ALL);
    expect(merged).toMatchObject({ status: 'compile-error', compileError, passed: 0, total: 4 });
    expect(merged.results.map((result) => result.name)).toEqual(ALL);
  });

  it('reports a hang while loading the checks once, though every share hung on it', () => {
    const hung = () =>
      buildRunReport({
        status: 'completed',
        results: [check('(loading the checks)', 'timeout')],
        durationMs: 3000,
      });
    const merged = mergeShardReports([hung(), hung()], []);
    expect(merged.results.map((result) => [result.name, result.status])).toEqual([
      ['(loading the checks)', 'timeout'],
    ]);
  });
});
