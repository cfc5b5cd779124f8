import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import { crashedRunReport } from '../core/run-report';
import { createRunTracker } from '../core/run-tracker';
import type { GradeThreadInput, WorkerMessage } from '../core/worker-protocol';
import type { RunReport } from '../core/runner-events';
import { prefetchSimulationKeys, type SimulationKeys } from '../../token-server/keys/signing-key';

/** One line on stdin: a submission to grade. */
export interface GradeJob {
  id: number;
  input: GradeThreadInput;
}

/** One line on stdout. */
export type HostMessage =
  | {
      id: number;
      type: 'event';
      event: import('../core/runner-events').RunnerEvent;
    }
  | { id: number; type: 'report'; report: RunReport };

/**
 * The sandboxed grading process: `node --permission --allow-fs-read=<grader bundle> --allow-worker`.
 * It reads jobs from stdin, grades each in a fresh worker thread (fresh realm, fresh lockdown) and writes
 * reports to stdout. The permission model leaves it no file system beyond the bundle, no child processes
 * and no native addons; the submission's Compartment has no `fetch` but the simulated one.
 */
const threadFile = new URL(process.argv[2] ?? './grade-thread.mjs', import.meta.url);
const concurrency = Math.max(1, Number(process.argv[3] ?? 1));
/**
 * One line per message. A report that cannot be serialised (a value learner code smuggled into it) becomes a
 * crashed report naming the problem, so the host never dies before answering for a job.
 */
const write = (message: HostMessage) => {
  let line: string;
  try {
    line = JSON.stringify(message);
  } catch (problem) {
    if (message.type === 'event') return;
    line = JSON.stringify({
      id: message.id,
      type: 'report',
      report: crashedRunReport(
        `the grader could not serialise the report: ${String((problem as Error)?.message ?? problem)}`,
      ),
    } satisfies HostMessage);
  }
  process.stdout.write(`${line}\n`);
};

/**
 * The simulation keys, generated once for the process while the first thread boots: every thread gets this
 * set (non-extractable private keys, cloned) instead of paying for its own RSA keys.
 */
const simulationKeys: Promise<SimulationKeys | undefined> = prefetchSimulationKeys().catch(() => undefined);

/** The thread's first message: the keys, or none (it then generates its own) if they cannot be sent. */
function sendKeys(worker: Worker, keys: SimulationKeys | undefined): void {
  try {
    worker.postMessage({ type: 'keys', keys });
  } catch {
    worker.postMessage({ type: 'keys' });
  }
}

function grade(job: GradeJob): Promise<void> {
  return new Promise((resolve) => {
    const worker = new Worker(threadFile, {
      workerData: job.input,
      stdout: true,
      stderr: true,
    });
    void simulationKeys.then((keys) => sendKeys(worker, keys));
    let done = false;
    const finish = (report: RunReport) => {
      if (done) return;
      done = true;
      write({ id: job.id, type: 'report', report });
      void worker.terminate();
      resolve();
    };
    let tracker: ReturnType<typeof createRunTracker> | undefined;
    const crash = (reason: string): RunReport => tracker?.crash(reason) ?? crashedRunReport(reason);
    worker.on('message', (message: WorkerMessage) => {
      if (message.type === 'failed') {
        finish(crash(`the grader thread could not prepare the run: ${message.error}`));
        return;
      }
      if (message.type === 'ready') {
        tracker = createRunTracker({
          timeoutMs: job.input.timeoutMs,
          timers: {
            setTimeout,
            clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
            now: () => performance.now(),
          },
          onEvent: (event) => write({ id: job.id, type: 'event', event }),
          onHang: finish,
        });
        return;
      }
      const report = tracker?.accept(message);
      if (report) finish(report);
    });
    worker.on('error', (error) => finish(crash(`the grader thread failed: ${error.message}`)));
    worker.on('exit', (code) => finish(crash(`the grader thread exited with code ${code}`)));
  });
}

const queue: GradeJob[] = [];
let running = 0;
let inputClosed = false;

function pump(): void {
  while (running < concurrency && queue.length > 0) {
    const job = queue.shift() as GradeJob;
    running += 1;
    void grade(job).then(() => {
      running -= 1;
      pump();
      if (inputClosed && running === 0 && queue.length === 0) process.exit(0);
    });
  }
}

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line.trim() === '') return;
  queue.push(JSON.parse(line) as GradeJob);
  pump();
});
lines.on('close', () => {
  inputClosed = true;
  if (running === 0 && queue.length === 0) process.exit(0);
});
