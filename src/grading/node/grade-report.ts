import { GradeReportSchema, type GradeReport } from '../../schemas/check-result.ts';
import type { RunReport } from '../core/runner-events.ts';

/**
 * `npm run grade --json` output for one submission. A run that crashed before any check ran (a broken
 * lab, a dead worker) still yields a report: no checks, nothing passed, so the exit code is 1.
 */
export function toGradeReport(lab: string, run: RunReport): GradeReport {
  return GradeReportSchema.parse({ lab, passed: run.passed, total: run.total, checks: run.results });
}
