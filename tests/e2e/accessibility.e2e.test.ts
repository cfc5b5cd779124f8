import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { findLabPage, openLab, runChecks } from './lab-ui/lab-page';
import { axeAudit, launchChromium, openPage, startSite, type SiteServer } from './support';

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

/** Serious and critical axe violations on the page as it is now, as `label: rule (nodes)`. */
async function violations(page: Page, label: string): Promise<string[]> {
  const { violations: found } = await axeAudit(page).analyze();
  return found
    .filter((v) => v.impact === 'serious' || v.impact === 'critical')
    .map((v) => `${label}: ${v.id} (${v.nodes.length})`);
}

// The site, lesson, inspector and quiz pages are audited in site.e2e and inspector.e2e; these are the rest.
describe.each(['light', 'dark'] as const)('accessibility in the %s theme', (colorScheme) => {
  it('a lab with its results shown (failing checks expanded, evidence opened) has no serious or critical violation', async () => {
    const { page, consoleErrors, close } = await openPage(browser, site, { colorScheme });
    try {
      await openLab(page, site.url(findLabPage(inject('e2eSite').distDir, LAB)), LAB);
      const { status } = await runChecks(page, LAB);
      expect(status).toBe('completed');
      const attack = page
        .locator(`section.lab[data-lab-id="${LAB}"] .lab-check[data-status="failed"]`)
        .filter({ has: page.locator('.lab-evidence details') })
        .first();
      await attack.locator(':scope > details').evaluate((d) => ((d as HTMLDetailsElement).open = true));
      await attack.locator('.lab-evidence summary').first().click();
      await attack.locator('.lab-token-parts').first().waitFor();
      expect(await violations(page, `${colorScheme} lab with results`)).toEqual([]);
      expect(consoleErrors).toEqual([]);
    } finally {
      await close();
    }
  });

  it('the progress, certificate and verify pages have no serious or critical violation', async () => {
    const { page, consoleErrors, close } = await openPage(browser, site, { colorScheme });
    try {
      const found: string[] = [];
      for (const path of ['progress/', 'certificate/', 'certificate/verify/']) {
        await page.goto(site.url(path));
        await page.waitForLoadState('networkidle');
        found.push(...(await violations(page, `${colorScheme} ${path}`)));
      }
      expect(found).toEqual([]);
      expect(consoleErrors).toEqual([]);
    } finally {
      await close();
    }
  });
});
