import { GradeReportSchema, type GradeReport } from '../../schemas/check-result';
import { RunSeedSchema } from '../../schemas/run-seed';
import type { RunReport } from '../core/runner-events';

/**
 * `npm run grade --json` output for one submission. It fails closed: the counts are recomputed from the
 * checks themselves, and a run that crashed, reported no checks, or whose checks do not read as verdicts is
 * status `error` (exit 1), never a pass.
 */
export function toGradeReport(lab: string, run: RunReport | undefined): GradeReport {
  const broken = (error: string): GradeReport =>
    GradeReportSchema.parse({ lab, status: 'error', error, passed: 0, total: 0, checks: [] });
  if (!run) return broken('the grader returned no report for this submission');
  const checks = GradeReportSchema.shape.checks.safeParse(run.results);
  if (!checks.success) return broken('the grader returned a report whose checks cannot be read');
  const passed = checks.data.filter((check) => check.status === 'passed').length;
  // A seed that does not read as one is left out rather than failing the report.
  const seed = RunSeedSchema.safeParse(run.seed).success ? { seed: run.seed } : {};
  const total = checks.data.length;
  if (run.status === 'crashed' || total === 0)
    return GradeReportSchema.parse({
      lab,
      status: 'error',
      error: run.error ?? 'no check ran',
      ...seed,
      passed,
      total,
      checks: checks.data,
    });
  return GradeReportSchema.parse({
    lab,
    status: passed === total ? 'passed' : 'failed',
    ...seed,
    passed,
    total,
    checks: checks.data,
  });
}
