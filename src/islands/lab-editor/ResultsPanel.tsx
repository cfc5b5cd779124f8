import type { LabHint } from '../../components/lab-page/lab-island-props';
import type { LabSessionState } from './lab-session';
import CheckHint from './CheckHint';
import CheckResultView from './CheckResultView';
import Fold from './Fold';
import HintsPanel from './HintsPanel';
import { hintForCheck } from './next-hint';
import PositionLinks, { type GoToPosition } from './PositionLinks';
import { groupResults, type ShownCheck } from './result-groups';
import { runSummary } from './run-summary';

export interface ResultsPanelProps {
  run: LabSessionState['run'];
  editableFile: string;
  /** The id of the editor's panel, which the `file:line:col` links point at. */
  editorId: string;
  onGoTo: GoToPosition;
  /** The lab's hints and the ids revealed, in the order revealed. */
  labHints: LabHint[];
  revealedHints: string[];
  /** Reveals this hint, or (without an id) the one that helps most with the first failure. */
  onRevealHint: (id?: string) => void;
}

/**
 * The verdicts, failures first: each failing check expanded, under its describe block; the passes folded
 * into a count, built only once opened (./Fold.tsx). The first failure is the first thing Tab reaches after "Run checks". Each failure that a
 * hint's `for:` names has its own "Show a hint", and a revealed hint shows under the first failure it is
 * for; the other revealed hints, and the button for the next hint in order, follow the failures.
 */
export default function ResultsPanel({
  run,
  editableFile,
  editorId,
  onGoTo,
  labHints,
  revealedHints,
  onRevealHint,
}: ResultsPanelProps) {
  const results = run.status === 'done' ? run.report.results : run.status === 'running' ? run.live : [];
  const { failures, passes, notRun } = groupResults(results);
  // Each revealed hint shows once: under the first shown failure it is for, or else in the list.
  const shownUnder = new Map<string, string>();
  for (const { result } of failures.flatMap((group) => group.checks)) {
    for (const hint of labHints) {
      if (revealedHints.includes(hint.id) && hint.forChecks.includes(result.name) && !shownUnder.has(hint.id))
        shownUnder.set(hint.id, result.name);
    }
  }
  const hints = (
    <HintsPanel
      hints={labHints}
      revealed={revealedHints}
      listed={revealedHints.filter((id) => !shownUnder.has(id))}
      onReveal={() => onRevealHint()}
    />
  );
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
          hint={
            open && (
              <CheckHint
                revealed={revealedHints.filter((id) => shownUnder.get(id) === result.name)}
                next={hintForCheck(labHints, revealedHints, result.name)}
                onReveal={onRevealHint}
              />
            )
          }
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
        <Fold
          className="lab-passes"
          summary={`${passes.length} ${passes.length === 1 ? 'check' : 'checks'} passed`}
        >
          {() => list(passes, false)}
        </Fold>
      )}
      {notRun.length > 0 && (
        <Fold
          className="lab-not-run"
          summary={`${notRun.length} ${notRun.length === 1 ? 'check' : 'checks'} not run`}
        >
          {() => list(notRun, false)}
        </Fold>
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
