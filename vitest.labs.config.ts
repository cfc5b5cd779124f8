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

/** Real vitest over the lab checks: `LAB_ID=<id> npx vitest run --config vitest.labs.config.ts`. */
export default defineConfig({
  plugins: [labSubmission()],
  resolve: { alias: { '@lab/server': join(root, 'src/lab-server/index.ts') } },
  test: {
    include: [process.env['LAB_ID'] ? `labs/${process.env['LAB_ID']}/checks.test.ts` : 'labs/*/checks.test.ts'],
    setupFiles: existsSync(setupFile) ? [setupFile] : [],
    environment: 'node',
  },
});
