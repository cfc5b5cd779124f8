import type { RunReport } from './runner-events';

/**
 * When a grading worker that finished a run may grade the next one, for both hosts (the lab page's
 * ../browser/lab-runner.ts and Node's ../node/grade-host.ts). The reused worker keeps V8's compiled code;
 * every run still gets a fresh session, and every check a fresh module and global scope (./learner-sandbox.ts).
 */

/**
 * How long a worker that just finished a run may take to say it is ready for the next: a few milliseconds
 * normally. One that does not (a promise loop the run left behind starves it) is replaced by a fresh worker.
 */
export const REUSE_READY_MS = 1000;

/** Runs one worker grades before it is replaced anyway, so nothing a run leaves behind accumulates for long. */
export const MAX_RUNS_PER_WORKER = 10;

/**
 * Whether the worker that graded `report` may grade the next run. Only after a run that ended in order: every
 * check passed or failed (none timed out, errored or was cut short, which can leave learner code still
 * running) or the code did not compile (no learner code ran).
 */
export function reusable(report: RunReport): boolean {
  if (report.status === 'compile-error') return true;
  return (
    report.status === 'completed' &&
    report.results.every((result) => result.status === 'passed' || result.status === 'failed')
  );
}
