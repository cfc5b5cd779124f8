import { crashedRunReport } from './run-report';
import type { RunReport } from './runner-events';
import type { WorkerMessage } from './worker-protocol';

/**
 * Sends a run's `done` message from a grading worker (the browser's lab.worker.ts, Node's grade-thread.ts). A
 * report the structured clone refuses (a value learner code smuggled into it) still ends the run, as a crash
 * that says why.
 */
export function sendReport(send: (message: WorkerMessage) => void, report: RunReport): void {
  try {
    send({ type: 'done', report });
  } catch (problem) {
    send({
      type: 'done',
      report: crashedRunReport(
        `the grader could not send the report: ${String((problem as Error)?.message ?? problem)}`,
        report.durationMs,
      ),
    });
  }
}
