import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { axeAudit, launchChromium, openPage, startSite, type SiteServer } from './support';

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

const b64 = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
// A hostile token: alg none, a jku header, a traversal kid and no exp. The marker makes leaks easy to find.
const MARKER = 'leak-marker-7f3a';
const HOSTILE = `${b64({ alg: 'none', jku: 'https://evil.example/jwks', kid: '../../../../dev/null' })}.${b64(
  {
    sub: MARKER,
    iat: 1767225600,
  },
)}.`;

describe('the token inspector', () => {
  it('loads its decoder only on interaction, then explains a hostile token without it leaving the page', async () => {
    const guarded = await openPage(browser, site);
    const { page } = guarded;
    try {
      await page.goto(site.url('inspector/'));
      await page.waitForLoadState('networkidle');
      const scriptsBefore = site.requests.filter((r) => r.path.endsWith('.js')).map((r) => r.path);

      await page.locator('textarea.ti-input').fill(HOSTILE);
      await page.locator('token-inspector[data-ready]').waitFor();
      const scriptsAfter = site.requests.filter((r) => r.path.endsWith('.js')).map((r) => r.path);
      // The decoder arrived as a separate chunk after the first interaction.
      expect(scriptsAfter.length).toBeGreaterThan(scriptsBefore.length);

      const codes = await page
        .locator('.ti-warning')
        .evaluateAll((nodes) => nodes.map((n) => n.getAttribute('data-code')));
      expect(codes).toEqual(
        expect.arrayContaining(['ALG_NONE', 'HEADER_JKU', 'KID_SUSPICIOUS', 'MISSING_EXP']),
      );
      await expect(
        page.locator('.ti-warning[data-code="ALG_NONE"]').getAttribute('class'),
      ).resolves.toContain('ti-danger');
      const iat = page.locator('tr[data-name="iat"] .ti-time');
      await expect(iat.textContent()).resolves.toMatch(/^2026-01-01T00:00:00Z \(/);

      // Nothing that was requested, and nothing that was stored, contains the token.
      expect(
        site.requests.filter((r) => r.path.includes(MARKER) || r.path.includes(HOSTILE.slice(0, 20))),
      ).toEqual([]);
      const stored = await page.evaluate(() => JSON.stringify({ ...localStorage, ...sessionStorage }));
      expect(stored).not.toContain(MARKER);
      expect(stored).not.toContain(HOSTILE.slice(0, 20));
      expect(guarded.externalRequests).toEqual([]);
      expect(guarded.consoleErrors).toEqual([]);
    } finally {
      await guarded.close();
    }
  });

  it('names the broken part of input it cannot decode', async () => {
    const guarded = await openPage(browser, site);
    try {
      await guarded.page.goto(site.url('inspector/'));
      await guarded.page.locator('textarea.ti-input').fill('a+b.e30.');
      const error = guarded.page.locator('.ti-error');
      await expect(error.getAttribute('data-code')).resolves.toBe('ERR_BASE64URL');
      // Garbage whose first part happens to be base64url is still "not a JWT", not a UTF-8 lecture.
      await guarded.page.locator('textarea.ti-input').fill('abc.def.ghi');
      await expect.poll(() => error.textContent()).toMatch(/^Not a JWT: /);
      expect(guarded.consoleErrors).toEqual([]);
    } finally {
      await guarded.close();
    }
  });

  it('decodes the example token of lesson 00/01 once it is in view, without a click', async () => {
    const guarded = await openPage(browser, site);
    try {
      await guarded.page.goto(site.url('00-foundations/01-what-is-a-jwt/'));
      const inspector = guarded.page.locator('token-inspector').first();
      await inspector.scrollIntoViewIfNeeded();
      await inspector.locator('tr[data-name="sub"]').waitFor();
      await expect(inspector.locator('tr[data-name="sub"] .ti-value').textContent()).resolves.toBe(
        '"user_8412"',
      );
      await expect(inspector.locator('tr[data-name="exp"] .ti-time').textContent()).resolves.toMatch(
        /^2026-01-01T00:15:00Z/,
      );
      expect(guarded.consoleErrors).toEqual([]);
      expect(guarded.externalRequests).toEqual([]);
    } finally {
      await guarded.close();
    }
  });
});

describe('the pages around the lessons', () => {
  it('have no serious or critical axe violations in either theme, with an inspection and a checked quiz shown', async () => {
    for (const colorScheme of ['light', 'dark'] as const) {
      const guarded = await openPage(browser, site, { colorScheme });
      const { page } = guarded;
      const found: string[] = [];
      const audit = async (label: string) => {
        const { violations } = await axeAudit(page).analyze();
        for (const v of violations) {
          if (v.impact === 'serious' || v.impact === 'critical')
            found.push(`${colorScheme} ${label}: ${v.id}`);
        }
      };
      try {
        await page.goto(site.url('inspector/'));
        await page.locator('textarea.ti-input').fill(HOSTILE);
        await page.locator('.ti-warning').first().waitFor();
        await audit('inspector');

        await page.goto(site.url('00-foundations/01-what-is-a-jwt/'));
        // The quiz's grading code loads as the quiz nears the viewport.
        await page.locator('quiz-check').scrollIntoViewIfNeeded();
        const quiz = page.locator('quiz-check[data-ready]');
        await quiz.locator('fieldset').first().locator('input').first().check();
        await quiz.locator('button[type="submit"]').click();
        await quiz.locator('.quiz-result:not([hidden])').first().waitFor();
        await audit('checked quiz');

        for (const path of ['glossary/', 'references/', 'coverage/', 'what-changed/']) {
          await page.goto(site.url(path));
          await audit(path);
        }
        expect(found).toEqual([]);
        expect(guarded.consoleErrors).toEqual([]);
        expect(guarded.externalRequests).toEqual([]);
      } finally {
        await guarded.close();
      }
    }
  });

  it('lists every cited standard and CVE on the references page and every term in the glossary', async () => {
    const guarded = await openPage(browser, site);
    try {
      await guarded.page.goto(site.url('references/'));
      await expect(guarded.page.locator('#rfc-8725 a').getAttribute('href')).resolves.toBe(
        'https://www.rfc-editor.org/rfc/rfc8725',
      );
      await expect(guarded.page.locator('#cve-2022-21449').count()).resolves.toBe(1);
      await guarded.page.goto(site.url('glossary/'));
      const link = guarded.page.locator('#algorithm-confusion + dd a');
      await expect(link.getAttribute('href')).resolves.toBe(
        `${site.basePath}01-issuance-and-validation/04-classic-attacks/`,
      );
    } finally {
      await guarded.close();
    }
  });
});
