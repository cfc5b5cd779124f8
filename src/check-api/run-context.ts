import { CodedError } from '../errors/coded-error';
import { LAB_EPOCH, type VirtualClock } from '../token-server/clock';
import { createSimulatedNetwork, type SimulatedNetwork } from '../token-server/network';
import type { CheckEvidence } from '../schemas/check-result';
import { createEvidenceList, type EvidenceInput, type EvidenceList } from './evidence';
import { installLabClock, type LabClock } from './lab-clock';
import { realTimers } from './real-timers';

/**
 * The per-check world of a lab run: one virtual clock driving the global `Date` and timers, one simulated
 * network behind the global `fetch`, one evidence list. The browser worker, the Node grader and the real-vitest
 * setup file call `resetRunContext()` before each check (and `disposeRunContext()` when done), so checks never
 * share state. Everything else reads the context through `labClock()`, `labNetwork()` and `evidence()`.
 */
interface RunContext {
  clock: LabClock;
  network: SimulatedNetwork;
  evidence: EvidenceList;
  /** The exact `fetch` the context replaced (or `undefined` when there was none), restored on dispose. */
  replacedFetch: { value: typeof globalThis.fetch | undefined };
  /** What `Math.random` answers learner code in this check: the platform's, or a value a check fixed. */
  random: { fixed: number | undefined; restore: (() => void) | undefined };
}

// Captured when this module loads, before any check can fix it.
const platformRandom = Math.random;

export class RunContextError extends CodedError<RunContextErrorCode> {
  static readonly codes = ['ERR_LAB_NO_RUN_CONTEXT'] as const;
  override readonly name = 'RunContextError';
  constructor(what: string) {
    super(
      'ERR_LAB_NO_RUN_CONTEXT',
      `${what} needs a lab run context: call resetRunContext() before the check`,
    );
  }
}

export type RunContextErrorCode = (typeof RunContextError.codes)[number];

let current: RunContext | undefined;

export interface ResetRunContextOptions {
  /** Where the virtual clock starts; default 2026-01-01T00:00:00Z. */
  start?: Date | string | number;
}

/** Tears down the previous context, then installs a fresh clock at `start`, a fresh network and no evidence. */
export function resetRunContext(options: ResetRunContextOptions = {}): void {
  disposeRunContext();
  const clock = installLabClock(options.start ?? LAB_EPOCH);
  const network = createSimulatedNetwork({ now: () => clock.nowMs() });
  const replacedFetch = { value: Object.hasOwn(globalThis, 'fetch') ? globalThis.fetch : undefined };
  globalThis.fetch = network.fetch;
  current = {
    clock,
    network,
    evidence: createEvidenceList(),
    replacedFetch,
    random: { fixed: undefined, restore: undefined },
  };
}

/** Restores the real `Date`, timers and `fetch`. Safe to call when no context is active. */
export function disposeRunContext(): void {
  if (!current) return;
  current.clock.uninstall();
  if (current.replacedFetch.value) globalThis.fetch = current.replacedFetch.value;
  else Reflect.deleteProperty(globalThis, 'fetch');
  current.random.restore?.();
  current = undefined;
}

export function hasRunContext(): boolean {
  return current !== undefined;
}

function active(what: string): RunContext {
  if (!current) throw new RunContextError(what);
  return current;
}

/**
 * What learner code's `Math.random` answers. The grader hands a submission a `Math` of its own whose `random`
 * calls this (the realm's `Math` is frozen), so a check can see ids drawn from `Math.random`.
 */
export function learnerRandom(): number {
  return current?.random.fixed ?? platformRandom();
}

export interface LabRandom {
  /**
   * Makes learner code's `Math.random()` answer `value` for the rest of the check, as for an attacker who
   * recovered the generator's state from a few outputs: an id drawn from it repeats, one drawn from
   * `crypto.getRandomValues` or `crypto.randomUUID` does not. The checks' own `Math.random` must not matter
   * meanwhile: under real vitest the submission shares the global `Math`, so it is fixed there too.
   */
  fix(value: number): void;
}

/** The run's `Math.random` for learner code: `labRandom().fix(0.5)`, reset before every check. */
export function labRandom(): LabRandom {
  const random = active('labRandom()').random;
  return {
    fix(value) {
      if (!(value >= 0 && value < 1)) throw new RangeError('labRandom().fix(value): value must be in [0, 1)');
      random.fixed = value;
      // Real vitest (check:labs' parity run, mutation testing) never hardens the realm: there the submission
      // calls the global `Math.random`, so replace it until the check ends.
      if (random.restore === undefined && !Object.isFrozen(Math)) {
        const descriptor = Reflect.getOwnPropertyDescriptor(Math, 'random');
        Math.random = () => learnerRandom();
        random.restore = () => {
          if (descriptor) Reflect.defineProperty(Math, 'random', descriptor);
        };
      }
    },
  };
}

/** The run's virtual clock: `await labClock().advance(60)` moves `Date.now()`, the token server and timers together. */
export function labClock(): VirtualClock {
  return active('labClock()').clock;
}

/** The run's simulated network (the global `fetch` routes through it). */
export function labNetwork(): SimulatedNetwork {
  return active('labNetwork()').network;
}

/** Records what the current check's attack did, shown next to its verdict. */
export function evidence(input: EvidenceInput): CheckEvidence {
  return active('evidence()').evidence.record(input);
}

/** The evidence recorded since the last call (the runner calls this after each check). */
export function takeEvidence(): CheckEvidence[] {
  return current ? current.evidence.take() : [];
}

export { realTimers };
