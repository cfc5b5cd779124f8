/**
 * The platform's timers as the grading code holds them: captured before any virtual clock replaces the
 * globals (the runner's per-check deadline, inside the worker) or never replaced at all (the page's and the
 * Node host's watchdog, outside it). One type for both, so the deadline and the watchdog measure alike.
 */
export interface HostTimers {
  setTimeout(callback: () => void, ms: number): unknown;
  clearTimeout(handle: unknown): void;
  /** Monotonic milliseconds, for durations. */
  now(): number;
}
