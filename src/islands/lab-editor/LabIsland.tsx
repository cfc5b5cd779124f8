import { useEffect, useState, useSyncExternalStore } from 'react';
import type { LabIslandProps } from '../../components/lab-page/lab-island-props';
import { openProgressStore } from '../../progress/progress-store';
import { createLabSession, type LabSession } from './lab-session';
import { loadRunner } from './load-runner';
import { solutionAvailability } from './solution-availability';
import { useSiteTheme } from './use-site-theme';
import { watchOtherTabs } from './watch-other-tabs';
import HintsPanel from './HintsPanel';
import LabEditor from './LabEditor';
import LabNotices from './LabNotices';
import NetworkPanel from './NetworkPanel';
import ResultsPanel from './ResultsPanel';
import SolutionCompare from './SolutionCompare';
import './lab-island.css';

function openSession(props: LabIslandProps): LabSession {
  const store = openProgressStore({
    courseId: props.courseId,
    basePath: props.basePath,
  });
  return createLabSession({
    props,
    store,
    loadRunner,
    watchOtherTabs: (onOther) => watchOtherTabs(`${store.key}:${props.labId}`, onOther),
  });
}

/** The lab editor island: wiring only. State lives in lab-session.ts; the panels only render it. */
export default function LabIsland(props: LabIslandProps) {
  // Storage, channels and workers exist only in the browser: the server (and hydration) render the starter.
  const [session, setSession] = useState<LabSession>();
  useEffect(() => setSession(openSession(props)), []);
  if (!session) {
    return (
      <div className="lab-island lab-island-loading">
        <pre className="lab-starter-preview" aria-label={`${props.editableFile} (starter file)`}>
          <code>{props.starter}</code>
        </pre>
      </div>
    );
  }
  return <LabView props={props} session={session} />;
}

function LabView({ props, session }: { props: LabIslandProps; session: LabSession }) {
  const state = useSyncExternalStore(session.subscribe, session.getState);
  const theme = useSiteTheme();
  const [comparing, setComparing] = useState(false);

  useEffect(() => {
    // The island mounts when the lab scrolls into view; warm the runner's worker once the page is idle.
    const idle = window.requestIdleCallback ?? ((cb: () => void) => window.setTimeout(cb, 200));
    idle(() => session.warm());
    const flush = () => session.flushSave();
    window.addEventListener('pagehide', flush);
    return () => {
      window.removeEventListener('pagehide', flush);
      session.dispose();
    };
  }, [session]);

  const solution = solutionAvailability(props.solutionOffer, state.attempts, props.solution !== undefined);
  const running = state.run.status === 'running';
  return (
    <div className="lab-island" data-lab-island={props.labId}>
      <LabNotices state={state} />
      <LabEditor
        labId={props.labId}
        editableFile={props.editableFile}
        code={state.code}
        checks={props.checks}
        theme={theme}
        onChange={session.edit}
        onRun={() => void session.run()}
      />
      <div className="lab-actions">
        <button
          type="button"
          className="lab-run"
          onClick={() => void session.run()}
          disabled={running}
          aria-keyshortcuts="Control+Enter Meta+Enter"
        >
          {running ? 'Running checks…' : 'Run checks'}
        </button>
        {state.undoReset !== undefined ? (
          <button type="button" onClick={session.undoReset}>
            Undo reset
          </button>
        ) : (
          <button type="button" onClick={session.resetToStarter} disabled={state.code === props.starter}>
            Reset to starter
          </button>
        )}
        {solution.available ? (
          <button type="button" onClick={() => setComparing((c) => !c)} aria-expanded={comparing}>
            {comparing ? 'Hide solution' : 'Compare with solution'}
          </button>
        ) : (
          solution.reason === 'attempts' && (
            <span className="lab-solution-later">
              The solution can be compared after {solution.remaining} more{' '}
              {solution.remaining === 1 ? 'run' : 'runs'}.
            </span>
          )
        )}
        <span className="lab-save-state" aria-live="off">
          {state.save.status === 'pending'
            ? 'Saving…'
            : state.save.status === 'saved'
              ? 'Saved in this browser'
              : 'Not saved'}
        </span>
      </div>
      {comparing && props.solution !== undefined && (
        <SolutionCompare
          labId={props.labId}
          mine={state.code}
          solution={props.solution}
          theme={theme}
          onClose={() => setComparing(false)}
        />
      )}
      <ResultsPanel run={state.run} editableFile={props.editableFile} />
      {state.run.status === 'done' && <NetworkPanel network={state.run.report.network} />}
      <HintsPanel hints={props.hints} revealed={state.revealedHints} onReveal={session.revealHint} />
    </div>
  );
}
