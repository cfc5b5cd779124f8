import FakeTimers from '@sinonjs/fake-timers';
import { describe, expect, it } from 'vitest';
import { createRunTracker, watchdogMessage } from '../../src/grading/core/run-tracker';
import type { RunnerEvent, RunReport } from '../../src/grading/core/runner-events';
import type { CheckResult } from '../../src/schemas/check-result';
import { MAX_CHECK_MS, WATCHDOG_GRACE_MS } from '../../src/schemas/check-limits';

const passed = (name: string): CheckResult => ({
  name,
  status: 'passed',
  durationMs: 1,
  console: [],
  evidence: [],
});

function track(timeoutMs = 1500) {
  const clock = FakeTimers.createClock(0);
  const events: RunnerEvent[] = [];
  const hung: RunReport[] = [];
  const tracker = createRunTracker({
    timeoutMs,
    timers: {
      setTimeout: (cb, ms) => clock.setTimeout(cb, ms),
      clearTimeout: (h) => clock.clearTimeout(h as number),
      now: () => clock.now,
    },
    onEvent: (event) => events.push(event),
    onHang: (report) => hung.push(report),
  });
  return { clock, events, hung, tracker };
}

describe('createRunTracker (the page and parent-process watchdog)', () => {
  it('re-arms on every check-start, so many quick checks never trip it', () => {
    const { clock, hung, tracker } = track();
    tracker.accept({ type: 'collected', names: ['a', 'b', 'c'] });
    for (const name of ['a', 'b', 'c']) {
      tracker.accept({ type: 'event', event: { type: 'check-start', name } });
      clock.tick(2000);
      tracker.accept({ type: 'event', event: { type: 'check-end', result: passed(name) } });
    }
    expect(hung).toEqual([]);
  });

  it('fires timeout + grace after a check starts, naming it; earlier results stay, later ones are not run', () => {
    const { clock, hung, events, tracker } = track(1500);
    tracker.accept({ type: 'collected', names: ['a', 'b', 'c'] });
    tracker.accept({ type: 'event', event: { type: 'check-start', name: 'a' } });
    tracker.accept({ type: 'event', event: { type: 'check-end', result: passed('a') } });
    tracker.accept({ type: 'event', event: { type: 'check-start', name: 'b' } });
    clock.tick(1500 + WATCHDOG_GRACE_MS - 1);
    expect(hung).toEqual([]);
    clock.tick(1);
    expect(hung).toHaveLength(1);
    expect(hung[0]?.results.map((r) => [r.name, r.status])).toEqual([
      ['a', 'passed'],
      ['b', 'timeout'],
      ['c', 'not run'],
    ]);
    expect(hung[0]?.results[1]?.message).toBe(watchdogMessage('b', 2500));
    expect(events.at(-1)).toMatchObject({ type: 'check-end', result: { name: 'b', status: 'timeout' } });
  });

  it('lets a check the busy machine slows run on while the worker keeps beating, then fires timeout + grace after the last beat', () => {
    const { clock, hung, tracker } = track(1500);
    tracker.accept({ type: 'collected', names: ['a', 'b'] });
    tracker.accept({ type: 'event', event: { type: 'check-start', name: 'a' } });
    for (let beat = 0; beat < 20; beat += 1) {
      clock.tick(250);
      tracker.accept({ type: 'alive' });
    }
    expect(hung).toEqual([]);
    tracker.accept({ type: 'event', event: { type: 'check-end', result: passed('a') } });
    tracker.accept({ type: 'event', event: { type: 'check-start', name: 'b' } });
    tracker.accept({ type: 'alive' });
    clock.tick(1500 + WATCHDOG_GRACE_MS - 1);
    expect(hung).toEqual([]);
    clock.tick(1);
    expect(hung[0]?.results.map((r) => [r.name, r.status])).toEqual([
      ['a', 'passed'],
      ['b', 'timeout'],
    ]);
  });

  it('stops a check that beats forever once it has run MAX_CHECK_MS + grace, and says how long it ran', () => {
    const { clock, hung, tracker } = track(1500);
    tracker.accept({ type: 'collected', names: ['a'] });
    tracker.accept({ type: 'event', event: { type: 'check-start', name: 'a' } });
    const limit = MAX_CHECK_MS + WATCHDOG_GRACE_MS;
    for (let ran = 0; ran < limit - 250; ran += 250) {
      clock.tick(250);
      tracker.accept({ type: 'alive' });
    }
    expect(hung).toEqual([]);
    clock.tick(limit - clock.now);
    expect(hung).toHaveLength(1);
    expect(hung[0]?.results[0]?.message).toBe(watchdogMessage('a', limit));
  });

  it("does not take its own lateness for the worker's silence: a page run late counts only the time it asked for", () => {
    const clock = FakeTimers.createClock(0);
    const hung: RunReport[] = [];
    const late: Array<() => void> = [];
    const tracker = createRunTracker({
      timeoutMs: 1500,
      // Every timer of this page runs 900 ms late: the operating system is giving the page little time.
      timers: {
        setTimeout: (cb, ms) => clock.setTimeout(() => late.push(cb), ms),
        clearTimeout: (h) => clock.clearTimeout(h as number),
        now: () => clock.now,
      },
      onEvent: () => {},
      onHang: (report) => hung.push(report),
    });
    tracker.accept({ type: 'collected', names: ['a'] });
    tracker.accept({ type: 'event', event: { type: 'check-start', name: 'a' } });
    for (let look = 0; look < 10; look += 1) {
      clock.tick(1000);
      late.splice(0).forEach((cb) => cb());
    }
    // 10 s of wall clock, 1 s of it the page's own: under the 2.5 s the worker's silence must last.
    expect(hung).toEqual([]);
  });

  it('blames the first check when the worker hangs before any check starts', () => {
    const { clock, hung, tracker } = track(1000);
    tracker.accept({ type: 'collected', names: ['a', 'b'] });
    clock.tick(2000);
    expect(hung[0]?.results.map((r) => r.status)).toEqual(['timeout', 'not run']);
  });

  it('returns the worker report on done and then stays quiet', () => {
    const { clock, hung, tracker } = track();
    const report: RunReport = {
      status: 'completed',
      results: [passed('a')],
      passed: 1,
      total: 1,
      durationMs: 5,
      network: [],
    };
    expect(tracker.accept({ type: 'done', report })).toBe(report);
    clock.tick(10_000);
    expect(hung).toEqual([]);
  });

  it('reports a dead worker as crashed, listing every check', () => {
    const { tracker } = track();
    tracker.accept({ type: 'collected', names: ['a', 'b'] });
    expect(tracker.crash('worker died')).toMatchObject({
      status: 'crashed',
      error: 'worker died',
      results: [
        { name: 'a', status: 'not run' },
        { name: 'b', status: 'not run' },
      ],
    });
  });
});
