import { mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/grading/core/runner-events';
import { gradeSubmissions, type SubmissionJob } from '../../src/grading/node/grade-submission';
import { gradeSubmissionsCached, readSavedReports, saveReports } from '../../src/grading/node/report-cache';
import { crashedRunReport } from '../../src/grading/core/run-report';
import { loadLab } from '../../src/lab-format/load-lab';

const lab = loadLab('tests/fixtures/labs/verify-token');
const SEED = 1_234_567;
const solution: SubmissionJob = { lab, code: lab.solution, seed: SEED };
const starter: SubmissionJob = { lab, code: lab.starter, seed: SEED };

const dir = mkdtempSync(join(tmpdir(), 'report-cache-'));
const file = join(dir, 'reports.json');
let graded: RunReport[];

/** Reports nothing could have graded: reusing one shows in the verdicts. */
const marked = (report: RunReport): RunReport => ({
  ...report,
  results: report.results.map((r) => ({ ...r, message: `saved: ${r.message ?? ''}` })),
});

beforeAll(async () => {
  graded = await gradeSubmissions([solution, starter]);
});
afterAll(() => rmSync(dir, { recursive: true, force: true }));

describe('saved npm run grade reports', { timeout: 60_000 }, () => {
  it('are reused for the same engine, lab, code and seed, and name their seed', async () => {
    await saveReports(SEED, [solution, starter], graded.map(marked), file);
    const saved = readSavedReports(file);
    expect(saved?.seed).toBe(SEED);
    const { reports, cached } = await gradeSubmissionsCached([starter, solution], saved);
    expect(cached).toBe(2);
    expect(reports).toEqual([marked(graded[1] as RunReport), marked(graded[0] as RunReport)]);
  });

  it('are never reused for other code, another seed or other checks: those are graded', async () => {
    await saveReports(SEED, [solution], [marked(graded[0] as RunReport)], file);
    const jobs: SubmissionJob[] = [
      { ...solution, code: `${lab.solution}\n// one more line\n` },
      { ...solution, seed: SEED + 1 },
      { ...solution, lab: { ...lab, checks: `${lab.checks}\n` } },
      { ...solution, lab: { ...lab, meta: { ...lab.meta, timeoutMs: lab.meta.timeoutMs + 1 } } },
    ];
    const { reports, cached } = await gradeSubmissionsCached(jobs, readSavedReports(file));
    expect(cached).toBe(0);
    for (const report of reports) {
      expect(report.status).toBe('completed');
      expect(report.results.every((r) => !r.message?.startsWith('saved:'))).toBe(true);
    }
  });

  it('never keep a crashed grade, which says something about the process and not the job', async () => {
    await saveReports(SEED, [solution], [crashedRunReport('the grader process exited')], file);
    const { reports, cached } = await gradeSubmissionsCached([solution], readSavedReports(file));
    expect(cached).toBe(0);
    expect(reports[0]?.status).toBe('completed');
  });

  it('are ignored when the file is missing or unreadable, and everything is graded', async () => {
    expect(readSavedReports(join(dir, 'none.json'))).toBeUndefined();
    writeFileSync(file, '{"seed": "soon", "reports"');
    expect(readSavedReports(file)).toBeUndefined();
    const { reports, cached } = await gradeSubmissionsCached([starter], readSavedReports(file));
    expect(cached).toBe(0);
    expect(reports[0]?.results.map((r) => r.status)).toEqual(graded[1]?.results.map((r) => r.status));
  });

  it('replace the previous file whole', async () => {
    await saveReports(SEED, [solution, starter], graded, file);
    await saveReports(SEED + 1, [{ ...starter, seed: SEED + 1 }], [graded[1] as RunReport], file);
    const saved = JSON.parse(readFileSync(file, 'utf8')) as { seed: number; reports: object };
    expect(saved.seed).toBe(SEED + 1);
    expect(Object.keys(saved.reports)).toHaveLength(1);
  });
});
