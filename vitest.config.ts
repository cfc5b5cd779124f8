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
    include: ['src/**/*.test.ts', 'tests/**/*.test.ts', 'scripts/**/*.test.ts'],
    exclude: [
      'tests/e2e/**',
      'labs/**',
      'src/grading/rehearsal-lab/**',
      'node_modules/**',
      'tests/fixtures/**',
    ],
    environment: 'node',
  },
});
