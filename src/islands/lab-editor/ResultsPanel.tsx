import type { LabSessionState } from './lab-session';
import CheckResultView from './CheckResultView';
import { runSummary } from './run-summary';

/** The sentence screen readers hear after each run (the summary is a `role="status"` live region). */
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
