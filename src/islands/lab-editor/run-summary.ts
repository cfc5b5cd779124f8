import type { RunState } from './lab-session';

/** The sentence screen readers hear after each run (the summary is a `role="status"` live region). */
export function runSummary(run: RunState, editableFile: string): string {
  switch (run.status) {
    case 'idle':
      return 'Checks not run yet.';
    case 'running':
      // Kept constant while running so screen readers hear the verdict, not every step.
      return 'Running checks…';
    case 'failed':
      return run.message;
    case 'done': {
      const { report } = run;
      if (report.status === 'compile-error' && report.compileError) {
        const { file, line, column, message } = report.compileError;
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
