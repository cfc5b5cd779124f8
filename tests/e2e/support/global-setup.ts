import { resolve } from 'node:path';
import type { TestProject } from 'vitest/node';
import { buildSite, E2E_BASE_PATH, REPO_ROOT } from './build-site';
import { resolveChromiumPath } from './chromium-path';
import './provided-context';

/**
 * Runs once before all e2e files: finds Chromium, builds the site under `/courses/jwt/` (one build for
 * every suite) and provides `e2eSite` to the test files. Each file starts its own loopback server with
 * `startSite()`, so it can record exactly the requests its pages made.
 */
export default async function setup(project: TestProject): Promise<void> {
  const chromiumPath = resolveChromiumPath();
  const outDir = process.env['E2E_OUT_DIR'] ?? 'dist-e2e';
  const buildMs = await buildSite(outDir);
  project.provide('e2eSite', {
    distDir: resolve(REPO_ROOT, outDir),
    basePath: E2E_BASE_PATH,
    chromiumPath,
    buildMs,
  });
}
