import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { MONACO_FILE, WORKER_FILE, gzipBytes } from '../page-scripts.mjs';
import type { BenchSite } from './bench-site';

export interface PageWeight {
  /** gzip bytes of every script the page loaded, Monaco and the grading worker excluded. */
  jsGzip: number;
  /** gzip bytes of the grading worker, when the page warmed one. */
  workerGzip: number;
  /** gzip bytes of Monaco's chunks and workers, when the page loaded them. */
  monacoGzip: number;
  files: { path: string; gzip: number; kind: 'page' | 'monaco' | 'worker' }[];
}

function gzipSize(distDir: string, basePath: string, path: string): number {
  return gzipBytes(join(distDir, decodeURIComponent(path.slice(basePath.length))));
}

/**
 * Loads `pagePath` in a fresh context, waits until the page is settled (`ready` selector, then network
 * idle), and weighs every script the server sent, by the gzip size of the file as built.
 */
export async function weighPage(
  browser: Browser,
  site: BenchSite,
  pagePath: string,
  ready?: string,
): Promise<PageWeight> {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  site.clearRequests();
  await page.goto(site.url(pagePath), { waitUntil: 'load' });
  if (ready) {
    // Labs hydrate `client:visible`: a learner scrolls to them, and so does the measurement.
    await page.locator('section.lab[data-lab-id]').first().scrollIntoViewIfNeeded();
    await page.locator(ready).first().waitFor({ timeout: 180_000 });
  }
  await page.waitForLoadState('networkidle');
  const scripts = [...new Set(site.requests.map((r) => r.path))].filter((p) => /\.(m?js)$/.test(p));
  const files = scripts.map((path) => ({
    path,
    gzip: gzipSize(site.distDir, site.basePath, path),
    kind: MONACO_FILE.test(path)
      ? ('monaco' as const)
      : WORKER_FILE.test(path)
        ? ('worker' as const)
        : ('page' as const),
  }));
  const sum = (kind: string) => files.filter((f) => f.kind === kind).reduce((total, f) => total + f.gzip, 0);
  await context.close();
  return { jsGzip: sum('page'), workerGzip: sum('worker'), monacoGzip: sum('monaco'), files };
}
