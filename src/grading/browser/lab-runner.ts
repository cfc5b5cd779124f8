import type { RunnerEvent, RunReport } from '../core/runner-events';
import { createRunTracker } from '../core/run-tracker';
import type { WorkerInit, WorkerMessage, WorkerRun } from '../core/worker-protocol';
import { MAX_RUNS_PER_WORKER, REUSE_READY_MS, reusable } from '../core/worker-reuse';

export type { RunnerEvent, RunReport } from '../core/runner-events';

export interface LabRunnerOptions {
  labId: string;
  /** Source of the lab's `checks.test.ts`. */
  checks: string;
  /** lab.md `editableFile`: the name errors and stack traces use for the learner's code. */
  editableFile: string;
  /** lab.md `timeoutMs`: per-check timeout; the watchdog adds WATCHDOG_GRACE_MS. */
  timeoutMs: number;
}

export interface LabRunner {
  /** Grades `code` in a fresh, already-warmed worker; resolves with every check's verdict. */
  /** `seed` replays a run's start instant; without it the worker draws a random one (named in the report). */
  run(code: string, onEvent?: (event: RunnerEvent) => void, seed?: number): Promise<RunReport>;
  /** Terminates the warm worker and any run in progress. */
  dispose(): void;
}

interface WarmWorker {
  worker: Worker;
  port: MessagePort;
  ready: Promise<void>;
  /** Set once `ready` has resolved: a click then posts the run at once, before the page renders anything. */
  isReady: boolean;
  /** Runs this worker has graded before the next. */
  runs: number;
}

function warmWorker(worker: Worker, port: MessagePort, ready: Promise<void>, runs: number): WarmWorker {
  const warmed: WarmWorker = { worker, port, ready, isReady: false, runs };
  // A worker that is not used again must not leave an unhandled rejection behind.
  ready.then(
    () => (warmed.isReady = true),
    () => undefined,
  );
  return warmed;
}

/** The latest a finished run's successor starts warming when no frame is drawn (a hidden tab). */
const WARM_FALLBACK_MS = 500;

/** The worker that graded a run, asked to wait for the next: ready once it says so again. */
function reuseWarm(previous: WarmWorker): WarmWorker {
  const ready = new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => {
      // A worker starved by what the run left behind would spin on a core until the next click.
      previous.worker.terminate();
      reject(new Error('the lab worker did not get ready again'));
    }, REUSE_READY_MS);
    previous.port.onmessage = (event: MessageEvent<WorkerMessage>) => {
      clearTimeout(timer);
      if (event.data.type === 'ready') resolve();
      else reject(new Error(event.data.type === 'failed' ? event.data.error : 'the lab worker misbehaved'));
    };
  });
  return warmWorker(previous.worker, previous.port, ready, previous.runs + 1);
}

function spawnWarm(options: LabRunnerOptions): WarmWorker {
  const worker = new Worker(new URL('./lab.worker.ts', import.meta.url), {
    type: 'module',
    name: `lab-${options.labId}`,
  });
  const channel = new MessageChannel();
  const ready = new Promise<void>((resolve, reject) => {
    channel.port1.onmessage = (event: MessageEvent<WorkerMessage>) => {
      if (event.data.type === 'ready') resolve();
      else if (event.data.type === 'failed') reject(new Error(event.data.error));
    };
    worker.onerror = (event) => reject(new Error(event.message || 'the lab worker failed to load'));
  });
  // The page ignores the worker's own message channel: only this port, handed over before any learner
  // code exists, can carry results.
  const init: WorkerInit = { type: 'init', port: channel.port2, ...options };
  worker.postMessage(init, [channel.port2]);
  return warmWorker(worker, channel.port1, ready, 0);
}

