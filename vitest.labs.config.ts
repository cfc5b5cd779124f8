import { existsSync } from 'node:fs';
import { dirname, join, resolve } from 'node:path';
import { fileURLToPath } from 'node:url';
import { defineConfig, type Plugin } from 'vitest/config';

const root = dirname(fileURLToPath(import.meta.url));
const setupFile = join(root, 'src/grading/node/vitest-lab-setup.ts');

/**
 * `@lab/submission` is the learner's file: `LAB_SUBMISSION` when set (one file graded), otherwise the
 * reference `solution.ts` next to the checks file that imports it.
 */
function labSubmission(): Plugin {
  return {
    name: 'lab-submission',
    enforce: 'pre',
    resolveId(source, importer) {
      if (source !== '@lab/submission' || !importer) return null;
      const chosen = process.env['LAB_SUBMISSION'];
      return chosen ? resolve(chosen) : join(dirname(importer), 'solution.ts');
    },
  };
}

/** `LAB_ID` is a lab id under labs/ or a lab folder path (e.g. tests/fixtures/labs/verify-token). */
function include(): string[] {
  const lab = process.env['LAB_ID'];
  if (!lab) return ['labs/*/checks.test.ts'];
  return [lab.includes('/') ? `${lab.replace(/\/$/, '')}/checks.test.ts` : `labs/${lab}/checks.test.ts`];
}

/**
 * Real vitest over the lab checks, with the runner's per-check lifecycle (setup file: `resetRunContext()`
 * before each check, the lab's `timeoutMs`):
 * `LAB_ID=<id> [LAB_SUBMISSION=<file.ts>] npx vitest run --config vitest.labs.config.ts`.
 * `npm run check:labs` runs the same setup for every lab and variant in one invocation.
 */
export default defineConfig({
  plugins: [labSubmission()],
  resolve: { alias: { '@lab/server': join(root, 'src/check-api/index.ts') } },
  test: {
    include: include(),
    setupFiles: existsSync(setupFile) ? [setupFile] : [],
    environment: 'node',
    // A cached transform of the previous LAB_SUBMISSION would be graded instead of the one asked for.
    fsModuleCache: false,
  },
});
