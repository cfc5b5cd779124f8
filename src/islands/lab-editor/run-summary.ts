import type { RunState } from './lab-session';
import { mistakePosition } from './mistake-position';

const when = (iso: string) => new Date(iso).toLocaleString();

/** The sentence screen readers hear after each run (the summary is a `role="status"` live region). */
export function runSummary(run: RunState, editableFile: string): string {
  switch (run.status) {
    case 'idle':
      return 'Checks not run yet.';
    case 'previous': {
      const { lastRun, checksChanged } = run;
      const passed = lastRun.total > 0 && lastRun.passed === lastRun.total;
      if (checksChanged) {
        return passed
          ? `Passed against an earlier version of the checks (${when(lastRun.ranAt)}): run again.`
          : `Your last run (${when(lastRun.ranAt)}) was against an earlier version of the checks: run again.`;
      }
      return passed
        ? `All ${lastRun.total} checks passed when you last ran them (${when(lastRun.ranAt)}).`
        : `Your last run (${when(lastRun.ranAt)}): ${lastRun.passed} of ${lastRun.total} checks passed. Run again to see the details.`;
    }
    case 'running':
      // Kept constant while running so screen readers hear the verdict, not every step.
      return 'Running checks…';
    case 'failed':
      return run.message;
    case 'done': {
      const { report } = run;
      if (report.status === 'compile-error' && report.compileError) {
        const { file, message } = report.compileError;
        const { line, column } = mistakePosition(run.code, message, report.compileError);
        return `Your code does not compile: ${file || editableFile}:${line}:${column} ${message}`;
      }
      const parts = [`${report.passed} of ${report.total} checks passed.`];
      const timedOut = report.results.filter((r) => r.status === 'timeout').length;
      if (timedOut > 0) {
        parts.push(
          `${timedOut === 1 ? 'One check' : `${timedOut} checks`} timed out: look for a loop that never ends or a promise that never settles.`,
        );
      }
      if (report.status === 'crashed') parts.push('The run crashed before every check finished.');
      return parts.join(' ');
    }
  }
}
