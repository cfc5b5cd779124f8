import { useEffect, useRef, useState, type MutableRefObject } from 'react';
import type { Diagnostic, LabEditorHandle, MonacoTheme } from './monaco-setup';
import { LAB_MARKS, markLab } from './lab-marks';
import PlainEditor from './PlainEditor';
import PositionLinks from './PositionLinks';

/** What the rest of the lab may ask of the editor, whichever one is showing. */
export interface EditorApi {
  /** Shows the learner's file with the cursor at a 1-based line and column, and focuses it. */
  goTo(line: number, column: number): void;
}

export interface LabEditorProps {
  labId: string;
  editableFile: string;
  code: string;
  checks: string;
  theme: MonacoTheme;
  onChange: (code: string) => void;
  onRun: () => void;
  /** Ctrl+Z in the plain editor right after "Reset to starter" (Monaco's own undo stack does it there). */
  onUndoReset: (() => void) | undefined;
  /** Set while mounted, for the `line:col` links of the results. */
  apiRef: MutableRefObject<EditorApi | null>;
  /** The id of the panel holding the editor, which links to a position point at. */
  panelId: string;
  /** Focus the editor as soon as it shows: the keyboard user was on the preview it replaces. */
  autoFocus: boolean;
}

type EditorMode = 'loading' | 'monaco' | 'plain' | 'failed';

/** Small touch screens get the plain textarea: Monaco's touch editing is poor there. */
const prefersPlainEditor = () =>
  matchMedia('(max-width: 760px)').matches &&
  (matchMedia('(pointer: coarse)').matches || navigator.maxTouchPoints > 0);

/**
 * The learner's file and the read-only checks. A textarea holds the same code while Monaco loads, on small
 * touch screens, and if Monaco's chunk cannot be downloaded.
 */
