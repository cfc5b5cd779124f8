import { createReadStream, existsSync, rmSync, statSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { extname, join, normalize, resolve } from 'node:path';
import { chromium, type Browser, type Page } from 'playwright-core';
import { build } from 'vite';
import type { RunnerEvent, RunReport } from '../../src/grading/core/runner-events.ts';
import type { LoadedLab } from '../../src/lab-format/load-lab.ts';
import { resolveChromiumPath } from '../e2e/support/chromium-path.ts';

const ROOT = resolve(import.meta.dirname, '../..');
const OUT_DIR = join(ROOT, 'dist-lab-engine-harness');

const TYPES: Record<string, string> = { '.html': 'text/html', '.js': 'text/javascript', '.css': 'text/css' };

export interface RunnerHarness {
  page: Page;
  /** Grades `code` in the page through `createLabRunner`, as the lab island does. */
  grade(lab: LoadedLab, code: string): Promise<RunReport & { events: RunnerEvent[] }>;
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
  const server: Server = createServer((request, response) => {
    const path = normalize(decodeURIComponent(new URL(request.url ?? '/', 'http://x').pathname));
    const file = join(OUT_DIR, path.endsWith('/') ? `${path}index.html` : path);
    if (!file.startsWith(OUT_DIR) || !existsSync(file) || !statSync(file).isFile()) {
      response.writeHead(404).end();
      return;
    }
    response.writeHead(200, { 'content-type': TYPES[extname(file)] ?? 'application/octet-stream' });
    createReadStream(file).pipe(response);
  });
  await new Promise<void>((done) => server.listen(0, '127.0.0.1', done));
  const { port } = server.address() as AddressInfo;
  const browser: Browser = await chromium.launch({
    executablePath: resolveChromiumPath(),
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
    ],
  });
  const page = await browser.newPage();
  await page.goto(`http://127.0.0.1:${port}/`);
  await page.waitForFunction(() => document.getElementById('status')?.textContent === 'ready');
  return {
    page,
    grade: (lab, code) =>
      page.evaluate(
        ([options, source]) =>
          (
            window as unknown as {
              labHarness: {
                grade: (o: unknown, c: string) => Promise<RunReport & { events: RunnerEvent[] }>;
              };
            }
          ).labHarness.grade(options, source),
        [
          {
            labId: lab.id,
            checks: lab.checks,
            editableFile: lab.meta.editableFile,
            timeoutMs: lab.meta.timeoutMs,
          },
          code,
        ] as const,
      ),
    async close() {
      await browser.close();
      await new Promise((done) => server.close(done));
      rmSync(OUT_DIR, { recursive: true, force: true });
    },
  };
}
