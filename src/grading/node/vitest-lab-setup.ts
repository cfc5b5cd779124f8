import { existsSync, readFileSync } from 'node:fs';
import { dirname, join } from 'node:path';
import { afterAll, beforeEach, expect, vi } from 'vitest';
import { disposeRunContext, resetRunContext } from '../../check-api/run-context';
import { parseLabMarkdown } from '../../lab-format/load-lab';
import { LAB_FILES } from '../../lab-format/lab-layout';
import { runEpochMs } from '../core/run-seed';

/**
 * Setup for lab checks under real vitest (`vitest.labs.config.ts` and `check:labs`' parity pass): the same
 * per-check lifecycle as the browser runner and `npm run grade` — a fresh run context before every check —
 * and the lab's own `timeoutMs` from the lab.md next to the checks file.
 */
const testPath = expect.getState().testPath;
const labMd = testPath ? join(dirname(testPath), LAB_FILES.meta) : undefined;
if (labMd && existsSync(labMd)) {
  const lab = parseLabMarkdown(readFileSync(labMd, 'utf8'), labMd);
  // Mutation testing and check:labs' parity pass judge verdicts, not speed. Vitest's timeout is wall clock, so
  // on a busy machine a correct check would time out under it while the runner's deadline, which counts only
  // time spent waiting on nothing, lets the same check finish. Both set LAB_VITEST_TIMEOUT_MS to the runner's
  // wall-clock ceiling (MAX_CHECK_MS). Stryker's own timeout still ends a mutant that loops.
  const verdictTimeout = Number(process.env['LAB_VITEST_TIMEOUT_MS']);
  if (lab) vi.setConfig({ testTimeout: verdictTimeout > 0 ? verdictTimeout : lab.meta.timeoutMs });
}

// check:labs sets LAB_RUN_SEED to the seed its grader runs use, so both sides start at the same instant and
// their messages can be compared; without it (vitest.labs.config.ts, mutation testing) the clock starts at
// LAB_EPOCH.
const seed = process.env['LAB_RUN_SEED'];
const start = seed === undefined || seed === '' ? undefined : runEpochMs(Number(seed));

beforeEach(() => {
  resetRunContext(start === undefined ? {} : { start });
});

afterAll(() => {
  disposeRunContext();
});
