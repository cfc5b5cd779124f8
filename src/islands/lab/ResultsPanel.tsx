import type { LabSessionState, RunState } from './lab-session';
import CheckResultView from './CheckResultView';

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
      const summary = `${report.passed} of ${report.total} checks passed.`;
      return report.status === 'crashed'
        ? `${summary} The run crashed before every check finished.`
        : summary;
    }
  }
}

export default function ResultsPanel({
  run,
  editableFile,
}: {
  run: LabSessionState['run'];
  editableFile: string;
}) {
  const results = run.status === 'done' ? run.report.results : run.status === 'running' ? run.live : [];
  // Only the first failure starts expanded: a starter can fail dozens of checks at once.
  const firstFailure = results.findIndex((r) => r.status !== 'passed' && r.status !== 'not run');
  const allPassed = run.status === 'done' && run.report.total > 0 && run.report.passed === run.report.total;
  return (
    <section className="lab-results" aria-label="Check results">
      <p
        role="status"
        className={`lab-summary-line${allPassed ? ' lab-all-passed' : ''}`}
        data-run-status={run.status === 'done' ? run.report.status : run.status}
      >
        {runSummary(run, editableFile)}
      </p>
      {run.status === 'running' && (
        <p className="lab-current">
          {run.live.length} done{run.current ? `; now: ${run.current}` : ''}
        </p>
      )}
      {results.length > 0 && (
        <ol className="lab-checks">
          {results.map((result, i) => (
            <CheckResultView key={result.name} result={result} open={i === firstFailure} />
          ))}
        </ol>
      )}
    </section>
  );
}
