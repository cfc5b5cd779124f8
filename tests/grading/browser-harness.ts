import { rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { build } from 'vite';
import type { RunnerEvent, RunReport } from '../../src/grading/core/runner-events';
import type { LoadedLab } from '../../src/lab-format/load-lab';
import { launchChromium } from '../../scripts/launch-chromium';
import { startServer } from '../../scripts/serve.mjs';
import { resolveChromiumPath } from '../e2e/support/chromium-path';
import { PATIENCE_MS } from '../e2e/support/patience';

const ROOT = resolve(import.meta.dirname, '../..');
const OUT_DIR = join(ROOT, 'dist-lab-engine-harness');

export interface RunnerHarness {
  page: Page;
  /** Grades `code` in the page through `createLabRunner`, as the lab island does. */
  /** `seed` replays a run's start instant, e.g. to compare with `npm run grade` at the same one. */
  grade(lab: LoadedLab, code: string, seed?: number): Promise<RunReport & { events: RunnerEvent[] }>;
  close(): Promise<void>;
}

/**
 * Builds `tests/grading/harness/` with Vite (the worker bundled by `new URL('./lab.worker.ts', import.meta.url)`
 * like in the site), serves it on 127.0.0.1 (a secure context, so WebCrypto and jose work) and opens it in
 * Debian's Chromium through playwright-core.
 */
export async function startRunnerHarness(): Promise<RunnerHarness> {
  await build({
    root: join(ROOT, 'tests/grading/harness'),
    base: './',
    logLevel: 'error',
    configFile: false,
    build: { outDir: OUT_DIR, emptyOutDir: true },
    // The site's worker options (astro.config.mjs): minified, names not kept; the runner restores the
    // names of exported jose and @lab/server classes itself.
    worker: { format: 'es' },
  });
  // The site's own static server (`npm start`), serving the harness build at the root.
  const site = await startServer({ root: OUT_DIR, basePath: '/', port: 0 });
  const browser: Browser = await launchChromium(resolveChromiumPath());
  const page = await browser.newPage();
  page.setDefaultTimeout(PATIENCE_MS);
  await page.goto(site.url);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
  return {
    page,
    grade: (lab, code, seed) =>
      page.evaluate(
        ([options, source, runSeed]) =>
          (
            window as unknown as {
              labHarness: {
                grade: (o: unknown, c: string, s?: number) => Promise<RunReport & { events: RunnerEvent[] }>;
              };
            }
          ).labHarness.grade(options, source, runSeed),
        [
          {
            labId: lab.id,
            checks: lab.checks,
            editableFile: lab.meta.editableFile,
            timeoutMs: lab.meta.timeoutMs,
          },
          code,
          seed,
        ] as const,
      ),
    async close() {
      await browser.close();
      await site.close();
      rmSync(OUT_DIR, { recursive: true, force: true });
    },
  };
}
