import type { CheckResult } from '../../schemas/check-result';
import type { CompileError } from './transpile';
import type { NetworkEntry, RunReport } from './runner-events';

export interface RunReportInput {
  status: RunReport['status'];
  results?: CheckResult[];
  durationMs: number;
  seed?: number;
  network?: NetworkEntry[];
  compileError?: CompileError;
  /** Why a `crashed` run stopped. */
  error?: string;
}

/**
 * The one way a run report is made, in the worker, the page's watchdog and the Node host alike: `passed` and
 * `total` are always counted from `results`, so no report can claim more than its checks show.
 */
export function buildRunReport(input: RunReportInput): RunReport {
  const results = input.results ?? [];
  const report: RunReport = {
    status: input.status,
    results,
    passed: results.filter((result) => result.status === 'passed').length,
    total: results.length,
    durationMs: Math.max(0, Math.round(input.durationMs)),
    network: input.network ?? [],
  };
  if (input.seed !== undefined) report.seed = input.seed;
  if (input.compileError) report.compileError = input.compileError;
  if (input.error !== undefined) report.error = input.error;
  return report;
}

/** A report for a run that stopped before any check could be reported. */
export function crashedRunReport(error: string, durationMs = 0): RunReport {
  return buildRunReport({ status: 'crashed', durationMs, error });
}
