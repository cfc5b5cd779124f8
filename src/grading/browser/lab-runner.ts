import type { RunnerEvent, RunReport } from '../core/runner-events';
import { createRunTracker } from '../core/run-tracker';
import type { WorkerInit, WorkerMessage, WorkerRun } from '../core/worker-protocol';
import { sendKeys } from '../core/send-keys';
import { MAX_RUNS_PER_WORKER, REUSE_READY_MS, reusable } from '../core/worker-reuse';
import { mergeShardReports } from '../core/merge-shard-reports';
import { randomRunSeed } from '../core/run-seed';
import { shardCount } from '../core/shard-plan';
import { generateSimulationKeys, type SimulationKeys } from '../../token-server/keys/key-material';

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
  /** Grades `code` in already-warmed workers; resolves with every check's verdict. */
  /** `seed` replays a run's start instant; without it the worker draws a random one (named in the report). */
  run(code: string, onEvent?: (event: RunnerEvent) => void, seed?: number): Promise<RunReport>;
  /** Terminates the warm workers and any run in progress. */
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

let pageKeys: Promise<SimulationKeys | undefined> | undefined;

/**
 * The simulation keys of this page load, generated once when the first runner is made: every worker the page
 * starts (each share of a run, each replacement) gets this set, cloned (a clone of a non-extractable key stays
 * non-extractable), instead of generating its own. Four of them are 2048-bit RSA keys, a fifth of a second of
 * CPU or more per worker, which a page that has just opened spends beside the editor and the other worker.
 */
function simulationKeys(): Promise<SimulationKeys | undefined> {
  pageKeys ??= generateSimulationKeys().catch(() => undefined);
  return pageKeys;
}

