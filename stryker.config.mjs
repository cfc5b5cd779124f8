// @ts-check
/**
 * Mutation testing of every lab's reference solution (`npm run mutate:labs`, scripts/mutate-labs.ts, which
 * judges the scores against each lab's floor). Default mutators, no excluded mutations and the whole of
 * each solution.ts: a mutant may be switched off only on its line, for one mutator, with a reason in the
 * solution itself. Never incremental: every run measures every mutant.
 * @type {import('@stryker-mutator/api/core').PartialStrykerOptions}
 */
export default {
  testRunner: 'vitest',
  vitest: { configFile: 'vitest.labs.config.ts' },
  mutate: ['labs/*/solution.ts'],
  coverageAnalysis: 'perTest',
  concurrency: 2,
  incremental: false,
  reporters: ['clear-text'],
  clearTextReporter: { reportTests: false, reportMutants: false },
  tempDirName: '.stryker-tmp',
  cleanTempDir: true,
  // Build output and scratch folders are not copied into the sandbox (they hold no code the checks load).
  ignorePatterns: ['dist', 'dist-*', '.lab-runs', '.astro', 'bench-results', 'test-results', 'reports'],
};
