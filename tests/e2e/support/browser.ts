import type { Browser, BrowserContextOptions, Page } from 'playwright-core';
import { inject } from 'vitest';
import { launchChromium as launch } from '../../../scripts/launch-chromium';
import type { SiteServer } from './site-server';
import './provided-context';
import { PATIENCE_MS } from './patience';

/**
 * Launches the Chromium found by the global setup. Close it in `afterAll`. `extraArgs` are appended to
 * the quiet defaults (e.g. `--host-resolver-rules=…` to reach the site under another host name).
 */
export function launchChromium(extraArgs: readonly string[] = []): Promise<Browser> {
  return launch(inject('e2eSite').chromiumPath, extraArgs);
}

export interface GuardedPage {
  page: Page;
  /** Console errors and uncaught exceptions, as `text (url:line)`. */
  consoleErrors: string[];
  /** Requests to any origin other than the site's (each was aborted). */
  externalRequests: string[];
  /** Closes the page's context. */
  close(): Promise<void>;
}

/**
 * A page in a fresh context (empty storage) that records console errors and aborts, and records, every
 * request that would leave the site's origin. Options are Playwright's context options
 * (`viewport`, `colorScheme`, …).
 */
export async function openPage(
  browser: Browser,
  site: Pick<SiteServer, 'origin'>,
  options: BrowserContextOptions = {},
): Promise<GuardedPage> {
  const context = await browser.newContext({ serviceWorkers: 'block', ...options });
  context.setDefaultTimeout(PATIENCE_MS);
  const consoleErrors: string[] = [];
  const externalRequests: string[] = [];
  await context.route('**/*', (route) => {
    const url = route.request().url();
    if (url.startsWith(`${site.origin}/`)) return route.continue();
    externalRequests.push(url);
    return route.abort('blockedbyclient');
  });
  const page = await context.newPage();
  page.on('console', (message) => {
    if (message.type() !== 'error') return;
    const { url, lineNumber } = message.location();
    consoleErrors.push(`${message.text()} (${url}:${lineNumber})`);
  });
  page.on('pageerror', (error) => consoleErrors.push(`uncaught: ${error.message}`));
  return { page, consoleErrors, externalRequests, close: () => context.close() };
}
