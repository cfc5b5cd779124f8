import { beforeAll, describe, expect, it } from 'vitest';
import { REHEARSAL_CHECKS, REHEARSAL_FILE, REHEARSAL_SUBMISSION } from '../../src/grading/core/rehearsal';
import type { RunReport } from '../../src/grading/core/runner-events';
import { gradeSubmissions } from '../../src/grading/node/grade-submission';
import { lintChecksSource } from '../../src/lab-format/lint-checks';
import { loadLab } from '../../src/lab-format/load-lab';

const lab = loadLab('src/grading/rehearsal-lab');
/** The one check that fails by design: it warms the diff printer a learner's first failure needs. */
const FAILS_BY_DESIGN = 'rehearsal > formats a failed comparison';
let solution: RunReport;
let starter: RunReport;
let wrong: RunReport[];

beforeAll(async () => {
  const reports = await gradeSubmissions([
    { lab, code: lab.solution },
    { lab, code: lab.starter },
    ...lab.wrong.map((answer) => ({ lab, code: answer.code })),
  ]);
  const [first, second, ...rest] = reports;
  if (!first || !second) throw new Error(`expected ${2 + lab.wrong.length} reports, got ${reports.length}`);
  [solution, starter, wrong] = [first, second, rest];
}, 120_000);

describe('the rehearsal lab', () => {
  it('is what the worker rehearses', () => {
    expect(REHEARSAL_SUBMISSION).toBe(lab.solution);
    expect(REHEARSAL_CHECKS).toBe(lab.checks);
    expect(REHEARSAL_FILE).toBe(lab.meta.editableFile);
  });

  it('passes the checks lint, as every lab does, so it rehearses the path the labs take', () => {
    expect(lintChecksSource(lab.checks, 'rehearsal-lab/checks.test.ts')).toEqual([]);
  });

  it('passes every check with its solution but the one that fails by design, with a diff', () => {
    expect(solution.status).toBe('completed');
    const failed = solution.results.filter((result) => result.status !== 'passed');
    expect(failed.map((result) => [result.name, result.status])).toEqual([[FAILS_BY_DESIGN, 'failed']]);
    expect(failed[0]?.diff).toBeTruthy();
    expect(solution.total).toBeGreaterThanOrEqual(10);
  });

  it('fails every check that touches the verifier with its starter', () => {
    const passed = starter.results
      .filter((result) => result.status === 'passed')
      .map((result) => result.name);
    expect(passed.every((name) => name.includes('simulation keys'))).toBe(true);
    expect(
      starter.results.find((result) => result.name === 'rehearsal > accepts a minted token')?.status,
    ).toBe('failed');
  });

  it('fails exactly the checks each wrong answer declares', () => {
    expect(lab.wrong.length).toBeGreaterThan(0);
    lab.wrong.forEach((answer, index) => {
      const failed = wrong[index]?.results.filter((result) => result.status !== 'passed').map((r) => r.name);
      expect(failed?.sort()).toEqual([...answer.fails].sort());
    });
  });
});
