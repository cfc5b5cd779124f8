/**
 * The platform's timers and clocks, captured when this module is first evaluated, before any run context fakes
 * them. The runner's own timeouts and durations must use these: inside a run, the global `setTimeout`, `Date`
 * and `Date.now` follow the virtual lab clock and only move when a check advances it.
 *
 * Import `@lab/server` (or this module) before anything else installs fake timers.
 */
export const realTimers = Object.freeze({
  setTimeout: globalThis.setTimeout.bind(globalThis) as typeof globalThis.setTimeout,
  clearTimeout: globalThis.clearTimeout.bind(globalThis) as typeof globalThis.clearTimeout,
  setInterval: globalThis.setInterval.bind(globalThis) as typeof globalThis.setInterval,
  clearInterval: globalThis.clearInterval.bind(globalThis) as typeof globalThis.clearInterval,
  /** Wall-clock milliseconds since the epoch. */
  dateNow: Date.now.bind(Date) as () => number,
  /** Monotonic milliseconds, for durations. */
  performanceNow: globalThis.performance.now.bind(globalThis.performance) as () => number,
  /** The platform `fetch`, if any (the run context replaces the global one). */
  fetch: (typeof globalThis.fetch === 'function' ? globalThis.fetch.bind(globalThis) : undefined) as
    typeof globalThis.fetch | undefined,
  /** The platform `Date` constructor. */
  Date: globalThis.Date,
});