/**
 * The lab island's runner. One worker is spawned and warmed (jose, @vitest/expect, sucrase and
 * `@lab/server` loaded, realm locked down, checks transpiled) as soon as the runner is created. After a run
 * that ended in order the same worker grades the next one, its code already compiled (`reusable`); after any
 * other run, or its tenth, it is terminated and a fresh one warms behind it. A page-side watchdog terminates a worker whose check outlives
 * its timeout plus grace and reports that check as `timeout`, the rest as `not run`.
 *
 * @example
 * ```ts
 * const runner = createLabRunner({ labId: 'verify-access-token', checks, editableFile: 'verify-access-token.ts', timeoutMs: 1500 });
 * const report = await runner.run(editor.getValue(), (event) => {
 *   if (event.type === 'check-start') markRunning(event.name);
 *   else showResult(event.result); // CheckResult: name, status, message, expected, received, diff, console, evidence
 * });
 * if (report.status === 'compile-error') showMarker(report.compileError); // { message, file, line, column }
 * console.log(`${report.passed}/${report.total}`, report.network);
 * runner.dispose(); // when the island unmounts
 * ```
 */
export function createLabRunner(options: LabRunnerOptions): LabRunner {
  let warm: WarmWorker | undefined = spawnWarm(options);
  let active: { worker: Worker; stop: () => void } | undefined;
  /** From the click until the run's verdicts: the run has its worker, so none is warmed meanwhile. */
  let running = false;
  let disposed = false;

  async function run(
    code: string,
    onEvent: (event: RunnerEvent) => void = () => {},
    seed?: number,
  ): Promise<RunReport> {
    if (disposed) throw new Error('this lab runner was disposed');
    running = true;
    let current = warm ?? spawnWarm(options);
    warm = undefined;
    // A warm worker gets the run within the click's own task: awaiting its settled `ready` would let the page
    // render the "running" state first, and the worker would wait for that render.
    if (!current.isReady) {
      try {
        await current.ready;
      } catch (error) {
        current.worker.terminate();
        if (current.runs === 0) {
          running = false;
          warm = spawnWarm(options);
          throw error;
        }
        // A reused worker that did not get ready again: this run gets a fresh one.
        current = spawnWarm(options);
        try {
          await current.ready;
        } catch (fresh) {
          current.worker.terminate();
          running = false;
          warm = spawnWarm(options);
          throw fresh;
        }
      }
    }
    const worker = current;
    return new Promise<RunReport>((resolve) => {
      let finished = false;
      const finish = (report: RunReport) => {
        if (finished) return;
        finished = true;
        active = undefined;
        running = false;
        worker.worker.onerror = null;
        if (!disposed && !warm && worker.runs + 1 < MAX_RUNS_PER_WORKER && reusable(report)) {
          // The same worker grades the next run with the code V8 compiled for this one (lab.worker.ts).
          warm = reuseWarm(worker);
          resolve(report);
          return;
        }
        worker.worker.terminate();
        worker.port.close();
        resolve(report);
        // Warm the next worker only once these verdicts are on screen: booting one (parsing the bundle,
        // lockdown, the rehearsal, the keys) takes a core from the run, and then from the page painting its
        // verdicts (two cores are common). The learner reads the verdicts for longer than a warm-up takes.
        warmAfterPaint();
      };
      const tracker = createRunTracker({
        timeoutMs: options.timeoutMs,
        timers: {
          setTimeout: (cb, ms) => setTimeout(cb, ms),
          clearTimeout: (h) => clearTimeout(h as number),
          now: () => performance.now(),
        },
        onEvent,
        onHang: finish,
      });
      worker.port.onmessage = (event: MessageEvent<WorkerMessage>) => {
        const report = tracker.accept(event.data);
        if (report) finish(report);
      };
      worker.worker.onerror = (event) => finish(tracker.crash(event.message || 'the lab worker crashed'));
      active = { worker: worker.worker, stop: () => finish(tracker.crash('the run was cancelled')) };
      const message: WorkerRun = { type: 'run', code, ...(seed === undefined ? {} : { seed }) };
      worker.port.postMessage(message);
    });
  }

  function warmAfterPaint(): void {
    const spawn = () => {
      if (!disposed && !warm && !running) warm = spawnWarm(options);
    };
    // A task posted from a frame callback runs after that frame is painted; a hidden tab draws no frames, so
    // a plain timer warms it anyway (and a click before either spawns its own worker).
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(spawn, 0));
    setTimeout(spawn, WARM_FALLBACK_MS);
  }

  function dispose(): void {
    disposed = true;
    active?.stop();
    warm?.worker.terminate();
    warm = undefined;
  }

  return { run, dispose };
}
