/**
 * The lab editor island in Chromium, on the real lesson that embeds the `verify-access-token` lab: a learner
 * solves it end to end, their code survives a reload, hangs and syntax errors are reported, and whatever the
 * learner's code prints is shown as text.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { launchChromium, openPage, startSite, type GuardedPage, type SiteServer } from './support';
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

/** The solution with a statement inserted at the top of the verifier the checks call. */
function solutionWith(statement: string): string {
  const marker = 'return async function verifyAccessToken';
  const at = solution.indexOf(marker);
  if (at < 0) throw new Error(`${LAB}/solution.ts no longer contains "${marker}"`);
  const bodyStart = solution.indexOf('{', at) + 1;
  return `${solution.slice(0, bodyStart)}\n    ${statement}\n${solution.slice(bodyStart)}`;
}

describe('the lab island', () => {
  it('lets a learner paste the solution, run the checks and see every verdict pass', async () => {
    await withPage(async ({ page }) => {
      const lab = await openLab(page, site.url(lessonPath), LAB);
      const first = await runChecks(page, LAB);
      expect(first.status).toBe('completed');
      const [, passed, total] = /(\d+) of (\d+) checks passed/.exec(first.text) ?? [];
      expect(Number(passed)).toBeLessThan(Number(total));
      // An attack check shows the hostile token it sent, decoded locally once opened, and the clause it enforces.
      const attack = lab
        .locator('.lab-check[data-status="failed"]')
        .filter({ has: page.locator('.lab-evidence details') })
        .first();
      await attack.locator(':scope > details').evaluate((d) => ((d as HTMLDetailsElement).open = true));
      await attack.locator('.lab-evidence summary').first().click();
      await attack.locator('.lab-evidence .lab-token-parts').first().waitFor();
      expect(await attack.locator('.lab-clauses').first().textContent()).toMatch(/RFC \d+/);

      await pasteCode(page, LAB, solution);
      const solved = await runChecks(page, LAB, 'shortcut');
      expect(solved.text).toMatch(new RegExp(`^${total} of ${total} checks passed`));
      // The passes are folded, and built once the fold is opened.
      await lab.locator('details.lab-passes > summary').click();
      await expect.poll(() => lab.locator('.lab-check[data-status="passed"]').count()).toBe(Number(total));
    });
  });

  it('keeps the learner’s code across a reload', async () => {
    await withPage(async ({ page }) => {
      await openLab(page, site.url(lessonPath), LAB);
      const mine = `// my notes: check aud before anything else\n${starter}`;
      await pasteCode(page, LAB, mine);
      await expect
        .poll(() => page.evaluate(() => Object.values(localStorage).join('\n')))
        .toContain('my notes: check aud');
      await page.reload();
      const lab = page.locator(`section.lab[data-lab-id="${LAB}"]`);
      await lab.locator('astro-island').first().scrollIntoViewIfNeeded();
      await lab.locator('[data-editor-ready]').waitFor();
      await expect
        .poll(async () =>
          (await lab.locator('.monaco-editor .view-lines').innerText()).replace(/\u00a0/g, ' '),
        )
        .toContain('my notes: check aud before anything else');
    });
  });

  it('reports an infinite loop as a timeout, and the next run works', async () => {
    await withPage(async ({ page }) => {
      const lab = await openLab(page, site.url(lessonPath), LAB);
      await pasteCode(page, LAB, solutionWith('while (true) {}'));
      const hung = await runChecks(page, LAB);
      expect(hung.status).toBe('completed');
      expect(await lab.locator('.lab-check[data-status="timeout"]').count()).toBeGreaterThan(0);

      await pasteCode(page, LAB, solution);
      const next = await runChecks(page, LAB);
      const [, passed, total] = /(\d+) of (\d+) checks passed/.exec(next.text) ?? [];
      expect(passed).toBe(total);
    });
  });

  it('points a syntax error at file:line:column', async () => {
    await withPage(async ({ page }) => {
      await openLab(page, site.url(lessonPath), LAB);
      await pasteCode(page, LAB, 'export function createAccessTokenVerifier(config {\n  return 1;\n}\n');
      const report = await runChecks(page, LAB);
      expect(report.status).toBe('compile-error');
      expect(report.text).toMatch(/verify-access-token\.ts:1:\d+/);
    });
  });

  it('renders what the learner’s code logs as text, never as HTML', async () => {
    await withPage(async ({ page }) => {
      const lab = await openLab(page, site.url(lessonPath), LAB);
      const payload = '<img src=x onerror="window.__labXss=1"><b id=lab-xss>bold</b>';
      await pasteCode(page, LAB, solutionWith(`console.log(${JSON.stringify(payload)});`));
      await runChecks(page, LAB);
      await lab.locator('details.lab-passes > summary').click();
      const consoleEntry = lab.locator('.lab-console code', { hasText: 'onerror' }).first();
      await consoleEntry.waitFor({ state: 'attached' });
      expect(await consoleEntry.textContent()).toBe(payload);
      expect(await page.locator('#lab-xss').count()).toBe(0);
      expect(await page.evaluate(() => (window as { __labXss?: number }).__labXss)).toBeUndefined();
    });
  });
});

describe('lab statements and hints', () => {
  it.each(['bearer-middleware', 'service-authorization'])(
    'renders the %s statement’s table as a table, not as "| … |" text',
    async (labId) => {
      await withPage(async ({ page }) => {
        await page.goto(site.url(findLabPage(inject('e2eSite').distDir, labId)));
        const statement = page.locator(`section.lab[data-lab-id="${labId}"] .lab-intro`);
        const table = statement.locator('table').first();
        await table.waitFor({ state: 'attached' });
        expect(await table.locator('thead th').count()).toBeGreaterThanOrEqual(2);
        expect(await table.locator('tbody tr').count()).toBeGreaterThanOrEqual(2);
        expect(await statement.innerText()).not.toMatch(/\|\s*-{3,}/);
      });
    },
  );

  it('has every hint rendered once in the page, hidden until the learner asks for it', async () => {
    await withPage(async ({ page }) => {
      const lab = await openLab(page, site.url(lessonPath), LAB);
      const hintFiles = readdirSync(resolve(labDir, 'hints')).length;
      expect(await lab.locator('template[data-hint-id]').count()).toBe(hintFiles);
      expect(await lab.locator('.lab-hint-text').count()).toBe(0);
      await lab.getByRole('button', { name: 'Show a hint' }).click();
      const shown = lab.locator('.lab-hint-text').first();
      await expect.poll(() => shown.locator('p').count()).toBeGreaterThan(0);
      const id = await page.evaluate(
        (labId) =>
          [
            ...document.querySelectorAll<HTMLTemplateElement>(`section.lab[data-lab-id="${labId}"] template`),
          ].find(
            (template) =>
              template.content.textContent?.trim() ===
              document
                .querySelector(`section.lab[data-lab-id="${labId}"] .lab-hint-text`)
                ?.textContent?.trim(),
          )?.dataset['hintId'],
        LAB,
      );
      expect(id).toMatch(/^[a-z0-9-]+$/);
    });
  });
});
