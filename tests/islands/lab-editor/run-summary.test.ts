import { describe, expect, it } from 'vitest';
import type { CheckResult } from '../../../src/schemas/check-result';
import type { RunState } from '../../../src/islands/lab-editor/lab-session';
import type { RunReport } from '../../../src/islands/lab-editor/lab-runner-port';
import { runSummary } from '../../../src/islands/lab-editor/run-summary';

const check = (name: string, status: CheckResult['status']): CheckResult => ({
  name,
  status,
  durationMs: 0,
  console: [],
  evidence: [],
});
const done = (report: Partial<RunReport>, code = ''): RunState => ({
  status: 'done',
  code,
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

  it('puts a missing ")" at the end of the line that lacks it, not at the next line the parser tripped on', () => {
    const code = 'const a = sign(token,\n\nexport const b = 1;\n';
    const summary = runSummary(
      done(
        {
          status: 'compile-error',
          compileError: { message: 'Unexpected token', file: 'verify.ts', line: 3, column: 1 },
        },
        code,
      ),
      'verify.ts',
    );
    expect(summary).toBe('Your code does not compile: verify.ts:1:22 Unexpected token');
  });

  it('recalls the last run after a reload, and says when the checks changed since', () => {
    const lastRun = { passed: 7, total: 7, checksHash: 'c1', ranAt: '2026-01-02T03:04:05.000Z' };
    const at = new Date(lastRun.ranAt).toLocaleString();
    expect(runSummary({ status: 'previous', lastRun, checksChanged: false }, 'a.ts')).toBe(
      `All 7 checks passed when you last ran them (${at}).`,
    );
    expect(runSummary({ status: 'previous', lastRun, checksChanged: true }, 'a.ts')).toBe(
      `Passed against an earlier version of the checks (${at}): run again.`,
    );
    expect(
      runSummary({ status: 'previous', lastRun: { ...lastRun, passed: 2 }, checksChanged: false }, 'a.ts'),
    ).toBe(`Your last run (${at}): 2 of 7 checks passed. Run again to see the details.`);
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
