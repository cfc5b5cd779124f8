import { beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/grading/core/runner-events.ts';
import { gradeSubmissions, type SubmissionJob } from '../../src/grading/node/grade-submission.ts';
import { loadLab } from '../../src/labs/load-lab.ts';

const labs = [loadLab('labs/verify-access-token'), loadLab('tests/fixtures/labs/verify-token')];
const jobs: SubmissionJob[] = labs.flatMap((lab) => [
  { lab, code: lab.solution },
  { lab, code: lab.starter },
]);
let plain: RunReport[];
let rehearsed: RunReport[];

/**
 * What the learner sees of a report, with timings left out and every long base64url run (random `jti`s,
 * tokens and signatures, which differ between any two runs) replaced by one placeholder.
 */
function verdicts(report: RunReport): unknown {
  const seen = {
    status: report.status,
    passed: report.passed,
    total: report.total,
    results: report.results.map(({ durationMs: _, evidence, ...rest }) => ({
      ...rest,
      evidence: evidence.map(({ token: __, ...kept }) => kept),
    })),
    network: report.network.map(({ method, url, status, check }) => ({ method, url, status, check })),
  };
  return JSON.parse(JSON.stringify(seen).replace(/[\w-]{20,}/g, '<random>'));
}

beforeAll(async () => {
  [plain, rehearsed] = await Promise.all([
    gradeSubmissions(jobs),
    gradeSubmissions(jobs.map((job) => ({ ...job, rehearse: true }))),
  ]);
}, 240_000);

describe('the grading rehearsal', () => {
  it('leaves every verdict, message, evidence note and simulated request of the run after it unchanged', () => {
    expect(plain.map((report) => report.status)).toEqual([
      'completed',
      'completed',
      'completed',
      'completed',
    ]);
    expect(rehearsed.map(verdicts)).toEqual(plain.map(verdicts));
  });

  it('still fails a starter: the rehearsal passes nothing on the learner’s behalf', () => {
    expect(rehearsed[1]?.passed).toBeLessThan(rehearsed[1]?.total ?? 0);
    expect(rehearsed[0]?.passed).toBe(rehearsed[0]?.total);
  });
});
