import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { timeBuild } from '../../../scripts/bench/build-timer';

/** The e2e suites always run the site under a sub-path, as a real deployment would. */
export const E2E_BASE_PATH = '/courses/jwt/';
export const REPO_ROOT = resolve(import.meta.dirname, '../../..');

/**
 * Builds the project at `root` (the repository, or a temporary copy with fixture content: see
 * scripts/bench/temp-project.ts) with `npm run build` (Astro, then pagefind) into `outDir` under the e2e base
 * path, and returns how long it took. `E2E_REUSE_BUILD=1` keeps an existing build, for quick reruns while
 * writing a suite.
 */
export async function buildSite(outDir: string, root = REPO_ROOT): Promise<number> {
  const distDir = resolve(root, outDir);
  if (process.env['E2E_REUSE_BUILD'] === '1' && existsSync(join(distDir, 'index.html'))) return 0;
  // NODE_ENV: vitest sets `test`, which would give the build React's development bundle; the suites and
  // the size budgets (npm run size reads this build) must see what ships.
  const { ms } = await timeBuild(root, { NODE_ENV: 'production', BASE_PATH: E2E_BASE_PATH }, distDir);
  return ms;
}
