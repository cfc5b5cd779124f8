import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../schemas/check-result';
import type { RunState } from './lab-session';
import type { RunReport } from './lab-runner-port';
import { runSummary } from './run-summary';

const check = (name: string, status: CheckResult['status']): CheckResult => ({
  name,
  status,
  durationMs: 0,
  console: [],
  evidence: [],
});
const done = (report: Partial<RunReport>): RunState => ({
  status: 'done',
  report: { status: 'completed', results: [], passed: 0, total: 0, durationMs: 1, network: [], ...report },
});

describe('runSummary', () => {
  it('reads "N of M checks passed"', () => {
    expect(runSummary(done({ passed: 7, total: 7 }), 'a.ts')).toBe('7 of 7 checks passed.');
  });

  it('names the file, line and column of a compile error', () => {
    const summary = runSummary(
      done({
        status: 'compile-error',
        total: 3,
        compileError: { message: 'Unexpected token', file: 'verify.ts', line: 4, column: 12 },
      }),
      'verify.ts',
    );
    expect(summary).toBe('Your code does not compile: verify.ts:4:12 Unexpected token');
  });

  it('says that a check timed out and what usually causes it', () => {
    const results = [check('a', 'passed'), check('b', 'timeout'), check('c', 'not run')];
    expect(runSummary(done({ results, passed: 1, total: 3 }), 'a.ts')).toBe(
      '1 of 3 checks passed. One check timed out: look for a loop that never ends or a promise that never settles.',
    );
  });

  it('stays the same while running, so screen readers announce only the verdict', () => {
    const running: RunState = { status: 'running', current: 'x', live: [check('a', 'passed')] };
    expect(runSummary(running, 'a.ts')).toBe('Running checks…');
  });
});
