import type { CheckResult } from '../../schemas/check-result';
import type { LabIslandProps } from '../../components/lab-page/lab-island-props';
import type { ProgressErrorCode, ProgressStore } from '../../progress/progress-store';
import type { LastRun } from '../../progress/progress-schema';
import type { CreateLabRunner, LabRunner, RunnerEvent, RunReport } from './lab-runner-port';
import { LAB_MARKS, markLab, measureLabRun } from './lab-marks';
import { nextHint } from './next-hint';

/** Autosave delay: at most 500 ms pass between a change and its save. */
export const AUTOSAVE_DELAY_MS = 300;
/** How often the results list shows verdicts while a run is in progress. */
export const LIVE_RESULTS_INTERVAL_MS = 200;

/** `idle` until the learner edits: nothing was saved by merely opening the lab. */
export type SaveState =
  { status: 'idle' | 'saved' | 'pending' } | { status: 'failed'; code: ProgressErrorCode; message: string };

/** Where the code in the editor came from when the lab opened. */
export type Origin =
  | { kind: 'starter' }
  | { kind: 'restored'; savedAt: string }
  /** Saved against an older starter or older checks: kept as it was, and the learner is told. */
  | {
      kind: 'restored-outdated';
      savedAt: string;
      starterChanged: boolean;
      checksChanged: boolean;
    };

export type RunState =
  | { status: 'idle' }
  /** After a reload: the score of the latest run, and whether the checks changed since. */
  | { status: 'previous'; lastRun: LastRun; checksChanged: boolean }
  | { status: 'running'; current: string | undefined; live: CheckResult[] }
  /** `code` is what was graded: the learner may have typed while the checks ran. */
  | { status: 'done'; report: RunReport; code: string }
  /** The runner could not be loaded or threw: the code is untouched and the learner may retry. */
  | { status: 'failed'; message: string };

export interface LabSessionState {
  code: string;
  origin: Origin;
  save: SaveState;
  run: RunState;
  attempts: number;
  /** Ids of the hints revealed, in the order revealed. */
  revealedHints: string[];
  /** The code "Reset to starter" replaced, until the learner types again. */
  undoReset: string | undefined;
  otherTabOpen: boolean;
}

export interface LabSessionDeps {
  props: LabIslandProps;
  store: ProgressStore;
  loadRunner: () => Promise<CreateLabRunner>;
  /** Announces this tab and reports other tabs on the same lab; returns a function that stops it. */
  watchOtherTabs?: (onOtherTab: () => void) => () => void;
}

export type LabSession = ReturnType<typeof createLabSession>;

