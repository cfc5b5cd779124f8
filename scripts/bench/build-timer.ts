import { spawn } from 'node:child_process';
import { join } from 'node:path';

export interface BuildResult {
  outDir: string;
  ms: number;
}

/**
 * Runs `npm run build` (Astro, then pagefind) in `root` into `outDir`, timing it wall-clock; throws with the
 * log tail on failure. The one way the bench and the browser suites build a site.
 */
export async function timeBuild(
  root: string,
  env: Record<string, string> = {},
  outDir = join(root, 'dist-bench'),
): Promise<BuildResult> {
  const started = performance.now();
  const log: string[] = [];
  const code = await new Promise<number | null>((done, fail) => {
    const child = spawn('npm', ['run', 'build'], {
      cwd: root,
      env: { ...process.env, ASTRO_OUT_DIR: outDir, ASTRO_TELEMETRY_DISABLED: '1', ...env },
      stdio: ['ignore', 'pipe', 'pipe'],
    });
    child.stdout.on('data', (chunk: Buffer) => log.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => log.push(chunk.toString()));
    child.on('error', fail);
    child.on('close', done);
  });
  if (code !== 0) {
    throw new Error(
      `npm run build in ${root} failed (exit ${code}):\n${log.join('').split('\n').slice(-30).join('\n')}`,
    );
  }
  return { outDir, ms: performance.now() - started };
}
