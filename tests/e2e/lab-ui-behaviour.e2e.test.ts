/**
 * The lab island's promises beyond solving a lab: lazy loading, IntelliSense, themes, work that is never
 * lost (two tabs, reset, a chunk gone after a redeploy), hints and the solution diff.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { loadLab } from '../../src/lab-format/load-lab';
import { axeAudit, launchChromium, openPage, startSite, type GuardedPage, type SiteServer } from './support';
import { findLabPage, openLab, pasteCode, runChecks } from './lab-ui/lab-page';

const LAB = 'verify-access-token';
const labDir = resolve(import.meta.dirname, '../../labs', LAB);
const solution = readFileSync(resolve(labDir, 'solution.ts'), 'utf8');
const starter = readFileSync(resolve(labDir, 'starter.ts'), 'utf8');

let site: SiteServer;
let browser: Browser;
let lessonPath: string;

beforeAll(async () => {
  lessonPath = findLabPage(inject('e2eSite').distDir, LAB);
  site = await startSite();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

async function withPage(body: (guarded: GuardedPage) => Promise<void>): Promise<void> {
  const guarded = await openPage(browser, site, { viewport: { width: 1280, height: 900 } });
  try {
    await body(guarded);
    expect(guarded.consoleErrors).toEqual([]);
    expect(guarded.externalRequests).toEqual([]);
  } finally {
    await guarded.close();
  }
}

const scripts = () => site.requests.filter((r) => r.path.endsWith('.js')).map((r) => r.path);

describe('loading', () => {
  it('loads no React on a lesson without a lab, and warms the runner before the first click on a lab page', async () => {
    await withPage(async ({ page }) => {
      const first = findFirstLessonWithoutLab();
      site.clearRequests();
      await page.goto(site.url(first));
      await page.waitForLoadState('networkidle');
      expect(scripts().filter((p) => /LabIsland|client\.|react|monaco|lab-runner/.test(p))).toEqual([]);

      site.clearRequests();
      await openLab(page, site.url(lessonPath), LAB);
      await expect.poll(() => scripts().some((p) => /lab\.worker/.test(p))).toBe(true);
    });
  });

  it('types jose and @lab/server in the editor', async () => {
    await withPage(async ({ page }) => {
      const lab = await openLab(page, site.url(lessonPath), LAB);
      await pasteCode(
        page,
        LAB,
        [
          "import { jwtVerify } from 'jose';",
          "import { labClock } from '@lab/server';",
          'export const a = jwtVerify();',
          'export const b = labClock().noSuchMember;',
        ].join('\n'),
      );
      const list = lab.locator('.lab-diagnostics');
      await list.locator('summary').click();
      await expect.poll(() => list.innerText()).toContain('noSuchMember');
      const text = await list.innerText();
      expect(text).toMatch(/verify-access-token\.ts:3:\d+ Expected 2-3 arguments/);
      expect(text).toMatch(/verify-access-token\.ts:4:\d+ Property 'noSuchMember' does not exist/);
      expect(text).not.toContain('Cannot find module');
    });
  });

  it('says so and keeps the code in a plain editor when Monaco cannot be downloaded', async () => {
    const guarded = await openPage(browser, site);
    try {
      const { page } = guarded;
      await page.route(/monaco-setup\.[^/]*\.js$/, (route) => route.abort('failed'));
      await page.goto(site.url(lessonPath));
      const lab = page.locator(`section.lab[data-lab-id="${LAB}"]`);
      // The island, not the section: a long statement keeps the island (client:visible) below the fold.
      await lab.locator('astro-island').first().scrollIntoViewIfNeeded();
      await lab.getByRole('alert').filter({ hasText: 'could not be downloaded' }).waitFor();
      const textarea = lab.locator('textarea.lab-plain-editor');
      expect(await textarea.inputValue()).toBe(starter);
      await textarea.fill(`${starter}\n// still typing\n`);
      const summary = await runChecks(page, LAB);
      expect(summary.status).toBe('completed');
    } finally {
      await guarded.close();
    }
  });
});

describe('the editor', () => {
  it('uses a plain textarea on a small touch screen and never downloads Monaco there', async () => {
    const guarded = await openPage(browser, site, {
      viewport: { width: 390, height: 844 },
      hasTouch: true,
      isMobile: true,
    });
    try {
      const { page } = guarded;
      site.clearRequests();
      await page.goto(site.url(lessonPath));
      const lab = page.locator(`section.lab[data-lab-id="${LAB}"]`);
      await lab.locator('astro-island').scrollIntoViewIfNeeded();
      const textarea = lab.locator('textarea.lab-plain-editor');
      await textarea.waitFor();
      expect(await textarea.inputValue()).toBe(starter);
      const summary = await runChecks(page, LAB);
      expect(summary.status).toBe('completed');
      expect(scripts().filter((p) => /monaco|editor\.api|ts\.worker/.test(p))).toEqual([]);
      expect(guarded.consoleErrors).toEqual([]);
    } finally {
      await guarded.close();
    }
  });

  it('switches Monaco to the dark theme with the site, and lets Ctrl+M release the Tab key', async () => {
    await withPage(async ({ page }) => {
      const lab = await openLab(page, site.url(lessonPath), LAB);
      await page.evaluate(() => (document.documentElement.dataset['theme'] = 'dark'));
      await lab.locator('.monaco-editor.vs-dark').waitFor();
      await page.evaluate(() => (document.documentElement.dataset['theme'] = 'light'));
      await lab.locator('.monaco-editor.vs').waitFor();
      // Ctrl+M (tab focus mode) lets keyboard users Tab out of the editor; the help line says which mode is on.
      await lab.locator('.monaco-editor .view-lines').click();
      await page.keyboard.press('Control+M');
      await expect.poll(() => lab.locator('.lab-editor-help').innerText()).toContain('Tab now moves focus');
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.closest('.monaco-editor'))).toBeNull();
    });
  });

  it('has no axe violations on the lab once results are shown', async () => {
    await withPage(async ({ page }) => {
      await openLab(page, site.url(lessonPath), LAB);
      await runChecks(page, LAB);
      const results = await axeAudit(page)
        .include(`section.lab[data-lab-id="${LAB}"]`)
        .exclude('.monaco-editor')
        .analyze();
      expect(results.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual(
        [],
      );
    });
  });
});

describe('work is never lost', () => {
  it('warns when the same lab is open in another tab', async () => {
    const guarded = await openPage(browser, site);
    try {
      const first = guarded.page;
      await openLab(first, site.url(lessonPath), LAB);
      const second = await first.context().newPage();
      await openLab(second, site.url(lessonPath), LAB);
      for (const page of [first, second]) {
        await page.getByRole('alert').filter({ hasText: 'also open in another tab' }).waitFor();
      }
    } finally {
      await guarded.close();
    }
  });

  it('undoes "Reset to starter"', async () => {
    await withPage(async ({ page }) => {
      const lab = await openLab(page, site.url(lessonPath), LAB);
      await pasteCode(page, LAB, '// my own attempt\nexport {};\n');
      await lab.getByRole('button', { name: 'Reset to starter' }).click();
      await expect.poll(() => lab.locator('.view-lines').innerText()).toContain('import');
      await lab.getByRole('button', { name: 'Undo reset' }).click();
      await expect
        .poll(async () => (await lab.locator('.view-lines').innerText()).replace(/\u00a0/g, ' '))
        .toContain('// my own attempt');
    });
  });
});

describe('help', () => {
  it('offers the hint tied to the first failing check first', async () => {
    await withPage(async ({ page }) => {
      const lab = await openLab(page, site.url(lessonPath), LAB);
      await runChecks(page, LAB);
      const firstFailing = await lab
        .locator('.lab-check:not([data-status="passed"])')
        .first()
        .getAttribute('data-check-name');
      await lab.locator('.lab-hints').getByRole('button', { name: 'Show a hint' }).click();
      // The hint is rendered Markdown with smart punctuation: compare its words with the source's.
      const hint = (await lab.locator('.lab-hint-text').first().innerText())
        .replace(/[‘’]/g, "'")
        .replace(/[“”]/g, '"');
      const tied = labHints().find((h) => h.for.includes(firstFailing ?? ''));
      if (tied) expect(hint.replace(/\s+/g, ' ')).toContain(firstWords(tied.markdown));
      else expect(hint.replace(/\s+/g, ' ')).toContain(firstWords(labHints()[0]!.markdown));
    });
  });

  it('puts "Show a hint" under each failure a hint is for, reveals it there, and keeps it by id', async () => {
    await withPage(async ({ page }) => {
      await page.addInitScript(() => localStorage.clear());
      const lab = await openLab(page, site.url(lessonPath), LAB);
      await runChecks(page, LAB);
      const failures = await lab.locator('.lab-failures .lab-check').evaluateAll((checks) =>
        checks.map((check) => ({
          name: (check as HTMLElement).dataset['checkName'] ?? '',
          hasButton: check.querySelector('.lab-check-hint button') !== null,
        })),
      );
      const hints = labHints();
      expect(failures.filter((f) => f.hasButton).length).toBeGreaterThan(1);
      for (const failure of failures) {
        expect(failure.hasButton, failure.name).toBe(hints.some((h) => h.for.includes(failure.name)));
      }
      // Reveal the hint of a failure other than the first: it shows under that failure, nowhere else.
      const target = failures.filter((f) => f.hasButton)[1]!;
      const check = lab.locator(`.lab-failures .lab-check[data-check-name="${target.name}"]`);
      await check.getByRole('button', { name: 'Show a hint' }).click();
      const tied = hints.find((h) => h.for.includes(target.name))!;
      await expect
        .poll(async () =>
          (await check.locator('.lab-hint-text').innerText()).replace(/[‘’]/g, "'").replace(/\s+/g, ' '),
        )
        .toContain(firstWords(tied.markdown));
      expect(await lab.locator('.lab-hint-text').count()).toBe(1);
      // Stored by the hint's id, not its position.
      const stored = await page.evaluate(
        (labId) =>
          Object.values(localStorage)
            .map((value) => JSON.parse(value) as { labs?: Record<string, { revealedHints?: unknown[] }> })
            .find((doc) => doc.labs?.[labId])?.labs?.[labId]?.revealedHints,
        LAB,
      );
      expect(stored).toEqual([tied.id]);
    });
  });

  it('offers the solution as a read-only diff after the configured number of runs', async () => {
    await withPage(async ({ page }) => {
      const lab = await openLab(page, site.url(lessonPath), LAB);
      const compare = lab.getByRole('button', { name: 'Compare with solution' });
      for (let run = 0; run < 5 && !(await compare.isVisible()); run += 1) await runChecks(page, LAB);
      await compare.click();
      await lab.locator('.lab-compare .monaco-diff-editor').waitFor();
      await lab.getByRole('button', { name: 'Close comparison' }).click();
      await expect.poll(() => lab.locator('.view-lines').first().innerText()).toContain('import');
      const saved = await page.evaluate(() => Object.values(localStorage).join(''));
      expect(saved).not.toContain(JSON.stringify(solution).slice(1, 80));
    });
  });
});

function labHints() {
  return loadLab(LAB, resolve(import.meta.dirname, '../../labs')).hints;
}

function firstWords(markdown: string): string {
  return markdown.replace(/[`*_]/g, '').replace(/\s+/g, ' ').trim().split(' ').slice(0, 6).join(' ');
}

/** The course's first lesson: reading material only. */
function findFirstLessonWithoutLab(): string {
  const path = '00-foundations/01-what-is-a-jwt/';
  const html = readFileSync(resolve(inject('e2eSite').distDir, path, 'index.html'), 'utf8');
  if (html.includes('aria-labelledby="lab-'))
    throw new Error(`${path} embeds a lab; pick another lesson without one`);
  return path;
}
