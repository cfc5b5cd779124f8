import { availableParallelism } from 'node:os';
import { fileURLToPath } from 'node:url';
import { defineConfig } from 'vitest/config';

const src = (p: string) => fileURLToPath(new URL(`./src/${p}`, import.meta.url));

/** Unit and integration suites (Node). Lab checks run through `npm run check:labs`; browser suites through vitest.e2e.config.ts. */
export default defineConfig({
  resolve: {
    alias: [
      { find: /^~\//, replacement: src('') },
      { find: '@lab/server', replacement: src('check-api/index.ts') },
    ],
  },
  test: {
    include: ['tests/**/*.test.ts'],
    exclude: ['tests/e2e/**', 'tests/fixtures/**'],
    environment: 'node',
    // Every core: vitest's default leaves one idle (a single worker on a 2-core machine), and npm test runs
    // nothing beside this suite.
    maxWorkers: availableParallelism(),
  },
});
