import type { ReactNode } from 'react';
import type { LabSessionState } from './lab-session';
import CheckResultView from './CheckResultView';
import PositionLinks, { type GoToPosition } from './PositionLinks';
import { groupResults, type ShownCheck } from './result-groups';
import { runSummary } from './run-summary';

export interface ResultsPanelProps {
  run: LabSessionState['run'];
  editableFile: string;
  /** The id of the editor's panel, which the `file:line:col` links point at. */
  editorId: string;
  onGoTo: GoToPosition;
  /** Shown right after the failures, which the hints help with (or alone when nothing fails). */
  hints: ReactNode;
}

/**
 * The verdicts, failures first: each failing check expanded, under its describe block; the passes folded
 * into a count. The first failure is the first thing Tab reaches after "Run checks".
 */
export default function ResultsPanel({ run, editableFile, editorId, onGoTo, hints }: ResultsPanelProps) {
  const results = run.status === 'done' ? run.report.results : run.status === 'running' ? run.live : [];
  const { failures, passes, notRun } = groupResults(results);
  const allPassed = run.status === 'done' && run.report.total > 0 && run.report.passed === run.report.total;
  const list = (checks: ShownCheck[], open: boolean) => (
    <ol className="lab-checks">
      {checks.map(({ result, title }) => (
        <CheckResultView
          key={result.name}
          result={result}
          title={title}
          open={open}
          editableFile={editableFile}
          editorId={editorId}
          onGoTo={onGoTo}
        />
      ))}
    </ol>
  );
  return (
    <section className="lab-results" aria-label="Check results">
      <p
        role="status"
        className={`lab-summary-line${allPassed ? ' lab-all-passed' : ''}`}
        data-run-status={run.status === 'done' ? run.report.status : run.status}
      >
        <PositionLinks
          text={runSummary(run, editableFile)}
          file={editableFile}
          editorId={editorId}
          onGoTo={onGoTo}
        />
      </p>
      {run.status === 'running' && (
        <p className="lab-current">
          {run.live.length} done{run.current ? `; now: ${run.current}` : ''}
        </p>
      )}
      {failures.length > 0 && (
        <div className="lab-failures">
          {failures.map((group) => (
            <div key={group.heading} className="lab-check-group">
              {group.heading && <p className="lab-check-group-name">{group.heading}</p>}
              {list(group.checks, true)}
            </div>
          ))}
          {hints}
        </div>
      )}
      {passes.length > 0 && (
        <details className="lab-passes">
          <summary>
            {passes.length} {passes.length === 1 ? 'check' : 'checks'} passed
          </summary>
          {list(passes, false)}
        </details>
      )}
      {notRun.length > 0 && (
        <details className="lab-not-run">
          <summary>
            {notRun.length} {notRun.length === 1 ? 'check' : 'checks'} not run
          </summary>
          {list(notRun, false)}
        </details>
      )}
      {failures.length === 0 && hints}
      {run.status === 'done' && run.report.seed !== undefined && (
        // Outside the status line, so screen readers are not read a number after every run.
        <p className="lab-run-seed">
          Run seed {run.report.seed}: every check started its clock at the instant this seed picks (replay it
          with <code>npm run grade -- … --seed {run.report.seed}</code>).
        </p>
      )}
    </section>
  );
}
