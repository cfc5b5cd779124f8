import type { CheckResult } from '../../schemas/check-result';
import type { RequestLogEntry } from '../../token-server/network/request-log';
import type { CompileError } from './transpile';

/** Streamed by the runner while a run is in progress (browser worker and Node grader alike). */
export type RunnerEvent = { type: 'check-start'; name: string } | { type: 'check-end'; result: CheckResult };

type RunStatus = 'completed' | 'compile-error' | 'crashed';

/** One simulated HTTP exchange of the run, as the simulation logged it, tagged with the check that made it. */
export type NetworkEntry = RequestLogEntry & { check: string };

/** The outcome of one "Run checks" (contract in ARCHITECTURE.md, "Runner API for the UI"). */
export interface RunReport {
  status: RunStatus;
  /** Every check, including the ones that did not run. */
  results: CheckResult[];
  passed: number;
  total: number;
  durationMs: number;
  /** The run's seed (`src/grading/core/run-seed.ts`): replays the same start instant. */
  seed?: number;
  compileError?: CompileError;
  /** `check:labs` only: how often a built-in mutant replaced the submission's behaviour. */
  mutantActivations?: number;
  /** Why a `crashed` run stopped (the worker died, or the lab itself is broken). */
  error?: string;
  network: NetworkEntry[];
}
