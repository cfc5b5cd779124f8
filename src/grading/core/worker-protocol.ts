import type { Mutant } from './mutants';
import type { ShardSpec } from './shard-plan';
import type { RunnerEvent, RunReport } from './runner-events';
import type { SimulationKeys } from '../../token-server/keys/key-material';

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

/**
 * Host → grading worker, once, right after it starts: the simulation keys the host generated for every worker it
 * starts (`generateSimulationKeys`), or none when they could not be made or sent (the worker then generates its
 * own). The page sends it on the port, the Node host on the thread. A browser worker rehearses only once it has
 * them, so its rehearsal does not generate RSA keys of its own while the learner reads.
 */
export interface SimulationKeysMessage {
  type: 'keys';
  keys?: SimulationKeys;
}

/** Page → browser worker, on the port, once the learner clicks "Run checks". */
export interface WorkerRun {
  type: 'run';
  code: string;
  /** Replays a run's start instant (`src/grading/core/run-seed.ts`); the worker draws a random one when absent. */
  seed?: number;
  /** This worker's share of a run split across workers (./shard-plan.ts); the whole run when absent. */
  shard?: ShardSpec;
}

/**
 * Node host → grading thread, as the thread's `workerData` (Node's counterpart of `init`): one lab. The host
 * then sends the simulation keys (one `SimulationKeysMessage`) and, each time the thread says `ready`, one `GradeThreadRun`.
 */
export interface GradeThreadInit {
  checks: string;
  editableFile: string;
  timeoutMs: number;
  /** Grade the built-in rehearsal first, as the browser worker does before the click. */
  rehearse?: boolean;
}

/** Node host → grading thread, once per submission (Node's counterpart of `run`). */
export interface GradeThreadRun {
  type: 'run';
  code: string;
  mutant?: Mutant;
  /** Replays a run's start instant (`npm run grade -- … --seed <n>`); random when absent. */
  seed?: number;
}

/** One submission for the Node grader: the lab it belongs to and the run. */
export type GradeThreadInput = GradeThreadInit & Omit<GradeThreadRun, 'type'>;

/** Worker → host: what a host hears from a grading worker. */
export type WorkerMessage =
  /** Warmed up (realm locked down, checks transpiled): the host may send the run and arm its watchdog. */
  | { type: 'ready' }
  /** The worker could not prepare the session (a broken lab or bundle); it runs nothing. */
  | { type: 'failed'; error: string }
  /**
   * The full names of the checks this run reports, as soon as the checks are collected, and (for one worker's
   * share of a split run) of every check the lab has, in order.
   */
  | { type: 'collected'; names: string[]; all?: string[] }
  /** Every HEARTBEAT_MS while the run goes on (./heartbeat.ts): the worker's event loop still turns. */
  | { type: 'alive' }
  /** `check-start` / `check-end` as each check runs. */
  | { type: 'event'; event: RunnerEvent }
  /** The run's complete report. */
  | { type: 'done'; report: RunReport };
