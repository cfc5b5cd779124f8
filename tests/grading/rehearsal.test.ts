import { beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/grading/core/runner-events';
import { gradeSubmissions, type SubmissionJob } from '../../src/grading/node/grade-submission';
import { randomRunSeed } from '../../src/grading/core/run-seed';
import { listLabIds, loadLab } from '../../src/lab-format/load-lab';

const labs = listLabIds().map((id) => loadLab(`labs/${id}`));
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

/** Both gradings start every check at the same instant, so only the rehearsal differs between them. */
const seed = randomRunSeed();

beforeAll(async () => {
  [plain, rehearsed] = await Promise.all([
    gradeSubmissions(jobs.map((job) => ({ ...job, seed }))),
    gradeSubmissions(jobs.map((job) => ({ ...job, seed, rehearse: true }))),
  ]);
}, 240_000);

describe('the grading rehearsal', () => {
  it('leaves every verdict, message, evidence note and simulated request of the run after it unchanged', () => {
    expect(plain.filter((report) => report.status !== 'completed')).toEqual([]);
    expect(rehearsed.map(verdicts)).toEqual(plain.map(verdicts));
  });

  it('still fails every starter and passes every solution: it grades nothing on the learner’s behalf', () => {
    rehearsed.forEach((report, index) => {
      if (index % 2 === 0) expect(report.passed).toBe(report.total);
      else expect(report.passed).toBeLessThan(report.total);
    });
  });
});
