import FakeTimers from '@sinonjs/fake-timers';
import { checkAdvance, toEpochMs, type VirtualClock } from '../token-server/clock';

/** The fake timers a lab clock installs: `Date` (and so `Date.now`) and the four timer functions. */
const FAKED = ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] as const;

export interface LabClock extends VirtualClock {
  /** Restores the real `Date` and timers; pending fake timers are dropped. */
  uninstall(): void;
}

/**
 * A virtual clock that drives the global `Date`, `Date.now`, `setTimeout`/`setInterval` through
 * `@sinonjs/fake-timers`, so learner code (jose's `exp` checks, `createRemoteJWKSet`'s cache and cooldown), the
 * token server and the checks all read the same time.
 *
 * `advance(seconds)` uses `tickAsync`: timers due in the window fire in order and promise callbacks run between
 * them, so a refresh loop driven by `setTimeout` behaves as in real time, only instantly. It starts on the next
 * macrotask: always `await` it. `set(date)` jumps without firing timers. `performance.now` and
 * `AbortSignal.timeout` stay real (jose's JWKS fetch timeout uses the latter; the simulated network answers
 * long before it fires).
 */
export function installLabClock(start: Date | string | number): LabClock {
  const fake = FakeTimers.withGlobal(globalThis).install({
    now: toEpochMs(start),
    toFake: [...FAKED],
    shouldClearNativeTimers: false,
  });
  return {
    now: () => new Date(fake.now),
    nowMs: () => fake.now,
    nowSeconds: () => Math.floor(fake.now / 1000),
    async advance(seconds) {
      await fake.tickAsync(checkAdvance(seconds));
    },
    set(date) {
      fake.setSystemTime(toEpochMs(date));
    },
    uninstall() {
      fake.uninstall();
    },
  };
}
