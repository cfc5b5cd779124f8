import { WATCHDOG_GRACE_MS } from '../../schemas/lab';
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
 * the report itself. The watchdog is re-armed on every check-start with the check's timeout plus
 * WATCHDOG_GRACE_MS, so a synchronous loop is reported within 3 s whatever the number of checks;
 * loading and collecting get the same allowance.
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
  let handle: unknown;
  let settled = false;

  function arm(): void {
    options.timers.clearTimeout(handle);
    handle = options.timers.setTimeout(fire, limitMs);
  }

  function fire(): void {
    if (settled) return;
    settled = true;
    const hungName =
      current ?? names.find((name) => !finished.some((r) => r.name === name)) ?? '(loading the checks)';
    const results: CheckResult[] = [...finished];
    const stuck: CheckResult = {
      name: hungName,
      status: 'timeout',
      message: watchdogMessage(hungName, limitMs),
      durationMs: limitMs,
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

  arm();
  return {
    /** Feeds one worker message; returns the final report when the run is done. */
    accept(message: WorkerMessage): RunReport | undefined {
      if (settled) return undefined;
      if (message.type === 'collected') {
        names = message.names;
        arm();
      } else if (message.type === 'event') {
        const { event } = message;
        if (event.type === 'check-start') {
          current = event.name;
          arm();
        } else {
          current = undefined;
          finished.push(event.result);
          arm();
        }
        options.onEvent(event);
      } else if (message.type === 'done') {
        settled = true;
        options.timers.clearTimeout(handle);
        return message.report;
      }
      return undefined;
    },
    /** The worker died without a report (an uncaught error, out of memory). */
    crash(reason: string): RunReport {
      settled = true;
      options.timers.clearTimeout(handle);
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
      options.timers.clearTimeout(handle);
    },
  };
}
