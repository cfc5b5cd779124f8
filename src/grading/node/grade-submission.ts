import { spawn } from 'node:child_process';
import { createInterface } from 'node:readline';
import type { LoadedLab } from '../../lab-format/load-lab';
import type { Mutant } from '../core/mutants';
import { crashedRunReport } from '../core/run-report';
import type { RunnerEvent, RunReport } from '../core/runner-events';
import type { GradeThreadInput } from '../core/worker-protocol';
import { ensureGraderBundle } from './grader-bundle';
import type { GradeJob, HostMessage } from './grade-host';

export interface SubmissionJob {
  lab: LoadedLab;
  code: string;
  mutant?: Mutant;
  /** Rehearse in the thread first, as a browser worker does while it waits for a click (used to prove it changes no verdict). */
  rehearse?: boolean;
  /** The run's seed (its start instant); random when absent. */
  seed?: number;
}

export interface GradeManyOptions {
  /** Worker threads graded at once (each submission still gets its own). Default 2. */
  concurrency?: number;
  onEvent?: (jobIndex: number, event: RunnerEvent) => void;
}

/** Everything the grading thread reads of a job: with the grader bundle, it decides the report. */
export function gradeInput(job: SubmissionJob): GradeThreadInput {
  return {
    checks: job.lab.checks,
    editableFile: job.lab.meta.editableFile,
    timeoutMs: job.lab.meta.timeoutMs,
    code: job.code,
    ...(job.mutant ? { mutant: job.mutant } : {}),
    ...(job.rehearse ? { rehearse: true } : {}),
    ...(job.seed === undefined ? {} : { seed: job.seed }),
  };
}

/**
 * Grades submissions in one sandboxed child process (Node permission model: read access to the grader
 * bundle only, worker threads allowed, no child processes, no writes), in worker threads reused for a lab's next
 * submission by the lab page's rule (../core/worker-reuse.ts). Reports come back in job order.
 */
export async function gradeSubmissions(
  jobs: SubmissionJob[],
  options: GradeManyOptions = {},
): Promise<RunReport[]> {
  if (jobs.length === 0) return [];
  const bundle = await ensureGraderBundle();
  const child = spawn(
    process.execPath,
    [
      '--permission',
      `--allow-fs-read=${bundle.dir}`,
      '--allow-worker',
      '--disable-warning=ExperimentalWarning',
      bundle.host,
      bundle.thread,
      String(options.concurrency ?? 2),
    ],
    { stdio: ['pipe', 'pipe', 'pipe'] },
  );
  const reports = new Array<RunReport | undefined>(jobs.length);
  let stderr = '';
  child.stderr.on('data', (chunk: Buffer) => {
    stderr += chunk.toString();
  });
  const lines = createInterface({ input: child.stdout });
  let unreadable = '';
  lines.on('line', (line) => {
    let message: HostMessage;
    try {
      message = JSON.parse(line) as HostMessage;
    } catch {
      unreadable ||= line.slice(0, 200);
      return;
    }
    if (message.type === 'event') options.onEvent?.(message.id, message.event);
    else if (Number.isInteger(message.id) && message.id >= 0 && message.id < jobs.length)
      reports[message.id] = message.report;
  });
  jobs.forEach((job, id) => {
    const line: GradeJob = { id, input: gradeInput(job) };
    child.stdin.write(`${JSON.stringify(line)}\n`);
  });
  child.stdin.end();
  const exitCode = await new Promise<number | null>((resolve) => child.on('close', resolve));
  // Array.from visits every index: a job without a report becomes a crashed report, never an empty slot.
  return Array.from({ length: jobs.length }, (_, id) => {
    const report = reports[id];
    if (report) return report;
    return crashedRunReport(
      `the grader process exited (${exitCode}) before grading job ${id}: ${stderr.trim().slice(0, 2000)}${
        unreadable ? ` (unreadable output: ${unreadable})` : ''
      }`,
    );
  });
}