export default function LabEditor(props: LabEditorProps) {
  const [mode, setMode] = useState<EditorMode>('loading');
  const [file, setFile] = useState<'editable' | 'checks'>('editable');
  const [diagnostics, setDiagnostics] = useState<Diagnostic[]>([]);
  const [tabFocus, setTabFocus] = useState(false);
  const host = useRef<HTMLDivElement>(null);
  const textarea = useRef<HTMLTextAreaElement>(null);
  const handle = useRef<LabEditorHandle | null>(null);
  const focusAt = useRef<{ line: number; column: number } | null>(null);
  const latest = useRef(props);
  latest.current = props;

  useEffect(() => {
    if (props.autoFocus) textarea.current?.focus();
    props.apiRef.current = {
      goTo(line, column) {
        setFile('editable');
        if (handle.current) return handle.current.goTo(line, column);
        const area = textarea.current;
        if (!area) return;
        const lines = area.value.split('\n').slice(0, Math.max(0, line - 1));
        const offset = lines.reduce((sum, l) => sum + l.length + 1, 0) + Math.max(0, column - 1);
        area.focus();
        area.setSelectionRange(offset, offset);
      },
    };
    if (prefersPlainEditor()) return setMode('plain');
    let disposed = false;
    import('./monaco-setup')
      .then(({ mountLabEditor }) => {
        if (disposed || !host.current) return;
        const p = latest.current;
        handle.current = mountLabEditor(host.current, {
          labId: p.labId,
          editableFile: p.editableFile,
          code: p.code,
          checks: p.checks,
          theme: p.theme,
          ariaLabel: `${p.editableFile}: your code. Ctrl+M toggles whether Tab moves focus out of the editor.`,
          onChange: (code) => latest.current.onChange(code),
          onRun: () => latest.current.onRun(),
          onDiagnostics: setDiagnostics,
          onTabFocusMode: setTabFocus,
        });
        // The textarea shown while Monaco loaded goes away: keep the learner's focus and cursor (once
        // Monaco's container is shown: a hidden editor cannot take the focus).
        const area = textarea.current;
        if (area && document.activeElement === area) {
          const before = area.value.slice(0, area.selectionStart).split('\n');
          focusAt.current = { line: before.length, column: before.at(-1)!.length + 1 };
        }
        setMode('monaco');
        markLab(LAB_MARKS.editorReady(p.labId));
      })
      .catch((error: unknown) => {
        // Reported on screen too; the console keeps the detail for whoever debugs a deployment.
        console.error('The lab editor failed to load', error);
        if (!disposed) setMode('failed');
      });
    return () => {
      disposed = true;
      handle.current?.dispose();
      handle.current = null;
      props.apiRef.current = null;
    };
  }, []);

  useEffect(() => {
    if (mode !== 'monaco' || !focusAt.current) return;
    handle.current?.goTo(focusAt.current.line, focusAt.current.column);
    focusAt.current = null;
  }, [mode]);
  useEffect(() => handle.current?.setCode(props.code), [props.code]);
  useEffect(() => handle.current?.setTheme(props.theme), [props.theme]);
  useEffect(() => handle.current?.showFile(file), [file]);

  const plain = mode !== 'monaco';
  const errors = diagnostics.filter((d) => d.severity === 'error');
  return (
    <div className="lab-editor">
      <div className="lab-tabs" role="tablist" aria-label="Files">
        {(['editable', 'checks'] as const).map((which) => (
          <button
            key={which}
            type="button"
            role="tab"
            id={`${props.labId}-tab-${which}`}
            aria-selected={file === which}
            aria-controls={props.panelId}
            tabIndex={file === which ? 0 : -1}
            onClick={() => setFile(which)}
            onKeyDown={(e) => {
              // WAI-ARIA tabs: arrow keys move between the two tabs, Tab moves on to the panel.
              if (e.key !== 'ArrowLeft' && e.key !== 'ArrowRight') return;
              const other = which === 'editable' ? 'checks' : 'editable';
              setFile(other);
              document.getElementById(`${props.labId}-tab-${other}`)?.focus();
            }}
          >
            {which === 'editable' ? props.editableFile : 'checks.test.ts (read-only)'}
          </button>
        ))}
      </div>
      <div id={props.panelId} role="tabpanel" aria-labelledby={`${props.labId}-tab-${file}`}>
        {mode === 'failed' && (
          <p className="lab-notice lab-notice-warning" role="alert">
            The code editor could not be downloaded (the site may have been updated; reload the page). You can
            keep working in this plain editor: your code is saved as you type.
          </p>
        )}
        {plain && (
          <PlainEditor
            ref={textarea}
            label={file === 'editable' ? `${props.editableFile}: your code` : 'checks.test.ts (read-only)'}
            readOnly={file === 'checks'}
            value={file === 'editable' ? props.code : props.checks}
            onChange={props.onChange}
            onKeyDown={(e) => {
              if (e.key === 'Enter' && (e.ctrlKey || e.metaKey)) {
                e.preventDefault();
                props.onRun();
              }
              // The textarea's own undo history does not survive React replacing its value.
              if (
                e.key.toLowerCase() === 'z' &&
                (e.ctrlKey || e.metaKey) &&
                !e.shiftKey &&
                props.onUndoReset
              ) {
                e.preventDefault();
                props.onUndoReset();
              }
            }}
          />
        )}
        <div
          ref={host}
          className="lab-monaco"
          hidden={plain}
          data-editor-ready={mode === 'monaco' || undefined}
        />
      </div>
      {mode === 'monaco' && (
        <p className="lab-editor-help">
          <kbd>Ctrl</kbd>+<kbd>Enter</kbd> (<kbd>⌘</kbd>+<kbd>Enter</kbd>) runs the checks.{' '}
          {tabFocus ? 'Tab now moves focus out of the editor; ' : 'Tab inserts a tab; '}
          <kbd>Ctrl</kbd>+<kbd>M</kbd> (<kbd>Ctrl</kbd>+<kbd>Shift</kbd>+<kbd>M</kbd> on macOS){' '}
          {tabFocus ? 'switches back to inserting tabs.' : 'makes Tab move focus instead.'}
        </p>
      )}
      {errors.length > 0 && file === 'editable' && (
        <details className="lab-diagnostics">
          <summary>
            TypeScript: {errors.length} {errors.length === 1 ? 'error' : 'errors'}
          </summary>
          <ul>
            {errors.slice(0, 20).map((d, i) => (
              <li key={i}>
                <PositionLinks
                  text={`${props.editableFile}:${d.line}:${d.column} ${d.message}`}
                  file={props.editableFile}
                  editorId={props.panelId}
                  onGoTo={(line, column) => props.apiRef.current?.goTo(line, column)}
                />
              </li>
            ))}
          </ul>
        </details>
      )}
    </div>
  );
}
