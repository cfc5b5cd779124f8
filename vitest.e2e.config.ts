import { defineConfig } from 'vitest/config';
import { HOOK_PATIENCE_MS, PATIENCE_MS, TEST_PATIENCE_MS } from './tests/e2e/support/patience';

/**
 * Browser suites: one build of the site under a non-root base path, served on loopback, driven by Debian's
 * Chromium. Every wait is generous (tests/e2e/support/patience.ts): the suites must pass beside a second run.
 */
export default defineConfig({
  test: {
    include: ['tests/e2e/**/*.e2e.test.ts'],
    globalSetup: ['tests/e2e/support/global-setup.ts'],
    environment: 'node',
    testTimeout: TEST_PATIENCE_MS,
    hookTimeout: HOOK_PATIENCE_MS,
    expect: { poll: { timeout: PATIENCE_MS } },
    fileParallelism: false,
  },
});
