import { createInterface } from 'node:readline';
import { Worker } from 'node:worker_threads';
import { crashedRunReport } from '../core/run-report';
import { createRunTracker } from '../core/run-tracker';
import type {
  GradeThreadInit,
  GradeThreadInput,
  GradeThreadRun,
  WorkerMessage,
} from '../core/worker-protocol';
import { MAX_RUNS_PER_WORKER, REUSE_READY_MS, reusable } from '../core/worker-reuse';
import { sendKeys } from '../core/send-keys';
import type { RunReport } from '../core/runner-events';
import { generateSimulationKeys, type SimulationKeys } from '../../token-server/keys/key-material';

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
 * It reads jobs from stdin, grades them in worker threads (each its own realm, locked down; `lane` says when
 * a thread grades more than one job) and writes reports to stdout. The permission model leaves it no file system beyond the bundle, no child processes
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
const simulationKeys: Promise<SimulationKeys | undefined> = generateSimulationKeys().catch(() => undefined);

/** A grading thread for one lab, and how many runs it has graded. */
interface GradeThread {
  worker: Worker;
  /** The lab it grades: a job for another lab (or one asking for a rehearsal) gets a fresh thread. */
  key: string;
  runs: number;
  /** Resolves true when the thread says `ready`, false when it fails, exits or takes longer than allowed. */
  ready: Promise<boolean>;
  /** Where the thread's messages go during a run. */
  onMessage?: ((message: WorkerMessage) => void) | undefined;
  onGone?: ((reason: string) => void) | undefined;
  gone: boolean;
  /** Why the thread ended, when it failed or exited on its own: a job it could not start is reported with it. */
  reason?: string | undefined;
}

const threadKey = (input: GradeThreadInit) =>
  JSON.stringify([input.checks, input.editableFile, input.timeoutMs, input.rehearse === true]);

/** Resolves true at the thread's next `ready`, false if it dies first or is not ready within `withinMs`. */
function nextReady(thread: GradeThread, withinMs?: number): Promise<boolean> {
  return new Promise((resolve) => {
    if (thread.gone) return resolve(false);
    const timer = withinMs === undefined ? undefined : setTimeout(() => resolve(false), withinMs);
    thread.onMessage = (message) => {
      if (message.type !== 'ready') return;
      clearTimeout(timer);
      resolve(true);
    };
    thread.onGone = () => {
      clearTimeout(timer);
      resolve(false);
    };
  });
}

function startThread(input: GradeThreadInit): GradeThread {
  const worker = new Worker(threadFile, {
    workerData: {
      checks: input.checks,
      editableFile: input.editableFile,
      timeoutMs: input.timeoutMs,
      ...(input.rehearse ? { rehearse: true } : {}),
    } satisfies GradeThreadInit,
    stdout: true,
    stderr: true,
  });
  const thread: GradeThread = {
    worker,
    key: threadKey(input),
    runs: 0,
    ready: Promise.resolve(false),
    gone: false,
  };
  const gone = (reason: string) => {
    if (thread.gone) return;
    thread.gone = true;
    thread.reason = reason;
    thread.onGone?.(reason);
  };
  worker.on('message', (message: WorkerMessage) => thread.onMessage?.(message));
  worker.on('error', (error) => gone(`the grader thread failed: ${error.message}`));
  worker.on('exit', (code) => gone(`the grader thread exited with code ${code}`));
  // Booting (parse, lockdown, rehearsal, keys) is not the submission's time: no limit before the first `ready`.
  thread.ready = nextReady(thread);
  // The thread's first message: the keys, or none (it then generates its own).
  void simulationKeys.then((keys) => sendKeys((message) => worker.postMessage(message), keys));
  return thread;
}

function retire(thread: GradeThread): void {
  thread.gone = true;
  void thread.worker.terminate();
}

/** Grades one job on `thread` (ready): the report, and whether the thread may grade the next job. */
function runOn(thread: GradeThread, job: GradeJob): Promise<{ report: RunReport; reusable: boolean }> {
  return new Promise((resolve) => {
    let done = false;
    const finish = (report: RunReport, mayReuse: boolean) => {
      if (done) return;
      done = true;
      thread.onMessage = undefined;
      thread.onGone = undefined;
      write({ id: job.id, type: 'report', report });
      resolve({ report, reusable: mayReuse && !thread.gone && reusable(report) });
    };
    const tracker = createRunTracker({
      timeoutMs: job.input.timeoutMs,
      timers: {
        setTimeout,
        clearTimeout: (h) => clearTimeout(h as NodeJS.Timeout),
        now: () => performance.now(),
      },
      onEvent: (event) => write({ id: job.id, type: 'event', event }),
      onHang: (report) => finish(report, false),
    });
    thread.onMessage = (message) => {
      const report = tracker.accept(message);
      if (report) finish(report, true);
    };
    thread.onGone = (reason) => finish(tracker.crash(reason), false);
    thread.runs += 1;
    const run: GradeThreadRun = {
      type: 'run',
      code: job.input.code,
      ...(job.input.mutant ? { mutant: job.input.mutant } : {}),
      ...(job.input.seed === undefined ? {} : { seed: job.input.seed }),
    };
    thread.worker.postMessage(run);
  });
}

/**
 * One of `concurrency` lanes: grades queued jobs one after another. A thread that graded a run in order
 * (../core/worker-reuse.ts) grades the lane's next job when it is for the same lab, as the lab page reuses its
 * worker, up to MAX_RUNS_PER_WORKER runs; otherwise the job gets a fresh thread. So every lab's first job runs
 * cold and the rest warm, as a learner's first click and the ones after it.
 */
async function lane(): Promise<void> {
  let thread: GradeThread | undefined;
  for (let job = await nextJob(); job; job = await nextJob()) {
    if (thread && (thread.key !== threadKey(job.input) || thread.runs >= MAX_RUNS_PER_WORKER)) {
      retire(thread);
      thread = undefined;
    }
    if (thread && !(await thread.ready)) {
      retire(thread);
      thread = undefined;
    }
    if (!thread) {
      thread = startThread(job.input);
      if (!(await thread.ready)) {
        write({
          id: job.id,
          type: 'report',
          report: crashedRunReport(thread.reason ?? 'the grader thread did not start'),
        });
        retire(thread);
        thread = undefined;
        continue;
      }
    }
    const { reusable: again } = await runOn(thread, job);
    if (again) thread.ready = nextReady(thread, REUSE_READY_MS);
    else {
      retire(thread);
      thread = undefined;
    }
  }
  if (thread) retire(thread);
}

const queue: GradeJob[] = [];
const waiting: ((job: GradeJob | undefined) => void)[] = [];
let inputClosed = false;

/** The next queued job, waiting for one to arrive; undefined once stdin is closed and the queue is empty. */
function nextJob(): Promise<GradeJob | undefined> {
  const job = queue.shift();
  if (job || inputClosed) return Promise.resolve(job);
  return new Promise((resolve) => waiting.push(resolve));
}

void Promise.all(Array.from({ length: concurrency }, lane)).then(() => process.exit(0));

const lines = createInterface({ input: process.stdin });
lines.on('line', (line) => {
  if (line.trim() === '') return;
  const job = JSON.parse(line) as GradeJob;
  const lane = waiting.shift();
  if (lane) lane(job);
  else queue.push(job);
});
lines.on('close', () => {
  inputClosed = true;
  for (const lane of waiting.splice(0)) lane(undefined);
});
