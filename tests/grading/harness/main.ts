import {
  createLabRunner,
  type LabRunnerOptions,
  type RunnerEvent,
  type RunReport,
} from '../../../src/grading/browser/lab-runner';

/**
 * Test page for the browser runner: the e2e suites call `window.labHarness.grade(...)` through Playwright,
 * exactly as the lab island calls `createLabRunner` (one warm worker per run, page watchdog).
 */
const runners = new Map<string, ReturnType<typeof createLabRunner>>();

async function grade(
  options: LabRunnerOptions,
  code: string,
  seed?: number,
): Promise<RunReport & { events: RunnerEvent[] }> {
  let runner = runners.get(options.labId);
  if (!runner) {
    runner = createLabRunner(options);
    runners.set(options.labId, runner);
  }
  const events: RunnerEvent[] = [];
  const report = await runner.run(code, (event) => events.push(event), seed);
  return { ...report, events };
}

Object.assign(window, { labHarness: { grade } });
document.getElementById('status')!.textContent = 'ready';
