import { describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/grading/core/runner-events';
import { toGradeReport } from '../../src/grading/node/grade-report';

const check = (name: string, status: 'passed' | 'failed') => ({
  name,
  status,
  durationMs: 1,
  console: [],
  evidence: [],
});
const run = (over: Partial<RunReport>): RunReport => ({
  status: 'completed',
  results: [check('a', 'passed'), check('b', 'passed')],
  passed: 2,
  total: 2,
  durationMs: 5,
  network: [],
  ...over,
});

describe('toGradeReport fails closed', () => {
  it('passes a complete run whose every check passed', () => {
    expect(toGradeReport('lab', run({}))).toMatchObject({ status: 'passed', passed: 2, total: 2 });
  });

  it('is an error when no report came back', () => {
    expect(toGradeReport('lab', undefined)).toMatchObject({ status: 'error', passed: 0, total: 0 });
  });

  it('is an error when the run crashed or ran no check', () => {
    expect(toGradeReport('lab', run({ status: 'crashed', error: 'worker died' }))).toMatchObject({
      status: 'error',
      error: 'worker died',
    });
    expect(toGradeReport('lab', run({ results: [], passed: 0, total: 0 })).status).toBe('error');
  });

  it('counts from the checks, never from the counts a report claims', () => {
    const claimed = run({ results: [check('a', 'passed'), check('b', 'failed')], passed: 2, total: 2 });
    expect(toGradeReport('lab', claimed)).toMatchObject({ status: 'failed', passed: 1, total: 2 });
  });

  it('is an error when a check does not read as a verdict (an empty slot, a foreign object)', () => {
    const holes = run({ results: new Array(2) as RunReport['results'] });
    expect(toGradeReport('lab', holes).status).toBe('error');
  });
});

describe('toGradeReport names the run seed', () => {
  it('copies the seed of a run, and leaves out one that does not read as a seed', () => {
    expect(toGradeReport('lab', run({ seed: 42 })).seed).toBe(42);
    expect(toGradeReport('lab', run({ seed: -3 }))).not.toHaveProperty('seed');
    expect(toGradeReport('lab', run({}))).not.toHaveProperty('seed');
  });
});