/** The lab's state and actions, free of React so it can be tested in Node. */
export function createLabSession({ props, store, loadRunner, watchOtherTabs }: LabSessionDeps) {
  const saved = store.lab(props.labId);
  const starterChanged = saved.saved !== undefined && saved.saved.starterHash !== props.starterHash;
  const checksChanged = saved.saved !== undefined && saved.saved.checksHash !== props.checksHash;
  // Saved code that is the starter itself restores nothing worth mentioning.
  const restoredOwnCode = saved.saved !== undefined && saved.saved.code !== props.starter;
  // Hints saved by index (earlier versions) become that hint's id; ids of hints this lab no longer has are
  // kept in storage, untouched, in case the lab brings them back.
  const storedHints = (saved.revealedHints ?? []).map((hint) =>
    typeof hint === 'number' ? (props.hints[hint]?.id ?? hint) : hint,
  );
  const revealedHints = storedHints.filter(
    (hint): hint is string => typeof hint === 'string' && props.hints.some((known) => known.id === hint),
  );
  if (saved.revealedHints?.some((hint) => typeof hint === 'number')) {
    store.saveRevealedHints(props.labId, storedHints);
  }
  let state: LabSessionState = {
    code: saved.saved?.code ?? props.starter,
    origin:
      !saved.saved || !restoredOwnCode
        ? { kind: 'starter' }
        : starterChanged || checksChanged
          ? {
              kind: 'restored-outdated',
              savedAt: saved.saved.savedAt,
              starterChanged,
              checksChanged,
            }
          : { kind: 'restored', savedAt: saved.saved.savedAt },
    save: { status: 'idle' },
    run: saved.lastRun
      ? {
          status: 'previous',
          lastRun: saved.lastRun,
          checksChanged: saved.lastRun.checksHash !== props.checksHash,
        }
      : { status: 'idle' },
    attempts: saved.attempts,
    revealedHints,
    undoReset: undefined,
    otherTabOpen: false,
  };
  const listeners = new Set<() => void>();
  let saveTimer: ReturnType<typeof setTimeout> | undefined;
  let runner: Promise<LabRunner> | undefined;
  /** The runner once `runner` has resolved: a click can then hand it the run without waiting a microtask. */
  let loaded: LabRunner | undefined;
  const stopWatching = watchOtherTabs?.(() => set({ otherTabOpen: true }));

  function set(patch: Partial<LabSessionState>) {
    state = { ...state, ...patch };
    for (const listener of listeners) listener();
  }

  function flushSave() {
    if (saveTimer === undefined) return;
    clearTimeout(saveTimer);
    saveTimer = undefined;
    const result = store.saveLabCode(props.labId, {
      code: state.code,
      // Once the learner saves, the code counts as written against the current lab.
      starterHash: props.starterHash,
      checksHash: props.checksHash,
    });
    set({
      save: result.ok
        ? { status: 'saved' }
        : { status: 'failed', code: result.code, message: result.message },
    });
  }

  function setCode(code: string, undoReset: string | undefined) {
    set({ code, undoReset, save: { status: 'pending' } });
    clearTimeout(saveTimer);
    saveTimer = setTimeout(flushSave, AUTOSAVE_DELAY_MS);
  }

  function warm(): Promise<LabRunner> {
    if (runner) return runner;
    runner = loadRunner().then((create) =>
      create({
        labId: props.labId,
        checks: props.checks,
        editableFile: props.editableFile,
        timeoutMs: props.timeoutMs,
      }),
    );
    runner.then(
      (ready) => (loaded = ready),
      // A failed load (a chunk gone after a redeploy, say) must not stick: the next Run tries again.
      () => (runner = undefined),
    );
    return runner;
  }

  return {
    getState: () => state,
    subscribe(listener: () => void) {
      listeners.add(listener);
      return () => listeners.delete(listener);
    },
    edit(code: string) {
      if (code !== state.code) setCode(code, undefined);
    },
    resetToStarter() {
      if (state.code !== props.starter) setCode(props.starter, state.code);
    },
    undoReset() {
      if (state.undoReset !== undefined) setCode(state.undoReset, undefined);
    },
    /** Reveals hint `id`, or the one that helps most with the first failing check. */
    revealHint(id?: string) {
      const results = state.run.status === 'done' ? state.run.report.results : [];
      const next = id ?? nextHint(props.hints, state.revealedHints, results);
      if (
        next === undefined ||
        state.revealedHints.includes(next) ||
        !props.hints.some((hint) => hint.id === next)
      )
        return;
      const revealed = [...state.revealedHints, next];
      set({ revealedHints: revealed });
      const unknown = storedHints.filter((hint) => !props.hints.some((known) => known.id === hint));
      store.saveRevealedHints(props.labId, [...unknown, ...revealed]);
    },
    warm: () => void warm().catch(() => undefined),
    async run() {
      if (state.run.status === 'running') return;
      const code = state.code;
      // Verdicts arrive one message at a time, and every render is a frame of the whole page (style, layout,
      // paint, the editor's layers: about 15 ms on a two-core laptop) that takes CPU from the worker and
      // WebCrypto's threads. So the live list is refreshed at most every LIVE_RESULTS_INTERVAL_MS: a run that
      // ends sooner paints its verdicts once, a longer one still shows its progress.
      let live: { current: string | undefined; live: CheckResult[] } | undefined;
      let frame: ReturnType<typeof setTimeout> | undefined;
      const showLive = () => {
        frame = undefined;
        if (state.run.status === 'running' && live) set({ run: { status: 'running', ...live } });
      };
      const onEvent = (event: RunnerEvent) => {
        if (state.run.status !== 'running') return;
        const shown = live ?? { current: state.run.current, live: state.run.live };
        live =
          event.type === 'check-start'
            ? { ...shown, current: event.name }
            : { current: undefined, live: [...shown.live, event.result] };
        frame ??= setTimeout(showLive, LIVE_RESULTS_INTERVAL_MS);
      };
      const start = (ready: LabRunner) => {
        markLab(LAB_MARKS.runStart(props.labId));
        return ready.run(code, onEvent);
      };
      // With the runner loaded, the run is handed to the worker before the "running" state renders: React
      // flushes that render in a microtask, and a whole-page render before the message is posted delays
      // every verdict by one frame.
      const started = loaded ? start(loaded) : undefined;
      flushSave();
      set({ run: { status: 'running', current: undefined, live: [] } });
      try {
        const report = await (started ?? start(await warm()));
        clearTimeout(frame);
        measureLabRun(props.labId);
        // The graded code goes with the score: the learner may have typed while the checks ran.
        const recorded = store.recordAttempt(
          props.labId,
          { passed: report.passed, total: report.total },
          { code, starterHash: props.starterHash, checksHash: props.checksHash },
        );
        set({
          run: { status: 'done', report, code },
          attempts: recorded.ok ? store.lab(props.labId).attempts : state.attempts + 1,
        });
      } catch (error) {
        clearTimeout(frame);
        set({ run: { status: 'failed', message: describeRunFailure(error) } });
      }
    },
    /** Saves now (page hide, unmount). */
    flushSave,
    dispose() {
      flushSave();
      stopWatching?.();
      void runner?.then((r) => r.dispose()).catch(() => undefined);
    },
  };
}

function describeRunFailure(error: unknown): string {
  const message = error instanceof Error ? error.message : String(error);
  if (/dynamically imported module|Importing a module script failed|Failed to fetch/i.test(message)) {
    return 'The checks could not be downloaded; the site may have been updated. Your code is saved: reload the page and run again.';
  }
  return `The checks could not run: ${message}`;
}
