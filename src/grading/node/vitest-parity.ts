import { cpSync, mkdirSync, rmSync, writeFileSync } from 'node:fs';
import { availableParallelism } from 'node:os';
import { dirname, join, resolve } from 'node:path';
import type { Plugin } from 'vite';
import { startVitest } from 'vitest/node';
import type { LoadedLab } from '../../lab-format/load-lab';
import { LAB_FILES } from '../../lab-format/lab-layout';
import { failureFromSerialized, type SerializedFailure } from '../core/failure';
import type { CheckStatus } from '../../schemas/check-result';
import { MAX_CHECK_MS } from '../../schemas/check-limits';

const ROOT = resolve(import.meta.dirname, '../../..');
const PARITY_DIR = join(ROOT, '.lab-runs');

/** One submission of one lab to run under real vitest. */
export interface ParityVariant {
  lab: LoadedLab;
  /** `solution`, `starter` or `wrong-<name>`: the scratch folder name. */
  variant: string;
  code: string;
}

export interface VitestVerdict {
  name: string;
  status: CheckStatus;
  message?: string;
}

interface TaskLike {
  type: string;
  name: string;
  tasks?: TaskLike[];
  result?: { state?: string; errors?: SerializedFailure[] };
}

/**
 * Maps `@lab/submission` to the `submission.ts` next to the importing checks file, so one vitest run
 * covers every lab and every variant.
 */
function submissionByImporter(): Plugin {
  return {
    name: 'lab-submission-by-importer',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source !== '@lab/submission' || !importer) return null;
      return join(dirname(importer.split('?')[0] ?? importer), 'submission.ts');
    },
  };
}

function verdicts(
  tasks: TaskLike[],
  path: string[],
  suiteError: SerializedFailure | undefined,
): VitestVerdict[] {
  return tasks.flatMap((task): VitestVerdict[] => {
    if (task.type === 'suite') {
      const failed = task.result?.state === 'fail' ? task.result.errors?.[0] : undefined;
      return verdicts(task.tasks ?? [], [...path, task.name], suiteError ?? failed);
    }
    const name = [...path, task.name].join(' > ');
    const state = task.result?.state;
    const error = task.result?.errors?.[0] ?? (state !== 'pass' ? suiteError : undefined);
    if (state === 'pass' && !error) return [{ name, status: 'passed' }];
    if (!error) return [{ name, status: 'not run' }];
    const timedOut = typeof error.message === 'string' && error.message.startsWith('Test timed out in');
    const failure = failureFromSerialized(error, timedOut);
    return [{ name, status: failure.status, message: failure.message }];
  });
}

/**
 * Runs every variant's checks in ONE vitest invocation (Node API), each from its own scratch folder
 * `.lab-runs/<lab>/<variant>/` holding `checks.test.ts`, `submission.ts` and `lab.md`, with the same
 * setup file (`resetRunContext()` before each check, the lab's timeout) as `vitest.labs.config.ts`.
 */
export async function runUnderVitest(variants: ParityVariant[]): Promise<Map<string, VitestVerdict[]>> {
  const files: string[] = [];
  for (const { lab, variant, code } of variants) {
    const dir = join(PARITY_DIR, lab.id, variant);
    rmSync(dir, { recursive: true, force: true });
    mkdirSync(dir, { recursive: true });
    writeFileSync(join(dir, 'checks.test.ts'), lab.checks);
    writeFileSync(join(dir, 'submission.ts'), code);
    cpSync(join(lab.dir, LAB_FILES.meta), join(dir, LAB_FILES.meta));
    files.push(join(dir, 'checks.test.ts'));
  }
  // Verdicts, not speed: vitest's wall-clock timeout must not call a check hung that the runner lets finish on a
  // busy machine (./vitest-lab-setup.ts). A check that truly hangs times out on both sides all the same.
  process.env['LAB_VITEST_TIMEOUT_MS'] ??= String(MAX_CHECK_MS);
  const vitest = await startVitest(
    [],
    {
      run: true,
      watch: false,
      config: false,
      root: ROOT,
      dir: PARITY_DIR,
      include: files.map((file) => file.slice(PARITY_DIR.length + 1)),
      setupFiles: [join(ROOT, 'src/grading/node/vitest-lab-setup.ts')],
      reporters: [],
      // Every file is its own lab variant with its own module graph, and the setup file resets the run context
      // before each check, so files can share workers: this makes the parity pass several times faster.
      pool: 'threads',
      isolate: false,
      // vitest's default is one worker fewer than the cores, a single worker on a 2-core machine; nothing else
      // runs while check:labs waits for this.
      maxWorkers: availableParallelism(),
      passWithNoTests: false,
    },
    {
      plugins: [submissionByImporter()],
      resolve: { alias: { '@lab/server': join(ROOT, 'src/check-api/index.ts') } },
    },
  );
  const out = new Map<string, VitestVerdict[]>();
  for (const file of vitest.state.getFiles() as unknown as (TaskLike & { filepath: string })[]) {
    const key = dirname(file.filepath).slice(PARITY_DIR.length + 1);
    const fileError = file.result?.state === 'fail' ? file.result.errors?.[0] : undefined;
    out.set(key, verdicts(file.tasks ?? [], [], fileError));
  }
  await vitest.close();
  process.exitCode = 0;
  return out;
}

export function parityKey(labId: string, variant: string): string {
  return `${labId}/${variant}`;
}
