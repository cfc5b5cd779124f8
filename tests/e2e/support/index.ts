/**
 * Support for browser suites (tests/e2e/*.e2e.test.ts). The global setup (global-setup.ts) builds the
 * site ONCE under the base path `/courses/jwt/` into `dist-e2e` (or `E2E_OUT_DIR`; `E2E_REUSE_BUILD=1`
 * reuses an existing build) and finds Chromium. A suite then does:
 *
 *   import { launchChromium, openPage, startSite, type SiteServer } from './support';
 *
 *   let site: SiteServer; let browser: Browser;
 *   beforeAll(async () => { site = await startSite(); browser = await launchChromium(); });
 *   afterAll(async () => { await browser?.close(); await site?.close(); });
 *
 *   it('…', async () => {
 *     const { page, consoleErrors, externalRequests, close } = await openPage(browser, site);
 *     await page.goto(site.url('00-foundations/01-what-is-a-jwt/'));
 *     …
 *     expect(consoleErrors).toEqual([]);
 *     expect(externalRequests).toEqual([]);
 *     await close();
 *   });
 *
 * Stable API:
 * - `startSite(distDir?): Promise<SiteServer>`: serves the e2e build (or another, e.g. a fixture course's
 *   built with `buildSite(outDir, root)` from a `createTempProject` copy) on 127.0.0.1 (free port) with
 *   scripts/serve.mjs, applying `_headers` (CSP); `site.url(path)`, `site.origin`, `site.basePath`,
 *   `site.requests` (`{ path, status }[]`, every request served), `site.clearRequests()`, `site.close()`.
 * - `launchChromium(extraArgs?): Promise<Browser>`: playwright-core on the system Chromium (never
 *   downloaded).
 * - `openPage(browser, site, contextOptions?)`: `{ page, consoleErrors, externalRequests, close }`, a fresh
 *   context; requests to origins other than `site.origin` are aborted and listed in `externalRequests`.
 * - `readShippedOutline()`: the modules and lessons in content/ (ids, titles, embedded lab ids), read from
 *   the files, to compare with what the site shows.
 * - `axeAudit(page)`: an axe-core audit of the page as it is now (chain `.include()`, `.exclude()`, `.analyze()`).
 * - `inject('e2eSite')` (from vitest): `{ distDir, basePath, chromiumPath, buildMs }`.
 */
export { launchChromium, openPage, type GuardedPage } from './browser';
export { startSite, type SiteServer } from './site-server';
export { readShippedOutline } from './shipped-outline';
export { buildSite } from './build-site';
export { tabUntil } from './keyboard';
export { axeAudit } from './axe';
