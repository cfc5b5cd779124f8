import { spawn } from 'node:child_process';
import { existsSync } from 'node:fs';
import { join, resolve } from 'node:path';

/** The e2e suites always run the site under a sub-path, as a real deployment would. */
export const E2E_BASE_PATH = '/courses/jwt/';
export const REPO_ROOT = resolve(import.meta.dirname, '../../..');

/**
 * Builds the site once with `npm run build` (Astro, then pagefind) into `outDir` under the e2e base
 * path. `E2E_REUSE_BUILD=1` keeps an existing build, for quick reruns while writing a suite.
 */
export async function buildSite(outDir: string): Promise<number> {
  const distDir = resolve(REPO_ROOT, outDir);
  if (process.env['E2E_REUSE_BUILD'] === '1' && existsSync(join(distDir, 'index.html'))) return 0;
  const started = Date.now();
  const output: string[] = [];
  const code = await new Promise<number | null>((done, fail) => {
    const child = spawn('npm', ['run', 'build'], {
      cwd: REPO_ROOT,
      // NODE_ENV: vitest sets `test`, which would give the build React's development bundle; the suites and
      // the size budgets (npm run size reads this build) must see what ships.
      env: {
        ...process.env,
        NODE_ENV: 'production',
        BASE_PATH: E2E_BASE_PATH,
        ASTRO_OUT_DIR: outDir,
        ASTRO_TELEMETRY_DISABLED: '1',
      },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.on('error', fail);
    child.on('close', done);
  });
  if (code !== 0) {
    const tail = output.join('').split('\n').slice(-40).join('\n');
    throw new Error(`npm run build for the e2e suites failed (exit ${code}):\n${tail}`);
  }
  return Date.now() - started;
}
