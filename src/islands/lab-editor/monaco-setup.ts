/**
 * Everything Monaco, loaded lazily by the island (never on pages without a lab). TypeScript-only entry points
 * keep the download within budget: the core editor, the contributions a lab uses (monaco-features.ts) and the
 * TS language; no CSS/HTML/JSON workers.
 */
import * as monaco from 'monaco-editor/editor';
import './monaco-features';
import 'monaco-editor/languages/definitions/typescript/register';
import * as mts from 'monaco-editor/languages/features/typescript/register';
import EditorWorker from 'monaco-editor/editor/editor.worker?worker';
import TsWorker from 'monaco-editor/languages/features/typescript/ts.worker?worker';
import monacoCssUrl from 'virtual-monaco-css?url';
import { TabFocus } from 'monaco-editor/editor/browser/config/tabFocus';
import { labExtraLibs } from './monaco-types';
import { stripComments } from './strip-comments';

export type MonacoTheme = 'light' | 'dark';

export interface Diagnostic {
  message: string;
  line: number;
  column: number;
  severity: 'error' | 'warning';
}

export interface LabEditorOptions {
  labId: string;
  editableFile: string;
  code: string;
  checks: string;
  theme: MonacoTheme;
  ariaLabel: string;
  onChange: (code: string) => void;
  onDiagnostics: (diagnostics: Diagnostic[]) => void;
  onRun: () => void;
  onTabFocusMode: (on: boolean) => void;
}

export interface LabEditorHandle {
  /** Replaces the code as one undoable edit (Ctrl+Z in the editor brings the old code back). */
  setCode(code: string): void;
  showFile(which: 'editable' | 'checks'): void;
  setTheme(theme: MonacoTheme): void;
  focus(): void;
  /** Shows the learner's file with the cursor at a 1-based line and column, and focuses the editor. */
  goTo(line: number, column: number): void;
  dispose(): void;
}

let configured = false;

function configureOnce() {
  if (configured) return;
  configured = true;
  // Astro drops CSS reachable only through a client-side dynamic import, so link it ourselves.
  if (!document.querySelector('link[data-monaco-css]')) {
    const link = Object.assign(document.createElement('link'), {
      rel: 'stylesheet',
      href: monacoCssUrl,
    });
    link.setAttribute('data-monaco-css', '');
    document.head.append(link);
  }
  self.MonacoEnvironment = {
    getWorker: (_id: string, label: string) =>
      label === 'typescript' || label === 'javascript' ? new TsWorker() : new EditorWorker(),
  };
  mts.typescriptDefaults.setCompilerOptions({
    // 99 = ESNext: Monaco's ScriptTarget enum stops at ES2020, which would down-level #private fields.
    target: 99,
    module: mts.ModuleKind.ESNext,
    moduleResolution: mts.ModuleResolutionKind.NodeJs,
    strict: true,
    // The learner's code runs in a Web Worker, where `document` and `window` do not exist; the worker's own
    // globals (fetch, Request, crypto, URL…) are all here, and its declarations parse in a quarter less time.
    lib: ['es2022', 'webworker'],
    allowNonTsExtensions: true,
    allowImportingTsExtensions: true,
    noEmit: true,
  });
  for (const lib of labExtraLibs()) mts.typescriptDefaults.addExtraLib(lib.content, lib.uri);
  // Only the file on screen is type-checked: the checks file is read-only and compiles (check:labs proves it), and
  // type-checking it at page load took a core from the first grade for about two seconds.
  mts.typescriptDefaults.setDiagnosticsOptions({
    noSemanticValidation: false,
    noSyntaxValidation: false,
    onlyVisible: true,
  });
}

// Monaco's vs-dark draws comments in #608b4e on #1e1e1e (4.2:1), under WCAG AA's 4.5:1 for text; this is
// vs-dark with VS Code's Dark+ comment colour (#6a9955, 5.0:1). The light theme's comments pass as they are.
const DARK_THEME = 'jwt-deep-dive-dark';
monaco.editor.defineTheme(DARK_THEME, {
  base: 'vs-dark',
  inherit: true,
  rules: [{ token: 'comment', foreground: '6a9955' }],
  colors: {},
});

const themeName = (theme: MonacoTheme) => (theme === 'dark' ? DARK_THEME : 'vs');

function modelFor(uri: monaco.Uri, text: string) {
  const existing = monaco.editor.getModel(uri);
  if (existing) {
    existing.setValue(text);
    return existing;
  }
  return monaco.editor.createModel(text, 'typescript', uri);
}

