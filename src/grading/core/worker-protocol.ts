import type { Mutant } from './mutants';
import type { RunnerEvent, RunReport } from './runner-events';

/**
 * Every message between a grading host (the lab page, the Node grader host) and its grading worker (the
 * browser's `lab.worker.ts`, Node's `grade-thread.ts`), in the order a run sends them.
 */

/** Page → browser worker, the first and only message on the worker itself: everything after goes over `port`. */
export interface WorkerInit {
  type: 'init';
  port: MessagePort;
  checks: string;
  editableFile: string;
  timeoutMs: number;
}

/** Page → browser worker, on the port, once the learner clicks "Run checks". */
export interface WorkerRun {
  type: 'run';
  code: string;
  /** Replays a run's start instant (`src/grading/core/run-seed.ts`); the worker draws a random one when absent. */
  seed?: number;
}

/**
 * Node host → grading thread, as the thread's `workerData` (Node's counterpart of `init` and `run` together):
 * one lab, one submission, one run.
 */
export interface GradeThreadInput {
  checks: string;
  editableFile: string;
  timeoutMs: number;
  code: string;
  mutant?: Mutant;
  /** Grade the built-in rehearsal first, as the browser worker does before the click. */
  rehearse?: boolean;
  /** Replays a run's start instant (`npm run grade -- … --seed <n>`); random when absent. */
  seed?: number;
}

/** Worker → host: what a host hears from a grading worker. */
export type WorkerMessage =
  /** Warmed up (realm locked down, checks transpiled): the host may send the run and arm its watchdog. */
  | { type: 'ready' }
  /** The worker could not prepare the session (a broken lab or bundle); it runs nothing. */
  | { type: 'failed'; error: string }
  /** Every check's full name, as soon as the checks are collected. */
  | { type: 'collected'; names: string[] }
  /** Every HEARTBEAT_MS while the run goes on (./heartbeat.ts): the worker's event loop still turns. */
  | { type: 'alive' }
  /** `check-start` / `check-end` as each check runs. */
  | { type: 'event'; event: RunnerEvent }
  /** The run's complete report. */
  | { type: 'done'; report: RunReport };