function spawnWarm(options: LabRunnerOptions): WarmWorker {
  const worker = new Worker(new URL('./lab.worker.ts', import.meta.url), {
    type: 'module',
    name: `lab-${options.labId}`,
  });
  const channel = new MessageChannel();
  const booted = new Promise<void>((resolve, reject) => {
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
  // Ready once the keys are on their way too: a run posted after them is graded with them, never with keys of
  // the worker's own (they come long before a worker boots, so this rarely waits).
  const keysSent = simulationKeys().then((keys) =>
    sendKeys((message) => channel.port1.postMessage(message), keys),
  );
  const ready = Promise.all([booted, keysSent]).then(() => undefined);
  return warmWorker(worker, channel.port1, ready, 0);
}

/**
 * The lab island's runner. A lab with enough checks is graded by several workers at once, each running its share
 * of the checks (../core/shard-plan.ts: balanced by the last run's durations, at most one worker per core); the
 * page merges their reports into one in the lab's check order. Each worker is spawned and warmed (jose,
 * @vitest/expect, sucrase and `@lab/server` loaded, realm locked down, checks transpiled) as soon as the runner is
 * created. After a run that ended in order the same worker grades its share of the next one, its code already
 * compiled (`reusable`); after any other run, or its tenth, it is terminated and a fresh one warms behind it. A
 * page-side watchdog per worker terminates one whose check outlives its timeout plus grace and reports that check
 * as `timeout`, the rest of its share as `not run`.
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
  const shards = shardCount(options.checks, globalThis.navigator?.hardwareConcurrency);
  /** One warm worker per share of a run, or none while that share's worker is busy or being replaced. */
  const warm: (WarmWorker | undefined)[] = Array.from({ length: shards }, () => spawnWarm(options));
  /** Cancels the run in progress (each worker's share ends as `crashed`). */
  let stopActive: (() => void) | undefined;
  /** From the click until the run's verdicts: the run has its workers, so none is warmed meanwhile. */
  let running = false;
  let disposed = false;
  /** Each check's duration in the last run that ended in order: the next split balances them. */
  let costs: Record<string, number> | undefined;

  /** The worker that grades share `slot`: the warm one, or a fresh one when it did not get ready again. */
  async function readied(current: WarmWorker): Promise<WarmWorker> {
    try {
      await current.ready;
      return current;
    } catch (error) {
      current.worker.terminate();
      if (current.runs === 0) throw error;
      // A reused worker that did not get ready again: this run gets a fresh one.
      const fresh = spawnWarm(options);
      try {
        await fresh.ready;
        return fresh;
      } catch (freshError) {
        fresh.worker.terminate();
        throw freshError;
      }
    }
  }

  async function run(
    code: string,
    onEvent: (event: RunnerEvent) => void = () => {},
    seed?: number,
  ): Promise<RunReport> {
    if (disposed) throw new Error('this lab runner was disposed');
    running = true;
    const taken = warm.map((slot) => slot ?? spawnWarm(options));
    warm.fill(undefined);
    let workers = taken;
    // Warm workers get the run within the click's own task: awaiting their settled `ready` would let the page
    // render the "running" state first, and the workers would wait for that render.
    if (!taken.every((worker) => worker.isReady)) {
      const settled = await Promise.allSettled(taken.map(readied));
      const failed = settled.find((outcome) => outcome.status === 'rejected');
      if (failed) {
        running = false;
        // Workers that did get ready wait for the next click; the others are replaced now.
        settled.forEach((outcome, slot) => {
          warm[slot] = outcome.status === 'fulfilled' ? outcome.value : spawnWarm(options);
        });
        throw failed.reason;
      }
      workers = settled.map((outcome) => (outcome as PromiseFulfilledResult<WarmWorker>).value);
    }
    // Every share of a run starts its checks at the same instant.
    const runSeed = seed ?? (shards > 1 ? randomRunSeed() : undefined);
    const plannedCosts = costs;
    return new Promise<RunReport>((resolve) => {
      const reports: (RunReport | undefined)[] = workers.map(() => undefined);
      let all: string[] | undefined;
      let left = workers.length;
      let replaced = false;
      const finishers = workers.map((worker, slot) => {
        const finish = (report: RunReport) => {
          if (reports[slot]) return;
          reports[slot] = report;
          worker.worker.onerror = null;
          if (!disposed && !warm[slot] && worker.runs + 1 < MAX_RUNS_PER_WORKER && reusable(report)) {
            // The same worker grades this share of the next run with the code V8 compiled for this one.
            warm[slot] = reuseWarm(worker);
          } else {
            worker.worker.terminate();
            worker.port.close();
            replaced = true;
          }
          left -= 1;
          if (left === 0) complete();
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
          if (event.data.type === 'collected' && event.data.all) all ??= event.data.all;
          const report = tracker.accept(event.data);
          if (report) finish(report);
        };
        worker.worker.onerror = (event) => finish(tracker.crash(event.message || 'the lab worker crashed'));
        return () => finish(tracker.crash('the run was cancelled'));
      });
      const complete = () => {
        stopActive = undefined;
        running = false;
        const shares = reports as RunReport[];
        const report = shares.length === 1 ? (shares[0] as RunReport) : mergeShardReports(shares, all ?? []);
        if (reusable(report) && report.status === 'completed')
          costs = Object.fromEntries(report.results.map((result) => [result.name, result.durationMs]));
        resolve(report);
        // Warm the next workers only once these verdicts are on screen: booting one (parsing the bundle,
        // lockdown, the rehearsal, the keys) takes a core from the run, and then from the page painting its
        // verdicts (two cores are common). The learner reads the verdicts for longer than a warm-up takes.
        if (replaced) warmAfterPaint();
      };
      stopActive = () => finishers.forEach((stop) => stop());
      workers.forEach((worker, slot) => {
        const message: WorkerRun = {
          type: 'run',
          code,
          ...(runSeed === undefined ? {} : { seed: runSeed }),
          ...(shards > 1
            ? { shard: { index: slot, count: shards, ...(plannedCosts ? { costs: plannedCosts } : {}) } }
            : {}),
        };
        worker.port.postMessage(message);
      });
    });
  }

  function warmAfterPaint(): void {
    const spawn = () => {
      if (disposed || running) return;
      warm.forEach((slot, index) => {
        if (!slot) warm[index] = spawnWarm(options);
      });
    };
    // A task posted from a frame callback runs after that frame is painted; a hidden tab draws no frames, so
    // a plain timer warms it anyway (and a click before either spawns its own workers).
    if (typeof requestAnimationFrame === 'function') requestAnimationFrame(() => setTimeout(spawn, 0));
    setTimeout(spawn, WARM_FALLBACK_MS);
  }

  function dispose(): void {
    disposed = true;
    stopActive?.();
    warm.forEach((slot) => slot?.worker.terminate());
    warm.fill(undefined);
  }

  return { run, dispose };
}