export function mountLabEditor(container: HTMLElement, options: LabEditorOptions): LabEditorHandle {
  configureOnce();
  const base = `file:///labs/${options.labId}/`;
  const editable = modelFor(monaco.Uri.parse(base + options.editableFile), options.code);
  const checks = modelFor(monaco.Uri.parse(base + 'checks.test.ts'), options.checks);
  const editor = monaco.editor.create(container, {
    model: editable,
    theme: themeName(options.theme),
    automaticLayout: true,
    minimap: { enabled: false },
    fontSize: 14,
    scrollBeyondLastLine: false,
    ariaLabel: options.ariaLabel,
    accessibilitySupport: 'auto',
    // Typing through Chromium's EditContext never reaches the suggest model's trigger characters in 0.57:
    // the classic hidden textarea makes `config.` and `al` open the suggestion list.
    editContext: false,
  });
  editor.addCommand(monaco.KeyMod.CtrlCmd | monaco.KeyCode.Enter, options.onRun);
  options.onTabFocusMode(TabFocus.getTabFocusMode());
  const views = new Map<monaco.editor.ITextModel, monaco.editor.ICodeEditorViewState | null>();

  const subscriptions = [
    editable.onDidChangeContent(() => options.onChange(editable.getValue())),
    monaco.editor.onDidChangeMarkers((uris) => {
      if (!uris.some((u) => u.toString() === editable.uri.toString())) return;
      const markers = monaco.editor.getModelMarkers({ resource: editable.uri });
      options.onDiagnostics(
        markers
          .filter((m) => m.severity >= monaco.MarkerSeverity.Warning)
          .map((m) => ({
            message: m.message,
            line: m.startLineNumber,
            column: m.startColumn,
            severity: m.severity === monaco.MarkerSeverity.Error ? 'error' : 'warning',
          })),
      );
    }),
    // Ctrl+M flips Monaco's page-wide tab-focus state; no public editor event reports it.
    TabFocus.onDidChangeTabFocus(options.onTabFocusMode),
  ];

  return {
    setCode(code) {
      if (code === editable.getValue()) return;
      // Its own undo step, so Ctrl+Z undoes exactly this replacement (a reset), not the typing before it.
      editable.pushStackElement();
      editable.pushEditOperations([], [{ range: editable.getFullModelRange(), text: code }], () => null);
      editable.pushStackElement();
    },
    showFile(which) {
      const next = which === 'checks' ? checks : editable;
      const current = editor.getModel();
      if (current === next) return;
      if (current) views.set(current, editor.saveViewState());
      editor.setModel(next);
      editor.updateOptions({ readOnly: which === 'checks' });
      const view = views.get(next);
      if (view) editor.restoreViewState(view);
    },
    setTheme: (theme) => monaco.editor.setTheme(themeName(theme)),
    focus: () => editor.focus(),
    goTo(line, column) {
      if (editor.getModel() !== editable) this.showFile('editable');
      const position = editable.validatePosition({ lineNumber: line, column });
      editor.setPosition(position);
      editor.revealPositionInCenterIfOutsideViewport(position);
      editor.focus();
    },
    dispose() {
      for (const s of subscriptions) s.dispose();
      editor.dispose();
      editable.dispose();
      checks.dispose();
    },
  };
}

export interface DiffViewHandle {
  /** Compares the two texts without comments and blank lines, and ignores spaces at line ends. */
  setIgnoreComments(on: boolean): void;
  dispose(): void;
}

let diffViews = 0;

/**
 * "Compare with solution": read-only on both sides, so it can never overwrite the learner's code. The
 * models are made once per comparison and only their text changes afterwards. The view model that computes
 * the diff is made here rather than by `setModel({ original, modified })`, because the one the diff editor
 * makes for itself is never disposed (Monaco 0.57): a diff it still had in flight when the comparison closed
 * would find its models gone and fail with "no diff result available". Disposing our own cancels it.
 */
export function mountDiffView(
  container: HTMLElement,
  options: {
    labId: string;
    mine: string;
    solution: string;
    theme: MonacoTheme;
  },
): DiffViewHandle {
  configureOnce();
  // A fresh path per comparison: the worker may still hold the models of the one closed before.
  const base = `file:///labs/${options.labId}/compare-${++diffViews}/`;
  const original = monaco.editor.createModel(options.mine, 'typescript', monaco.Uri.parse(base + 'yours.ts'));
  const modified = monaco.editor.createModel(
    options.solution,
    'typescript',
    monaco.Uri.parse(base + 'solution.ts'),
  );
  const diff = monaco.editor.createDiffEditor(container, {
    readOnly: true,
    originalEditable: false,
    automaticLayout: true,
    renderSideBySide: container.clientWidth > 700,
    minimap: { enabled: false },
    theme: themeName(options.theme),
    scrollBeyondLastLine: false,
    ignoreTrimWhitespace: false,
  });
  const viewModel = diff.createViewModel({ original, modified });
  diff.setModel(viewModel);
  return {
    setIgnoreComments(on) {
      original.setValue(on ? stripComments(options.mine) : options.mine);
      modified.setValue(on ? stripComments(options.solution) : options.solution);
      diff.updateOptions({ ignoreTrimWhitespace: on });
    },
    dispose() {
      diff.dispose();
      // Cancels a diff still being computed, which then returns without looking its models up: the models
      // can go at once, and they leave the editor and TypeScript workers with them.
      viewModel.dispose();
      original.dispose();
      modified.dispose();
    },
  };
}
