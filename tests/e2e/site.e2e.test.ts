import type { Browser } from 'playwright-core';
import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { readShippedOutline, type ShippedLesson } from './support/shipped-outline';
import { axeAudit, launchChromium, openPage, startSite, type GuardedPage, type SiteServer } from './support';

let site: SiteServer;
let browser: Browser;
const outline = readShippedOutline();
const lessons: ShippedLesson[] = outline.flatMap((module) => module.lessons);
const first = lessons[0]!;
const second = lessons[1]!;

beforeAll(async () => {
  site = await startSite();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

/** Opens a page and, after the test body, asserts it logged no error and asked nothing of another origin. */
async function withPage(
  body: (guarded: GuardedPage) => Promise<void>,
  options: Parameters<typeof openPage>[2] = {},
): Promise<void> {
  const guarded = await openPage(browser, site, options);
  try {
    await body(guarded);
    expect(guarded.consoleErrors).toEqual([]);
    expect(guarded.externalRequests).toEqual([]);
  } finally {
    await guarded.close();
  }
}

describe('the course site under /courses/jwt/', () => {
  it('lists every module and lesson on the home page, in prefix order', async () => {
    await withPage(async ({ page }) => {
      await page.goto(site.url());
      expect(await page.locator('h1').count()).toBe(1);
      const moduleIds = await page
        .locator('main [data-module-id]')
        .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-module-id')));
      expect(moduleIds).toEqual(outline.map((module) => module.id));
      const lessonIds = await page
        .locator('main a[data-lesson-id]')
        .evaluateAll((nodes) => nodes.map((node) => node.getAttribute('data-lesson-id')));
      expect(lessonIds).toEqual([first.id, ...lessons.map((lesson) => lesson.id)]);
      const hrefs = await page
        .locator('a[href]')
        .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('href')));
      expect(hrefs.filter((href) => href?.startsWith('/') && !href.startsWith('/courses/jwt/'))).toEqual([]);
    });
  });

  it('renders a lesson with highlighted code in both themes, its outline and "on this page"', async () => {
    await withPage(async ({ page }) => {
      await page.goto(site.url(`${first.id}/`));
      expect(await page.locator('h1').textContent()).toBe(first.title);
      const current = page.locator('#course-outline a[aria-current="page"]');
      expect(await current.getAttribute('data-lesson-id')).toBe(first.id);
      const colours = await page
        .locator('pre.astro-code span')
        .evaluateAll((spans) => [...new Set(spans.map((span) => getComputedStyle(span).color))]);
      expect(colours.length).toBeGreaterThan(2);
      const tocLinks = page.locator('.toc a');
      expect(await tocLinks.count()).toBeGreaterThan(0);
      const target = await tocLinks.first().getAttribute('href');
      expect(await page.locator(target!).count()).toBe(1);
    });
  });

  it('hydrates no island on a lesson without a lab: only the shared element script runs', async () => {
    const reading = lessons.find((lesson) => lesson.labIds.length === 0)!;
    await withPage(async ({ page }) => {
      site.clearRequests();
      await page.goto(site.url(`${reading.id}/`));
      await page.waitForLoadState('networkidle');
      expect(await page.locator('astro-island').count()).toBe(0);
      const scripts = site.requests.filter((request) => request.path.endsWith('.js')).map((r) => r.path);
      expect(scripts.filter((path) => /\/(client|react|LabIsland)[^/]*\.js$/i.test(path))).toEqual([]);
    });
  });

  it('links every "on this page" entry of a lesson with labs, labs included, to a target on the page', async () => {
    const withLabs = lessons.find((lesson) => lesson.labIds.length > 0)!;
    await withPage(async ({ page }) => {
      await page.goto(site.url(`${withLabs.id}/`));
      const targets = await page
        .locator('.toc a')
        .evaluateAll((links) => links.map((a) => a.getAttribute('href')));
      expect(targets).toEqual(expect.arrayContaining(withLabs.labIds.map((id) => `#lab-${id}`)));
      for (const target of targets) expect(await page.locator(target!).count(), target!).toBe(1);
    });
  });

  it('moves through the course with next, previous and the outline', async () => {
    await withPage(async ({ page }) => {
      await page.goto(site.url(`${first.id}/`));
      await page.getByRole('link', { name: /Next/ }).click();
      await page.waitForURL(site.url(`${second.id}/`));
      expect(await page.locator('h1').textContent()).toBe(second.title);
      await page.getByRole('link', { name: /Previous/ }).click();
      await page.waitForURL(site.url(`${first.id}/`));
      await page.locator(`#course-outline [data-module-id="${outline[0]!.id}"] > a`).click();
      await page.waitForURL(site.url(`${outline[0]!.id}/`));
      expect(await page.locator('h1').textContent()).toBe(outline[0]!.title);
      expect(await page.locator('p.meta').textContent()).toMatch(
        /^\d+ lessons? · about \d+ minutes( · \d+ labs?)?$/,
      );
      await page.locator('.brand').click();
      await page.waitForURL(site.url());
    });
  });

  it('searches the built index only after the learner asks, and opens a result', async () => {
    await withPage(async ({ page }) => {
      await page.goto(site.url(`${second.id}/`));
      await page.waitForLoadState('networkidle');
      expect(site.requests.filter((request) => request.path.includes('pagefind'))).toEqual([]);
      await page.getByRole('button', { name: 'Search' }).click();
      const input = page.getByRole('searchbox', { name: 'Search lessons' });
      await input.fill(first.title);
      const result = page.locator(`.search-results a[href="${site.basePath}${first.id}/"]`);
      await result.waitFor({ state: 'visible' });
      const pagefindPaths = site.requests.filter((request) => request.path.includes('pagefind'));
      expect(pagefindPaths.length).toBeGreaterThan(0);
      expect(pagefindPaths.every((request) => request.path.startsWith(`${site.basePath}pagefind/`))).toBe(
        true,
      );
      await result.click();
      await page.waitForURL(site.url(`${first.id}/`));
    });
  });

  it('opens search from the keyboard with "/", focused and accessible, and closes it with Escape', async () => {
    await withPage(async ({ page }) => {
      await page.goto(site.url());
      await page.waitForFunction(() => customElements.get('site-search') !== undefined);
      await page.keyboard.press('/');
      const input = page.getByRole('searchbox', { name: 'Search lessons' });
      await input.waitFor({ state: 'visible' });
      expect(await input.evaluate((node) => node === document.activeElement)).toBe(true);
      await input.fill('signature');
      await page.locator('.search-results li').first().waitFor({ state: 'visible' });
      const { violations } = await axeAudit(page).include('.search-dialog').analyze();
      expect(
        violations.filter((v) => v.impact === 'serious' || v.impact === 'critical').map((v) => v.id),
      ).toEqual([]);
      await page.keyboard.press('Escape');
      await input.waitFor({ state: 'hidden' });
    });
  });

  it('keeps every letter typed right after "/", and finds glossary terms', async () => {
    await withPage(async ({ page }) => {
      await page.goto(site.url());
      await page.waitForFunction(() => customElements.get('site-search') !== undefined);
      // No wait between the shortcut and the typing: the dialog's code may still be loading.
      await page.keyboard.press('/');
      await page.keyboard.type('malleability');
      const input = page.getByRole('searchbox', { name: 'Search lessons' });
      expect(await input.inputValue()).toBe('malleability');
      await page
        .locator(`.search-results a[href^="${site.basePath}glossary/"]`)
        .waitFor({ state: 'visible' });
      const count = await page.locator('.search-results li').count();
      expect(await page.locator('.search-status').textContent()).toBe(
        count === 1 ? '1 matching page.' : `${count} matching pages.`,
      );
    });
  });

  it('moves through the results with the arrow keys and keeps focus in the dialog until it closes', async () => {
    await withPage(async ({ page }) => {
      await page.goto(site.url());
      await page.waitForFunction(() => customElements.get('site-search') !== undefined);
      await page.keyboard.press('/');
      // One input event, so the results are not replaced under the keys below by a search still running.
      await page.getByRole('searchbox', { name: 'Search lessons' }).fill('signature');
      const links = page.locator('.search-results a');
      // The index (wasm and fragments) loads on first use: on a busy machine that takes a few seconds.
      await links.nth(1).waitFor({ state: 'visible' });
      await expect.poll(() => page.locator('.search-status').textContent()).toMatch(/matching pages/);
      const focused = () =>
        page.evaluate(() => {
          const el = document.activeElement;
          return {
            inDialog: el?.closest('dialog.search-dialog') !== null,
            tag: el?.tagName.toLowerCase(),
            href: el?.getAttribute('href'),
          };
        });
      const hrefs = await links.evaluateAll((as) => as.map((a) => a.getAttribute('href')));
      await page.keyboard.press('ArrowDown');
      expect(await focused()).toMatchObject({ tag: 'a', href: hrefs[0] });
      await page.keyboard.press('ArrowDown');
      expect(await focused()).toMatchObject({ tag: 'a', href: hrefs[1] });
      await page.keyboard.press('ArrowUp');
      await page.keyboard.press('ArrowUp');
      expect(await focused()).toMatchObject({ tag: 'input' });
      // Tab and Shift+Tab go round the dialog; a click on its text leaves the focus in it.
      for (let i = 0; i < hrefs.length + 3; i++) {
        await page.keyboard.press('Tab');
        expect(await focused()).toMatchObject({ inDialog: true });
      }
      for (let i = 0; i < 3; i++) {
        await page.keyboard.press('Shift+Tab');
        expect(await focused()).toMatchObject({ inDialog: true });
      }
      await page.locator('#search-dialog-title').click();
      await expect.poll(async () => (await focused()).inDialog).toBe(true);
      await page.keyboard.press('Escape');
      await expect.poll(() => page.locator('dialog.search-dialog[open]').count()).toBe(0);
    });
  });

  it("styles the certificate form's buttons as the site's, and spaces the verify page's text and code", async () => {
    await withPage(async ({ page }) => {
      await page.goto(site.url('certificate/'));
      // Every required lab passing the current checks, as the lab island stores a pass.
      await page.evaluate((key) => {
        const course = JSON.parse(document.getElementById('certificate-course')!.textContent!) as {
          requiredLabs: { labId: string; checksHash: string; starterHash: string }[];
        };
        const labs = Object.fromEntries(
          course.requiredLabs.map((lab) => [
            lab.labId,
            {
              attempts: 1,
              passing: {
                code: 'export {};',
                checksHash: lab.checksHash,
                starterHash: lab.starterHash,
                passedAt: '2026-01-01T00:00:00.000Z',
              },
            },
          ]),
        );
        localStorage.setItem(key, JSON.stringify({ version: 2, labs, lessons: {}, quizzes: {} }));
      }, `jwt-deep-dive:progress:jwt-deep-dive:${site.basePath}`);
      await page.reload();
      const look = (selector: string) =>
        page.locator(selector).evaluate((el) => {
          const style = getComputedStyle(el);
          return [style.borderRadius, style.minHeight, style.backgroundColor, style.fontSize];
        });
      const site_ = await look('site-search > button');
      expect(await look('.claim-form button[type="submit"]')).toEqual(site_);
      await page.fill('#certificate-name', 'Ada Lovelace');
      await page.getByRole('button', { name: 'Create my certificate' }).click();
      expect(await look('[data-download-certificate]')).toEqual(site_);
      expect(await look('button:text("Print or save as PDF")')).toEqual(site_);

      await page.goto(site.url('certificate/verify/'));
      expect(await page.locator('main p').first().innerText()).toContain(
        'with npm run verify:certificate -- <file>.',
      );
    });
  });

  it('lists the quiz in "On this page" and highlights the section being read', async () => {
    await withPage(async ({ page }) => {
      await page.setViewportSize({ width: 1400, height: 800 });
      await page.goto(site.url(`${second.id}/`));
      const toc = page.locator('nav.toc');
      const quizLink = toc.getByRole('link', { name: 'Knowledge check' });
      const quizTarget = decodeURIComponent((await quizLink.getAttribute('href'))!.slice(1));
      expect(await page.locator(`[id="${quizTarget}"]`).textContent()).toContain('Knowledge check');
      const current = () =>
        toc
          .locator('a')
          .evaluateAll((links) =>
            links.filter((link) => link.matches(':target-current')).map((link) => link.textContent?.trim()),
          );
      await page.locator(`[id="${quizTarget}"]`).scrollIntoViewIfNeeded();
      await page.evaluate(
        (id) => document.getElementById(id)!.scrollIntoView({ block: 'start' }),
        quizTarget,
      );
      await expect.poll(current).toEqual(['Knowledge check']);
      const firstLink = toc.locator('a').first();
      const firstTarget = decodeURIComponent((await firstLink.getAttribute('href'))!.slice(1));
      await page.evaluate(
        (id) => document.getElementById(id)!.scrollIntoView({ block: 'start' }),
        firstTarget,
      );
      await expect.poll(current).toEqual([(await firstLink.textContent())?.trim()]);
      const highlighted = await firstLink.evaluate((link) => getComputedStyle(link).fontWeight);
      const other = await quizLink.evaluate((link) => getComputedStyle(link).fontWeight);
      expect(highlighted).not.toBe(other);
    });
  });

  it('opens a diagram full size across the window, and puts it back with Escape', async () => {
    await withPage(async ({ page }) => {
      await page.setViewportSize({ width: 1280, height: 800 });
      await page.goto(site.url('01-issuance-and-validation/04-classic-attacks/'));
      const figure = page.locator('figure.figure').first();
      const diagram = figure.locator('.figure-diagram');
      const inText = (await diagram.boundingBox())!;
      await figure.getByRole('button', { name: 'Open full size' }).click();
      await expect.poll(async () => (await diagram.boundingBox())!.width).toBeGreaterThan(inText.width + 100);
      const full = (await diagram.boundingBox())!;
      expect(full.width).toBeGreaterThan(1100);
      await page.keyboard.press('Escape');
      await expect
        .poll(async () => Math.round((await diagram.boundingBox())!.width))
        .toBe(Math.round(inText.width));
      // One copy of each diagram in the page: its ids stay unique.
      const ids = await page.evaluate(() => [...document.querySelectorAll('[id]')].map((el) => el.id));
      expect(ids.length).toBe(new Set(ids).size);
    });
  });

  it('follows the OS theme until the toggle is used, then keeps the choice across pages', async () => {
    await withPage(
      async ({ page }) => {
        await page.goto(site.url());
        const scheme = () => page.evaluate(() => getComputedStyle(document.documentElement).colorScheme);
        expect(await scheme()).toContain('dark');
        await page.getByRole('button', { name: 'Switch to light theme' }).click();
        expect(await scheme()).toBe('light');
        await page.goto(site.url(`${first.id}/`));
        // Applied by the render-blocking script, before the shared module script runs.
        expect(await page.evaluate(() => document.documentElement.dataset['theme'])).toBe('light');
        await page.getByRole('button', { name: 'Switch to dark theme' }).waitFor({ state: 'visible' });
        await page.reload();
        expect(await scheme()).toBe('light');
      },
      { colorScheme: 'dark' },
    );
  });

  it('fits a 360 px screen, with the outline behind a button', async () => {
    await withPage(
      async ({ page }) => {
        await page.goto(site.url(`${first.id}/`));
        const outlineNav = page.locator('#course-outline');
        expect(await outlineNav.isVisible()).toBe(false);
        const toggle = page.getByRole('button', { name: 'Outline' });
        await toggle.click();
        expect(await toggle.getAttribute('aria-expanded')).toBe('true');
        expect(await outlineNav.isVisible()).toBe(true);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - window.innerWidth);
        expect(overflow).toBeLessThanOrEqual(0);
      },
      { viewport: { width: 360, height: 740 } },
    );
  });

  it('answers an unknown path with the 404 page, styled, under the base path', async () => {
    await withPage(async ({ page, consoleErrors }) => {
      const response = await page.goto(site.url('no-such-lesson/'));
      expect(response?.status()).toBe(404);
      expect(await page.locator('h1').textContent()).toBe('Page not found');
      const background = await page.evaluate(() => getComputedStyle(document.body).backgroundColor);
      expect(background).not.toBe('rgba(0, 0, 0, 0)');
      // The browser logs the document's own 404 status; nothing else may fail.
      const others = consoleErrors.filter((line) => !line.includes('404'));
      consoleErrors.splice(0, consoleErrors.length, ...others);
    });
  });

  it('has no serious or critical axe violations on the home, module and lesson pages in both themes', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      await withPage(
        async ({ page }) => {
          for (const path of ['', `${outline[0]!.id}/`, `${first.id}/`]) {
            await page.goto(site.url(path));
            const { violations } = await axeAudit(page).analyze();
            const serious = violations
              .filter((violation) => violation.impact === 'serious' || violation.impact === 'critical')
              .map(
                (violation) =>
                  `${colorScheme} ${path || 'home'}: ${violation.id} (${violation.nodes.length})`,
              );
            expect(serious).toEqual([]);
          }
        },
        { colorScheme },
      );
    }
  });

  it('served nothing outside the base path and no missing file', () => {
    const outside = site.requests.filter((request) => !request.path.startsWith(site.basePath));
    expect(outside).toEqual([]);
    const missing = site.requests.filter(
      (request) => request.status === 404 && !request.path.includes('no-such-lesson'),
    );
    expect(missing).toEqual([]);
  });

  it('built no page, stylesheet or script that loads anything from another origin or outside the base path', () => {
    const { distDir, basePath } = inject('e2eSite');
    const files = readdirSync(distDir, { recursive: true, encoding: 'utf8' }).filter((f) =>
      /\.(html|css|js)$/.test(f),
    );
    // Resources a browser fetches by itself: scripts, stylesheets, icons, images, media, CSS url()/@import.
    const RESOURCE =
      /<(?:script|img|source|audio|video|iframe|embed)\b[^>]*\ssrc=["']([^"']+)["']|<link\b[^>]*\shref=["']([^"']+)["']|url\(\s*["']?([^"')]+)["']?\s*\)|@import\s+["']([^"']+)["']/gi;
    const offenders: string[] = [];
    for (const file of files) {
      // JSON data blocks (the editor's type declarations) are text the browser never fetches from, even
      // where their documentation shows `url('/orders')`.
      const text = readFileSync(join(distDir, file), 'utf8').replace(
        /<script\b[^>]*type=["']application\/json["'][^>]*>[\s\S]*?<\/script>/gi,
        '',
      );
      for (const match of text.matchAll(RESOURCE)) {
        const url = match[1] ?? match[2] ?? match[3] ?? match[4] ?? '';
        const external = /^(https?:)?\/\//i.test(url);
        const outsideBase = url.startsWith('/') && !url.startsWith(basePath);
        if (external || (file.endsWith('.html') && outsideBase)) offenders.push(`${file}: ${url}`);
      }
    }
    expect(files.length).toBeGreaterThan(10);
    expect(offenders).toEqual([]);
  });
});
