import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage, readShippedOutline, startSite, type SiteServer } from './support';

// Plain http on a host other than localhost is not a secure context, so WebCrypto is missing there.
const INSECURE_HOST = 'course.example.test';

let site: SiteServer;
let browser: Browser;
const lessons = readShippedOutline().flatMap((module) => module.lessons);
const labLesson = lessons.find((lesson) => lesson.labIds.length > 0);
const readingLesson = lessons.find((lesson) => lesson.labIds.length === 0);

beforeAll(async () => {
  site = await startSite();
  const port = new URL(site.origin).port;
  browser = await launchChromium([`--host-resolver-rules=MAP ${INSECURE_HOST}:${port} 127.0.0.1:${port}`]);
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

const banner = 'secure-context-notice [role="alert"]';

describe('the secure-context notice on lesson pages with labs', () => {
  it('ships at least one lesson with a lab and one without', () => {
    expect(labLesson).toBeDefined();
    expect(readingLesson).toBeDefined();
  });

  it('stays hidden on a secure origin (127.0.0.1)', async () => {
    const { page, close } = await openPage(browser, site);
    await page.goto(site.url(`${labLesson!.id}/`));
    await page.waitForFunction(() => customElements.get('secure-context-notice') !== undefined);
    expect(await page.locator(banner).isVisible()).toBe(false);
    await close();
  });

  it('explains on the page why labs cannot run over plain http on another host', async () => {
    const origin = `http://${INSECURE_HOST}:${new URL(site.origin).port}`;
    const { page, close } = await openPage(browser, { origin });
    await page.goto(`${origin}${site.basePath}${labLesson!.id}/`);
    expect(await page.evaluate(() => globalThis.isSecureContext)).toBe(false);
    await page.locator(banner).waitFor({ state: 'visible' });
    expect(await page.locator(banner).textContent()).toContain('https://');
    await page.goto(`${origin}${site.basePath}${readingLesson!.id}/`);
    expect(await page.locator(banner).count()).toBe(0);
    await close();
  });
});
