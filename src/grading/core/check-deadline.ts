import type { HostTimers } from './host-timers';
import { hostWorkedBetween, type HostWork } from './host-work';

/** How often a deadline looks at the clock: the most a deadline can fire late on a quiet machine. */
export const DEADLINE_TICK_MS = 100;

export interface DeadlineOptions {
  timers: HostTimers;
  /** Milliseconds of waiting on nothing after which the deadline fires. */
  limitMs: number;
  /** Wall-clock milliseconds after which it fires whatever the machine was doing. */
  ceilingMs: number;
  /** The host's work (./host-work.ts), where this thread can see it: time the host spends working does not count. */
  hostWork?: () => HostWork;
  onExpire(): void;
}

export interface Deadline {
  cancel(): void;
}

/**
 * A deadline for "this has hung", which a busy machine does not trip. It looks at the clock every
 * DEADLINE_TICK_MS and counts, of the time since its last look, at most the interval it asked for, and
 * nothing at all if the host had work in flight or finished some meanwhile:
 * - a promise that never settles leaves the thread idle and the host without work, and the deadline fires
 *   after `limitMs`, as a plain timer would;
 * - a thread the operating system runs late, or that ran the check's own code for a while, sees its look come
 *   late, and the lateness is not counted;
 * - a check waiting on WebCrypto, slowed by another process, is not waiting on nothing.
 * `ceilingMs` bounds the whole on the wall clock, so code that keeps the host busy forever still stops.
 */
export function startDeadline(options: DeadlineOptions): Deadline {
  const { timers } = options;
  const started = timers.now();
  let last = started;
  let asked = 0;
  let counted = 0;
  let seen = options.hostWork?.();
  let handle: unknown;
  let over = false;

  function schedule(): void {
    const left = Math.min(options.limitMs - counted, options.ceilingMs - (last - started));
    asked = Math.max(0, Math.min(DEADLINE_TICK_MS, left));
    handle = timers.setTimeout(look, asked);
  }

  function look(): void {
    if (over) return;
    const now = timers.now();
    const work = options.hostWork?.();
    if (work === undefined || !hostWorkedBetween(seen, work)) counted += Math.min(now - last, asked);
    seen = work;
    last = now;
    if (counted >= options.limitMs || now - started >= options.ceilingMs) {
      over = true;
      options.onExpire();
      return;
    }
    schedule();
  }

  schedule();
  return {
    cancel() {
      over = true;
      timers.clearTimeout(handle);
    },
  };
}
