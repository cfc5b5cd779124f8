import {
  disposeRunContext,
  labNetwork,
  resetRunContext,
  takeEvidence,
  hasRunContext,
  realTimers,
} from '../../check-api/run-context';
import type { HostTimers } from './host-timers';
import type { RunContextPort } from './run-checks';

/** The runner's view of `@lab/server`'s run context: one reset per check (ARCHITECTURE.md, "Run context"). */
export const labRunContext: RunContextPort = {
  reset: (startMs) => resetRunContext(startMs === undefined ? {} : { start: startMs }),
  takeEvidence: () => takeEvidence(),
  takeNetwork: () => (hasRunContext() ? [...labNetwork().log.entries] : []),
  dispose: () => disposeRunContext(),
};

/** Captured by `@lab/server` before any virtual clock exists. */
export const runnerTimers: HostTimers = {
  setTimeout: (callback, ms) => realTimers.setTimeout(callback, ms),
  clearTimeout: (handle) => realTimers.clearTimeout(handle as ReturnType<typeof setTimeout>),
  now: () => realTimers.performanceNow(),
};
