import { useCallback, useEffect, useRef, useState, useSyncExternalStore, type KeyboardEvent } from 'react';
import type { LabIslandProps } from '../../components/lab-page/lab-island-props';
import { openProgressStore } from '../../progress/progress-store';
import { createLabSession, type LabSession } from './lab-session';
import { loadRunner } from './load-runner';
import { solutionAvailability } from './solution-availability';
import { useFocusMode } from './use-focus-mode';
import { useSiteTheme } from './use-site-theme';
import { watchOtherTabs } from './watch-other-tabs';
import LabEditor, { type EditorApi } from './LabEditor';
import LabNotices from './LabNotices';
import NetworkPanel from './NetworkPanel';
import ResultsPanel from './ResultsPanel';
import { ReferencesPage } from './references-page';
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
  const preview = useRef<HTMLPreElement>(null);
  const [previewFocused, setPreviewFocused] = useState(false);
  useEffect(() => {
    // A keyboard user who tabbed onto the preview keeps the focus in the editor that replaces it.
    setPreviewFocused(preview.current !== null && document.activeElement === preview.current);
    setSession(openSession(props));
  }, []);
  if (!session) {
    return (
      <div className="lab-island lab-island-loading">
        <pre
          ref={preview}
          className="lab-starter-preview"
          aria-label={`${props.editableFile} (starter file)`}
          // Focusable, so Tab reaches the lab (and loads its editor) before the editor exists.
          tabIndex={0}
        >
          <code>{props.starter}</code>
        </pre>
      </div>
    );
  }
  return <LabView props={props} session={session} focusEditor={previewFocused} />;
}

function LabView({
  props,
  session,
  focusEditor,
}: {
  props: LabIslandProps;
  session: LabSession;
  focusEditor: boolean;
}) {
  const state = useSyncExternalStore(session.subscribe, session.getState);
  const theme = useSiteTheme();
  const [comparing, setComparing] = useState(false);
  const island = useRef<HTMLDivElement>(null);
  const [focusMode, setFocusMode] = useFocusMode(island);
  const editor = useRef<EditorApi | null>(null);
  const panelId = `${props.labId}-editor-panel`;
  const goTo = useCallback((line: number, column: number) => editor.current?.goTo(line, column), []);

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
  // Ctrl+Z on the lab's buttons undoes a reset, as it does in the editor.
  const undoOnCtrlZ = (event: KeyboardEvent) => {
    const target = event.target as HTMLElement;
    if (target.closest('.lab-monaco, textarea, input')) return;
    if (
      event.key.toLowerCase() === 'z' &&
      (event.ctrlKey || event.metaKey) &&
      !event.shiftKey &&
      state.undoReset !== undefined
    ) {
      event.preventDefault();
      session.undoReset();
    }
  };
  return (
    <div
      ref={island}
      className={`lab-island${focusMode ? ' lab-island-focus' : ''}`}
      data-lab-island={props.labId}
      onKeyDown={undoOnCtrlZ}
    >
      <LabNotices state={state} />
      <div className="lab-toolbar">
        {state.undoReset !== undefined ? (
          <button type="button" onClick={session.undoReset} aria-keyshortcuts="Control+Z Meta+Z">
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
        <button type="button" aria-pressed={focusMode} onClick={() => setFocusMode(!focusMode)}>
          {focusMode ? 'Leave focus mode' : 'Focus mode'}
        </button>
        <span className="lab-save-state" aria-live="off">
          {state.save.status === 'pending'
            ? 'Saving…'
            : state.save.status === 'saved'
              ? 'Saved in this browser'
              : state.save.status === 'failed'
                ? 'Not saved'
                : ''}
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
      <div className="lab-workspace">
        <div className="lab-workspace-editor">
          <LabEditor
            labId={props.labId}
            editableFile={props.editableFile}
            code={state.code}
            checks={props.checks}
            theme={theme}
            onChange={session.edit}
            onRun={() => void session.run()}
            onUndoReset={state.undoReset !== undefined ? session.undoReset : undefined}
            apiRef={editor}
            panelId={panelId}
            autoFocus={focusEditor}
          />
          <div className="lab-actions">
            <button
              type="button"
              className="lab-run"
              // Not `disabled`: a disabled button loses the keyboard focus to <body> while the checks run.
              aria-disabled={running}
              onClick={() => void session.run()}
              aria-keyshortcuts="Control+Enter Meta+Enter"
            >
              {running ? 'Running checks…' : 'Run checks'}
            </button>
          </div>
        </div>
        <div className="lab-workspace-results">
          <ReferencesPage.Provider value={`${props.basePath}references/`}>
            <ResultsPanel
              run={state.run}
              editableFile={props.editableFile}
              editorId={panelId}
              onGoTo={goTo}
              labHints={props.hints}
              revealedHints={state.revealedHints}
              onRevealHint={(id) => session.revealHint(id)}
            />
          </ReferencesPage.Provider>
          {state.run.status === 'done' && <NetworkPanel network={state.run.report.network} />}
        </div>
      </div>
    </div>
  );
}
