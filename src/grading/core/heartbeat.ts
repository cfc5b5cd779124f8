import type { HostTimers } from './host-timers';

/** How often a grading worker says it is alive while it runs checks. */
export const HEARTBEAT_MS = 250;

/**
 * The worker's side of the host's watchdog (./run-tracker.ts): a beat every HEARTBEAT_MS from the worker's own
 * event loop. A synchronous or microtask loop stops the beats, and the watchdog stops the worker; a check that
 * is only slow, because the machine is busy, keeps beating, and its own deadline (./check-deadline.ts) decides.
 * Returns the function that stops the beats.
 */
export function startHeartbeat(timers: HostTimers, beat: () => void): () => void {
  let stopped = false;
  let handle: unknown;
  const next = () => {
    if (stopped) return;
    beat();
    handle = timers.setTimeout(next, HEARTBEAT_MS);
  };
  handle = timers.setTimeout(next, HEARTBEAT_MS);
  return () => {
    stopped = true;
    timers.clearTimeout(handle);
  };
}
