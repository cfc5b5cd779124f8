import type { CheckResult } from '../../schemas/check-result';
import { buildRunReport } from './run-report';
import type { RunReport } from './runner-events';

/**
 * One report for a run split across workers (./shard-plan.ts), as if one worker had run every check: results and
 * requests in the lab's check order (`all`, from the workers' `collected` messages; results no worker collected
 * keep their place after, once per name), the longest worker's duration, and the gravest status: a crash, then a
 * compile error, then completed.
 */
export function mergeShardReports(reports: readonly RunReport[], all: readonly string[]): RunReport {
  const position = new Map(all.map((name, index) => [name, index] as const));
  const at = (name: string) => position.get(name) ?? all.length;
  const seen = new Set<string>();
  const results: CheckResult[] = [];
  for (const report of reports) {
    for (const result of report.results) {
      // Each worker reports its own share of the checks. A step that is no check (a hang while loading them) is
      // the same step in every worker: reported once.
      if (!position.has(result.name)) {
        if (seen.has(result.name)) continue;
        seen.add(result.name);
      }
      results.push(result);
    }
  }
  results.sort((a, b) => at(a.name) - at(b.name));
  const network = reports
    .flatMap((report) => report.network)
    .map((entry, order) => ({ entry, order }))
    .sort((a, b) => at(a.entry.check) - at(b.entry.check) || a.order - b.order)
    .map(({ entry }) => entry);
  const crashed = reports.find((report) => report.status === 'crashed');
  const compileError = reports.find((report) => report.status === 'compile-error');
  const seed = reports.find((report) => report.seed !== undefined)?.seed;
  return buildRunReport({
    status: crashed ? 'crashed' : compileError ? 'compile-error' : 'completed',
    results,
    durationMs: Math.max(0, ...reports.map((report) => report.durationMs)),
    network,
    ...(seed === undefined ? {} : { seed }),
    ...(compileError?.compileError ? { compileError: compileError.compileError } : {}),
    ...(crashed?.error === undefined ? {} : { error: crashed.error }),
  });
}
