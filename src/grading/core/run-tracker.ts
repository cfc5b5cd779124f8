import { MAX_CHECK_MS, WATCHDOG_GRACE_MS } from '../../schemas/check-limits';
import { startDeadline, type Deadline } from './check-deadline';
import type { CheckResult } from '../../schemas/check-result';
import type { HostTimers } from './host-timers';
import { buildRunReport } from './run-report';
import type { RunReport, RunnerEvent } from './runner-events';
import type { WorkerMessage } from './worker-protocol';

export function watchdogMessage(name: string, limitMs: number): string {
  return `Timed out in "${name}": the check was still running after ${limitMs} ms (an infinite loop?), so the runner was stopped.`;
}

/**
 * The host side of one run: follows the worker's events and, when the worker stops answering, builds
 * the report itself. The watchdog fires after the check's timeout plus WATCHDOG_GRACE_MS without a word from
 * the worker (an event or a heartbeat, ./heartbeat.ts), so a synchronous loop is reported within 3 s whatever
 * the number of checks; loading and collecting get the same allowance. It is a deadline of ./check-deadline.ts,
 * so a page the operating system runs late does not take its own lateness for the worker's silence; and a
 * worker that keeps beating through one check is stopped after MAX_CHECK_MS plus the grace.
 */
export function createRunTracker(options: {
  timeoutMs: number;
  timers: HostTimers;
  onEvent: (event: RunnerEvent) => void;
  /** Called when the watchdog fires: the host must terminate the worker. */
  onHang: (report: RunReport) => void;
}) {
  const limitMs = options.timeoutMs + WATCHDOG_GRACE_MS;
  const started = options.timers.now();
  let names: string[] = [];
  const finished: CheckResult[] = [];
  let current: string | undefined;
  let deadline: Deadline | undefined;
  let settled = false;
  // When the current step (loading, or one check) began: the wall-clock bound runs from there.
  let stepStarted = options.timers.now();

  /** A word from the worker: the silence starts again; a new step also restarts the wall-clock bound. */
  function arm(newStep: boolean): void {
    deadline?.cancel();
    const now = options.timers.now();
    if (newStep) stepStarted = now;
    deadline = startDeadline({
      timers: options.timers,
      limitMs,
      ceilingMs: Math.max(0, MAX_CHECK_MS + WATCHDOG_GRACE_MS - (now - stepStarted)),
      onExpire: fire,
    });
  }

  function fire(): void {
    if (settled) return;
    settled = true;
    const hungName =
      current ?? names.find((name) => !finished.some((r) => r.name === name)) ?? '(loading the checks)';
    const results: CheckResult[] = [...finished];
    // Silent for the limit, or beating past the wall-clock bound: either way, how long the step ran.
    const ran = Math.round(options.timers.now() - stepStarted);
    const stoppedAfter = ran >= MAX_CHECK_MS ? ran : limitMs;
    const stuck: CheckResult = {
      name: hungName,
      status: 'timeout',
      message: watchdogMessage(hungName, stoppedAfter),
      durationMs: stoppedAfter,
      console: [],
      evidence: [],
    };
    results.push(stuck);
    options.onEvent({ type: 'check-end', result: stuck });
    for (const name of names) {
      if (!results.some((r) => r.name === name)) {
        results.push({
          name,
          status: 'not run',
          durationMs: 0,
          console: [],
          evidence: [],
        });
      }
    }
    options.onHang(
      buildRunReport({ status: 'completed', results, durationMs: options.timers.now() - started }),
    );
  }

  arm(true);
  return {
    /** Feeds one worker message; returns the final report when the run is done. */
    accept(message: WorkerMessage): RunReport | undefined {
      if (settled) return undefined;
      if (message.type === 'alive') {
        arm(false);
      } else if (message.type === 'collected') {
        names = message.names;
        arm(true);
      } else if (message.type === 'event') {
        const { event } = message;
        if (event.type === 'check-start') {
          current = event.name;
          arm(true);
        } else {
          current = undefined;
          finished.push(event.result);
          arm(true);
        }
        options.onEvent(event);
      } else if (message.type === 'done') {
        settled = true;
        deadline?.cancel();
        return message.report;
      }
      return undefined;
    },
    /** The worker died without a report (an uncaught error, out of memory). */
    crash(reason: string): RunReport {
      settled = true;
      deadline?.cancel();
      const results: CheckResult[] = [...finished];
      for (const name of names) {
        if (!results.some((r) => r.name === name)) {
          results.push({
            name,
            status: 'not run',
            durationMs: 0,
            console: [],
            evidence: [],
          });
        }
      }
      return buildRunReport({
        status: 'crashed',
        results,
        durationMs: options.timers.now() - started,
        error: reason,
      });
    },
    dispose(): void {
      settled = true;
      deadline?.cancel();
    },
  };
}
