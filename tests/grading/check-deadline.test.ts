import FakeTimers from '@sinonjs/fake-timers';
import { describe, expect, it } from 'vitest';
import { DEADLINE_TICK_MS, startDeadline } from '../../src/grading/core/check-deadline';
import type { HostWork } from '../../src/grading/core/host-work';

/** A deadline on a virtual clock, with the host's WebCrypto work under the test's control. */
function deadline(limitMs: number, ceilingMs = 10_000) {
  const clock = FakeTimers.createClock(0);
  const work: HostWork = { inFlight: 0, settled: 0 };
  let expiredAt: number | undefined;
  const handle = startDeadline({
    timers: {
      setTimeout: (cb, ms) => clock.setTimeout(cb, ms),
      clearTimeout: (h) => clock.clearTimeout(h as number),
      now: () => clock.now,
    },
    limitMs,
    ceilingMs,
    hostWork: () => ({ ...work }),
    onExpire: () => {
      expiredAt = clock.now;
    },
  });
  return { clock, work, handle, expiredAt: () => expiredAt };
}

describe("startDeadline (a check's timeout, and the page's watchdog)", () => {
  it('fires after the limit when the thread waits on nothing, like a plain timer', () => {
    const d = deadline(1500);
    d.clock.tick(1499);
    expect(d.expiredAt()).toBeUndefined();
    d.clock.tick(1);
    expect(d.expiredAt()).toBe(1500);
  });

  it('never fires once cancelled', () => {
    const d = deadline(1500);
    d.clock.tick(1000);
    d.handle.cancel();
    d.clock.tick(20_000);
    expect(d.expiredAt()).toBeUndefined();
  });

  it('does not count the time a WebCrypto operation is in flight', () => {
    const d = deadline(1500);
    d.clock.tick(500);
    d.work.inFlight = 1;
    d.clock.tick(3000);
    expect(d.expiredAt()).toBeUndefined();
    d.work.inFlight = 0;
    d.work.settled = 1;
    // The look that finds the operation settled still counts nothing: the host worked since the last look.
    d.clock.tick(DEADLINE_TICK_MS);
    d.clock.tick(1000 - 1);
    expect(d.expiredAt()).toBeUndefined();
    d.clock.tick(1);
    expect(d.expiredAt()).toBe(500 + 3000 + DEADLINE_TICK_MS + 1000);
  });

  it('does not count operations that started and settled between two looks', () => {
    const d = deadline(1000);
    for (let i = 0; i < 30; i += 1) {
      d.work.settled += 1;
      d.clock.tick(DEADLINE_TICK_MS);
    }
    expect(d.expiredAt()).toBeUndefined();
    d.clock.tick(1000);
    expect(d.expiredAt()).toBe(3000 + 1000);
  });

  it('counts at most the interval it asked for when its look comes late (a starved or busy thread)', () => {
    const clock = FakeTimers.createClock(0);
    let expiredAt: number | undefined;
    // A host whose timers each run 400 ms late: every look finds 500 ms gone and counts 100.
    const late: Array<() => void> = [];
    startDeadline({
      timers: {
        setTimeout: (cb, ms) => clock.setTimeout(() => late.push(cb), ms),
        clearTimeout: (h) => clock.clearTimeout(h as number),
        now: () => clock.now,
      },
      limitMs: 1000,
      ceilingMs: 10_000,
      onExpire: () => {
        expiredAt = clock.now;
      },
    });
    for (let look = 1; look <= 10; look += 1) {
      clock.tick(DEADLINE_TICK_MS + 400);
      late.splice(0).forEach((cb) => cb());
      if (look < 10) expect(expiredAt).toBeUndefined();
    }
    expect(expiredAt).toBe(10 * (DEADLINE_TICK_MS + 400));
  });

  it('fires at the wall-clock ceiling however busy the host keeps it', () => {
    const d = deadline(1500, 8000);
    d.work.inFlight = 1;
    d.clock.tick(7999);
    expect(d.expiredAt()).toBeUndefined();
    d.clock.tick(1);
    expect(d.expiredAt()).toBe(8000);
  });

  it('fires once', () => {
    let fired = 0;
    const clock = FakeTimers.createClock(0);
    startDeadline({
      timers: {
        setTimeout: (cb, ms) => clock.setTimeout(cb, ms),
        clearTimeout: (h) => clock.clearTimeout(h as number),
        now: () => clock.now,
      },
      limitMs: 200,
      ceilingMs: 1000,
      onExpire: () => {
        fired += 1;
      },
    });
    clock.tick(5000);
    expect(fired).toBe(1);
  });
});
