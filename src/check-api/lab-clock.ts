import FakeTimers from '@sinonjs/fake-timers';
import { checkAdvance, ClockError, toEpochMs, type VirtualClock } from '../token-server/clock';
import { createTaskYield } from './task-yield';

/** The fake timers a lab clock installs: `Date` (and so `Date.now`) and the four timer functions. */
const FAKED = ['Date', 'setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] as const;

/** More timers than this in one advance is a runaway loop (e.g. `setInterval(f, 0)`), not a lab scenario. */
const MAX_TIMERS_PER_ADVANCE = 10_000;

export interface LabClock extends VirtualClock {
  /** Restores the real `Date` and timers; pending fake timers are dropped. */
  uninstall(): void;
}

/**
 * Every date made while the clock is installed inherits from the fake `Date`'s prototype, whose `constructor`
 * is the fake itself, and the fake holds the clock (`Date.clock`): learner code given any date could reach it
 * and move time for the checks. The prototype is pointed at the `Date` the fake replaced and frozen.
 */
function sealFakeDatePrototype(fakeDate: DateConstructor): void {
  const prototype = fakeDate.prototype as object;
  const replaced = Object.getPrototypeOf(fakeDate) as DateConstructor;
  Object.defineProperty(prototype, 'constructor', {
    value: replaced,
    writable: false,
    enumerable: false,
    configurable: false,
  });
  Object.freeze(prototype);
}

let realmTimers: { date: DateConstructor; timers: ReturnType<typeof FakeTimers.withGlobal> } | undefined;

/**
 * fake-timers bound to this realm. `withGlobal` surveys every timer API the realm has, which costs more than the
 * install itself, and a grade installs a clock per check: the survey is kept while the realm's `Date` is the one
 * it saw (an uninstalled clock puts that same `Date` back).
 */
function timersOfRealm(): ReturnType<typeof FakeTimers.withGlobal> {
  if (realmTimers?.date !== globalThis.Date)
    realmTimers = { date: globalThis.Date, timers: FakeTimers.withGlobal(globalThis) };
  return realmTimers.timers;
}

/**
 * A virtual clock that drives the global `Date`, `Date.now`, `setTimeout`/`setInterval` through
 * `@sinonjs/fake-timers`, so learner code (jose's `exp` checks, `createRemoteJWKSet`'s cache and cooldown), the
 * token server and the checks all read the same time.
 *
 * `advance(seconds)` behaves like fake-timers' `tickAsync`: it first lets pending promise callbacks run, then
 * fires every timer due in the window one at a time, in order, yielding a macrotask after each so promise
 * chains a timer starts (and the timers they schedule) run in between. The yield is a `MessageChannel` message,
 * not `setTimeout(0)`, which browsers throttle to 4 ms. Always `await` it. An error thrown by a timer callback
 * does not stop the clock: the advance completes and then rejects with the first error. `set(date)` jumps
 * without firing timers. `performance.now` and `AbortSignal.timeout` stay real (jose's JWKS fetch timeout uses
 * the latter; the simulated network answers long before it fires).
 */
export function installLabClock(start: Date | string | number): LabClock {
  const fake = timersOfRealm().install({
    now: toEpochMs(start),
    toFake: [...FAKED],
    shouldClearNativeTimers: false,
  });
  sealFakeDatePrototype(globalThis.Date);
  return {
    now: () => new Date(fake.now),
    nowMs: () => fake.now,
    nowSeconds: () => Math.floor(fake.now / 1000),
    async advance(seconds) {
      const ms = checkAdvance(seconds);
      const pause = createTaskYield();
      let reached = false;
      // A sentinel timer at the target: every timer due before it fires first (fake-timers orders by time).
      const sentinel = fake.setTimeout(() => {
        reached = true;
      }, ms);
      let firstError: unknown;
      try {
        await pause.next();
        for (let fired = 0; !reached; fired++) {
          if (fired >= MAX_TIMERS_PER_ADVANCE) {
            throw new ClockError(
              'ERR_CLOCK_TOO_MANY_TIMERS',
              `clock.advance(${seconds}): more than ${MAX_TIMERS_PER_ADVANCE} timers fell due; is a timer rescheduling itself with no delay?`,
            );
          }
          try {
            fake.next();
          } catch (error) {
            firstError ??= error;
          }
          await pause.next();
        }
        // Timers due exactly at the target but scheduled after the sentinel.
        try {
          fake.tick(0);
        } catch (error) {
          firstError ??= error;
        }
        await pause.next();
      } finally {
        fake.clearTimeout(sentinel);
        pause.close();
      }
      if (firstError !== undefined) throw firstError;
    },
    set(date) {
      fake.setSystemTime(toEpochMs(date));
    },
    uninstall() {
      fake.uninstall();
    },
  };
}
