/**
 * The certificate end to end in Chromium: pass every required lab by pasting its reference solution into
 * the real lab editor and running the checks, claim the certificate, print it to one page, download the
 * file, verify it on the verify page (every solution re-run in a worker), then tamper with it and see it
 * rejected with the reason.
 */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import {
  launchChromium,
  openPage,
  readShippedOutline,
  startSite,
  type GuardedPage,
  type SiteServer,
} from './support';
import { findLabPage, pasteCode, runChecks } from './lab-ui/lab-page';
import { chooseFile, downloadText } from './progress/progress-page';
import { PATIENCE_MS } from './support/patience';

const LABS_DIR = resolve(import.meta.dirname, '../../labs');
// course.config.ts leaves certificateLabs empty: every lab a lesson embeds is required.
const required = [
  ...new Set(readShippedOutline().flatMap((module) => module.lessons.flatMap((l) => l.labIds))),
];

let site: SiteServer;
let browser: Browser;
let guarded: GuardedPage;
let page: Page;
let certificate = '';

beforeAll(async () => {
  site = await startSite();
  browser = await launchChromium();
  guarded = await openPage(browser, site, { acceptDownloads: true, viewport: { width: 1280, height: 900 } });
  page = guarded.page;
});

afterAll(async () => {
  await guarded?.close();
  await browser?.close();
  await site?.close();
});

/**
 * Like lab-page.ts's openLab, but scrolls the island itself into view: on a lab with a long task
 * statement the section's top is on screen while the island (client:visible) is not, so it never mounts.
 */
async function openLabEditor(url: string, labId: string): Promise<void> {
  if (page.url() !== url) await page.goto(url);
  const lab = page.locator(`section.lab[data-lab-id="${labId}"]`);
  await lab.locator('.lab-island').first().scrollIntoViewIfNeeded();
  await lab.locator('[data-editor-ready]').waitFor();
}

async function verifyFile(name: string, text: string): Promise<string> {
  await page.goto(site.url('certificate/verify/'));
  await chooseFile(page, '#certificate-file', name, text);
  const status = page.locator('.verify-status');
  await expect
    .poll(() => status.getAttribute('data-verify-status'), { timeout: 5 * PATIENCE_MS, interval: 500 })
    .not.toBe('running');
  return (await status.getAttribute('data-verify-status')) ?? '';
}

describe('certificate', () => {
  it('cannot be claimed before the required labs pass', async () => {
    await page.goto(site.url('certificate/'));
    expect(await page.locator('.claim-summary').getAttribute('data-claim-ready')).toBe('false');
    expect(await page.locator('[data-claim-lab]').count()).toBe(required.length);
    expect(await page.locator('#certificate-name').count()).toBe(0);
  });

  it('is claimed after every required lab passes through the lab UI, and prints on one page', async () => {
    const distDir = inject('e2eSite').distDir;
    for (const labId of required) {
      await openLabEditor(site.url(findLabPage(distDir, labId)), labId);
      await pasteCode(page, labId, readFileSync(join(LABS_DIR, labId, 'solution.ts'), 'utf8'));
      const run = await runChecks(page, labId);
      expect(run.text, labId).toMatch(/^(\d+) of \1 checks passed/);
    }

    await page.goto(site.url('certificate/'));
    expect(await page.locator('.claim-summary').getAttribute('data-claim-ready')).toBe('true');
    await page.fill('#certificate-name', 'Ada Lovelace');
    await page.getByRole('button', { name: 'Create my certificate' }).click();
    const code = await page.locator('[data-verification-code]').textContent();
    expect(code).toMatch(/^[0-9A-F]{4}(-[0-9A-F]{4}){4}$/);
    expect(await page.locator('.certificate-name').textContent()).toBe('Ada Lovelace');
    expect(await page.locator('.certificate').textContent()).toContain('does not prove who wrote the code');

    const file = await downloadText(page, () => page.locator('[data-download-certificate]').click());
    certificate = file.text;
    expect(JSON.parse(certificate)).toMatchObject({
      verificationCode: code,
      learner: { name: 'Ada Lovelace' },
    });
    expect(JSON.parse(certificate).labs.map((lab: { labId: string }) => lab.labId)).toEqual(required);

    // The claimed certificate is kept with the progress and shown again on the next visit.
    await page.reload();
    expect(await page.locator('[data-verification-code]').textContent()).toBe(code);

    await page.emulateMedia({ media: 'print' });
    expect(await page.locator('.site-header').isVisible()).toBe(false);
    expect(await page.locator('.claim-form').isVisible()).toBe(false);
    expect(await page.locator('.certificate').isVisible()).toBe(true);
    const pdf = (await page.pdf({ preferCSSPageSize: true })).toString('latin1');
    expect(pdf.match(/\/Type\s*\/Page\b/g)).toHaveLength(1);
    await page.emulateMedia({ media: 'screen' });

    // The progress page counts every required lab as passed, with runs and first-pass time.
    await page.goto(site.url('progress/'));
    expect(await page.locator('[data-summary="labs"]').textContent()).toBe(
      `${required.length} of ${required.length} required labs passed`,
    );
    const row = page.locator(`[data-lab-row="${required[0]}"] td`);
    expect(await row.allTextContents()).toEqual([
      expect.stringMatching(/^(\d+) of \1$/),
      '1',
      expect.not.stringMatching(/—/),
    ]);
  });

  it('verifies the downloaded file by re-running every solution in the browser', async () => {
    expect(certificate).not.toBe('');
    // Only the certificate pages are under test from here; the lab pages' console belongs to the lab UI suites.
    guarded.consoleErrors.length = 0;
    expect(await verifyFile('certificate.json', certificate)).toBe('valid');
    expect(await page.locator('tr[data-lab-result][data-status="passes"]').count()).toBe(required.length);
    expect(await page.locator('.verify-claims').textContent()).toContain('Ada Lovelace');
  });

  it('rejects a tampered file and says why: the code no longer matches and the swapped solution fails', async () => {
    const json = JSON.parse(certificate);
    const target = json.labs[0] as { labId: string; code: string };
    const wrong = readdirSync(join(LABS_DIR, target.labId, 'wrong')).sort()[0]!;
    target.code = readFileSync(join(LABS_DIR, target.labId, 'wrong', wrong), 'utf8');
    expect(await verifyFile('tampered.json', JSON.stringify(json))).toBe('tampered');
    const reasons = await page
      .locator('.verify-tampered li')
      .evaluateAll((items) => items.map((item) => [item.getAttribute('data-code'), item.textContent]));
    expect(reasons.map(([codeName]) => codeName)).toEqual([
      'ERR_CERT_CODE_MISMATCH',
      'ERR_CERT_SOLUTION_FAILS',
    ]);
    expect(await page.locator(`tr[data-lab-result="${target.labId}"]`).getAttribute('data-status')).toBe(
      'fails',
    );
    expect(await page.locator('.verify-changed').count()).toBe(0);

    await verifyFile('not-a-certificate.json', '{"format":"jwt-deep-dive/progress"}');
    expect(await page.locator('.verify-status').getAttribute('data-error-code')).toBe(
      'ERR_CERT_NOT_CERTIFICATE',
    );
    expect(guarded.consoleErrors).toEqual([]);
    expect(guarded.externalRequests).toEqual([]);
  });
});
