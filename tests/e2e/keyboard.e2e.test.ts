import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { inject } from 'vitest';
import { findLabPage } from './lab-ui/lab-page';
import { launchChromium, openPage, startSite, tabUntil, type SiteServer } from './support';

const LAB = 'verify-access-token';
let site: SiteServer;
let browser: Browser;

beforeAll(async () => {
  site = await startSite();
  browser = await launchChromium();
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
});

describe('a keyboard-only learner', () => {
  it('reaches a lab, edits, leaves the editor, runs the checks, reads the results and opens a hint without a mouse', async () => {
    const { page, consoleErrors, externalRequests, close } = await openPage(browser, site);
    try {
      await page.goto(site.url(findLabPage(inject('e2eSite').distDir, LAB)));
      // A keyboard user jumps to the lab with the page's "On this page" link (which moves the sequential
      // focus start to the lab), then reads on with Page Down until the editor below the statement is up.
      const jump = await tabUntil(page, (f) => f.href === `#lab-${LAB}`, 200);
      expect(jump.tag).toBe('A');
      await page.keyboard.press('Enter');
      const ready = page.locator(`section.lab[data-lab-id="${LAB}"] [data-editor-ready]`);
      for (let i = 0; i < 20 && !(await ready.count()); i++) {
        await page.keyboard.press('PageDown');
        await page.waitForTimeout(500);
      }
      await ready.waitFor();

      await tabUntil(page, (f) => f.inEditor, 40);
      await page.keyboard.press('ControlOrMeta+End');
      await page.keyboard.type('\n// edited from the keyboard\n');
      await expect
        .poll(() => page.locator(`[data-lab-id="${LAB}"] .monaco-editor .view-lines`).textContent())
        .toMatch(/edited\sfrom\sthe\skeyboard/); // Monaco renders spaces as no-break spaces

      // Ctrl+M turns Tab into "move focus", the documented way out of the editor.
      await page.keyboard.press('Control+m');
      const run = await tabUntil(page, (f) => !f.inEditor && f.text === 'Run checks', 20);
      expect(run.tag).toBe('BUTTON');
      await page.keyboard.press('Enter');
      const summary = page.locator(`[data-lab-id="${LAB}"] [role="status"].lab-summary-line`);
      await expect.poll(() => summary.getAttribute('data-run-status')).toBe('completed');
      expect(await summary.textContent()).toMatch(/^\d+ of \d+ checks passed\./);

      // The failing check's details are reachable and readable from the keyboard.
      const details = await tabUntil(page, (f) => f.inLab && f.tag === 'SUMMARY', 60);
      expect(details.text.length).toBeGreaterThan(0);

      await tabUntil(page, (f) => f.inLab && f.text.startsWith('Show a hint'), 200);
      await page.keyboard.press('Enter');
      await expect.poll(() => page.locator(`[data-lab-id="${LAB}"] .lab-hint-text`).count()).toBe(1);
      expect(consoleErrors).toEqual([]);
      expect(externalRequests).toEqual([]);
    } finally {
      await close();
    }
  });
});
