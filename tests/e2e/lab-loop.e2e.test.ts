/**
 * The lab loop a learner goes round: read the verdicts (failures first, positions that lead into the
 * editor), edit with IntelliSense, compare with the solution, reload, and never lose the keyboard focus.
 */
import { readFileSync } from 'node:fs';
import { resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { axeAudit, launchChromium, openPage, startSite, type GuardedPage, type SiteServer } from './support';
import { findLabPage, openLab, pasteCode, runChecks } from './lab-ui/lab-page';

const LAB = 'verify-access-token';
const FILE = 'verify-access-token.ts';
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

async function withPage(
  body: (guarded: GuardedPage) => Promise<void>,
  viewport = { width: 1366, height: 900 },
): Promise<void> {
  const guarded = await openPage(browser, site, { viewport });
  try {
    await body(guarded);
    expect(guarded.consoleErrors).toEqual([]);
    expect(guarded.externalRequests).toEqual([]);
  } finally {
    await guarded.close();
  }
}

/** The lab's code as autosaved in this browser (what a reload restores). */
async function savedCode(page: Page): Promise<string | undefined> {
  return page.evaluate((lab) => {
    for (const value of Object.values(localStorage)) {
      try {
        const code = (JSON.parse(value) as { labs?: Record<string, { saved?: { code: string } }> }).labs?.[
          lab
        ]?.saved?.code;
        if (code !== undefined) return code;
      } catch {
        // not the progress document
      }
    }
    return undefined;
  }, LAB);
}

const activeElement = (page: Page) =>
  page.evaluate(() => {
    const el = document.activeElement;
    return {
      tag: el?.tagName.toLowerCase(),
      text: el?.textContent?.trim().slice(0, 80),
      inMonaco: el?.closest('.monaco-editor') !== null,
      inFailures: el?.closest('.lab-failures') !== null,
    };
  });

describe('results', () => {
  it('shows failures first by describe block, all expanded, with the passes folded into a count', async () => {
    await withPage(async ({ page }) => {
      const lab = await openLab(page, site.url(lessonPath), LAB);
      await runChecks(page, LAB);
      // The passes are folded into a count, and built only when opened.
      const folded = await lab.locator('.lab-results').evaluate((results) => ({
        passesOpen: (results.querySelector('details.lab-passes') as HTMLDetailsElement | null)?.open,
        passesSummary: results.querySelector('details.lab-passes > summary')?.textContent,
        passesBuilt: results.querySelectorAll('.lab-passes .lab-check').length,
      }));
      expect(folded.passesOpen).toBe(false);
      expect(folded.passesBuilt).toBe(0);
      const passCount = Number(/^(\d+) checks passed$/.exec(folded.passesSummary ?? '')?.[1]);
      expect(passCount).toBeGreaterThan(0);
      await lab.locator('details.lab-passes > summary').click();
      await expect.poll(() => lab.locator('.lab-passes .lab-check').first().isVisible()).toBe(true);
      const shape = await lab.locator('.lab-results').evaluate((results) => {
        const checks = [...results.querySelectorAll<HTMLElement>('.lab-check')];
        return {
          order: checks.map((c) => c.dataset['status']),
          failuresOpen: [...results.querySelectorAll('.lab-failures .lab-check > details')].map(
            (d) => (d as HTMLDetailsElement).open,
          ),
          groups: [...results.querySelectorAll('.lab-check-group-name')].map((g) => g.textContent),
          titles: [...results.querySelectorAll('.lab-failures .lab-check-name')].map((n) => n.textContent),
        };
      });
      const failures = shape.order.filter((s) => s !== 'passed');
      const passes = shape.order.filter((s) => s === 'passed');
      expect(failures.length).toBeGreaterThan(0);
      expect(passes.length).toBe(passCount);
      expect(shape.order).toEqual([...failures, ...passes]);
      expect(shape.failuresOpen).toEqual(failures.map(() => true));
      // Every check sits in "createAccessTokenVerifier": that shared block is not repeated.
      expect(shape.groups.length).toBeGreaterThan(1);
      for (const name of [...shape.groups, ...shape.titles])
        expect(name).not.toMatch(/^createAccessTokenVerifier/);
      // The hint controls sit with the failures they help with: under each one, and after them all.
      expect(
        await lab.locator('.lab-failures .lab-check').getByRole('button', { name: 'Show a hint' }).count(),
      ).toBeGreaterThan(1);
      expect(await lab.locator('.lab-failures .lab-hints').getByRole('button').count()).toBe(1);
      const axe = await axeAudit(page)
        .include(`section.lab[data-lab-id="${LAB}"]`)
        .exclude('.monaco-editor')
        .analyze();
      expect(axe.violations.map((v) => `${v.id}: ${v.nodes.map((n) => n.target).join(', ')}`)).toEqual([]);
    });
  });

  it('states truly what the starter already does: the checks it passes, and that it fails only by accepting', async () => {
    await withPage(async ({ page }) => {
      const lab = await openLab(page, site.url(lessonPath), LAB);
      const statement = await lab.locator('.lab-intro').innerText();
      expect(statement).toContain('Every check it fails, it fails the same way: it accepts a token');
      await runChecks(page, LAB);
      await lab.locator('details.lab-passes > summary').click();
      await expect.poll(() => lab.locator('.lab-passes .lab-check').first().isVisible()).toBe(true);
      const verdicts = await lab.locator('.lab-check').evaluateAll((checks) =>
        checks.map((check) => ({
          name: (check as HTMLElement).dataset['checkName'] ?? '',
          status: (check as HTMLElement).dataset['status'] ?? '',
          text: check.textContent ?? '',
        })),
      );
      expect(verdicts.some((v) => v.status === 'failed')).toBe(true);
      // What the statement says the starter already passes: signature integrity, the key material a token
      // names, crit, the key set, alg none and HS256 keyed with the public key.
      const said = [
        /> RFC 7515 §5\.2: signature integrity >/,
        /> RFC 8725 §3\.10: key material named in the token is never trusted >/,
        /> RFC 7515 §4\.1\.11: critical header parameters >/,
        /> the issuer's key set: fetched once, and failing closed >/,
        /> rejects alg none in every spelling/,
        /> rejects HS256 tokens keyed with the issuer's public key/,
      ];
      const covered = verdicts.filter((v) => said.some((pattern) => pattern.test(v.name)));
      expect(covered.length).toBeGreaterThanOrEqual(said.length);
      for (const v of covered) expect(v.status, v.name).toBe('passed');
      // Every failure is a token accepted that should not be: no genuine token is ever refused.
      for (const v of verdicts.filter((v) => v.status !== 'passed')) {
        expect(v.text, v.name).not.toMatch(/expected: accepted|genuine rejected/);
      }
    });
  });

  it('says in words what each failed check expected and what the code did, never in raw matcher output', async () => {
    await withPage(async ({ page }) => {
      const lab = await openLab(page, site.url(lessonPath), LAB);
      await runChecks(page, LAB);
      const failures = await lab.locator('.lab-failures .lab-check').evaluateAll((checks) =>
        checks.map((check) => ({
          name: (check as HTMLElement).dataset['checkName'] ?? '',
          firstLine: check.querySelector('.lab-check-message')?.textContent?.split('\n')[0] ?? '',
          diff: check.querySelector('.lab-check-diff')?.textContent ?? '',
          values: [...check.querySelectorAll('.lab-check-values pre')].map((pre) => pre.textContent),
        })),
      );
      expect(failures.length).toBeGreaterThan(0);
      // The starter fails only by accepting tokens it must refuse (see the statement test above): a check
      // that judges one token says so in words; one that compares several verdicts at once shows the diff.
      const inWords = failures.filter((failure) =>
        /^(.+: )?expected: rejected \(.+\); your code accepted it and returned /.test(failure.firstLine),
      );
      expect(inWords.length).toBeGreaterThan(failures.length / 2);
      for (const failure of failures) {
        if (!inWords.includes(failure))
          expect(failure.diff, failure.name).toMatch(/^- Expected\n\+ Received/m);
        const [expected, received] = failure.values;
        if (expected !== undefined) expect(expected, failure.name).not.toBe(received);
      }
      const text = await lab.locator('.lab-results').innerText();
      for (const raw of [
        'Object.is equality',
        'Compared values have no visual difference',
        "expected 'accepted'",
      ])
        expect(text).not.toContain(raw);
    });
  });

  it('links the RFC clauses of the Grades and Enforces lines to entries of the references page', async () => {
    await withPage(async ({ page }) => {
      const lab = await openLab(page, site.url(lessonPath), LAB);
      await runChecks(page, LAB);
      const hrefs = async (selector: string) =>
        lab.locator(selector).evaluateAll((links) => links.map((a) => (a as HTMLAnchorElement).href));
      const grades = await hrefs('.lab-references a');
      const enforces = await hrefs('.lab-failures .lab-clauses a');
      expect(grades.length).toBeGreaterThan(3);
      expect(enforces.length).toBeGreaterThan(3);
      // Every clause of the Grades line is a link.
      expect(grades.length).toBe(await lab.locator('.lab-references cite').count());
      await page.goto(site.url('references/'));
      for (const href of new Set([...grades, ...enforces])) {
        const url = new URL(href);
        expect(url.pathname).toBe(`${site.basePath}references/`);
        expect(await page.locator(`[id="${url.hash.slice(1)}"]`).count(), href).toBe(1);
      }
    });
  });

  it('keeps the focus on "Run checks" while it runs, and reaches the first failure with one Tab', async () => {
    await withPage(async ({ page }) => {
      const lab = await openLab(page, site.url(lessonPath), LAB);
      const run = lab.getByRole('button', { name: 'Run checks' });
      await run.focus();
      await page.keyboard.press('Enter');
      await lab.locator('[data-run-status="running"]').waitFor();
      expect(await activeElement(page)).toMatchObject({ tag: 'button', text: 'Running checks…' });
      await lab.locator('.lab-summary-line[data-run-status="completed"]').waitFor();
      expect(await activeElement(page)).toMatchObject({ tag: 'button', text: 'Run checks' });
      await page.keyboard.press('Tab');
      const firstFailure = await lab.locator('.lab-failures .lab-check summary').first().textContent();
      expect(await activeElement(page)).toMatchObject({
        tag: 'summary',
        inFailures: true,
        text: firstFailure?.trim().slice(0, 80),
      });
    });
  });

  it('draws the timed-out icon as an SVG, not an emoji', async () => {
    await withPage(async ({ page }) => {
      const lab = await openLab(page, site.url(lessonPath), LAB);
      await pasteCode(
        page,
        LAB,
        'export function createAccessTokenVerifier() {\n  return async () => { for (;;) {} };\n}\n',
      );
      await runChecks(page, LAB);
      const icon = lab.locator('.lab-check[data-status="timeout"] .lab-check-icon').first();
      await icon.waitFor();
      expect(await icon.locator('svg').count()).toBe(1);
      expect(await icon.textContent()).toBe('');
    });
  });

  it('reports a syntax error at the mistake and links it to the editor cursor', async () => {
    await withPage(async ({ page }) => {
      const lab = await openLab(page, site.url(lessonPath), LAB);
      const lines = [
        "import { jwtVerify } from 'jose';",
        '',
        'export function f(token: string) {',
        '  return jwtVerify(token,',
        '}',
        '',
      ];
      await pasteCode(page, LAB, lines.join('\n'));
      const summary = await runChecks(page, LAB);
      const at = `${FILE}:4:${lines[3]!.length + 1}`;
      expect(summary.status).toBe('compile-error');
      expect(summary.text).toContain(at);
      await lab
        .locator('.lab-summary-line')
        .getByRole('link', { name: new RegExp(`^${at}`) })
        .click();
      expect(await activeElement(page)).toMatchObject({ inMonaco: true });
      await page.keyboard.type('QQ');
      await expect.poll(() => savedCode(page)).toContain('jwtVerify(token,QQ\n}');
    });
  });
});

describe('the editor', () => {
  it('suggests the starter types on ".", jose options on typing and on Ctrl+Space, and lists Trigger Suggest in F1', async () => {
    await withPage(async ({ page }) => {
      const lab = await openLab(page, site.url(lessonPath), LAB);
      const widget = lab.locator('.suggest-widget.visible');
      await pasteCode(page, LAB, `${starter}\nexport const probe = (config: AccessTokenVerifierConfig) => `);
      await page.keyboard.type('config.');
      await expect.poll(() => widget.innerText()).toContain('jwksUri');
      await page.keyboard.press('Escape');

      await pasteCode(
        page,
        LAB,
        "import type { JWTVerifyOptions } from 'jose';\nexport const o: JWTVerifyOptions = { ",
      );
      await page.keyboard.type('al');
      await expect.poll(() => widget.innerText()).toContain('algorithms');
      await page.keyboard.press('Escape');
      await expect.poll(() => widget.count()).toBe(0);
      await page.keyboard.press('Control+Space');
      await expect.poll(() => widget.innerText()).toContain('algorithms');
      await page.keyboard.press('Escape');

      await page.keyboard.press('F1');
      await page.keyboard.type('Trigger Suggest');
      await expect.poll(() => lab.locator('.quick-input-widget').innerText()).toContain('Trigger Suggest');
      await page.keyboard.press('Escape');
    });
  });

  it('has a focus mode where the editor and results sit side by side across the window', async () => {
    await withPage(async ({ page }) => {
      const lab = await openLab(page, site.url(lessonPath), LAB);
      const editorWidth = () => lab.locator('.lab-monaco').evaluate((e) => e.getBoundingClientRect().width);
      const before = await editorWidth();
      await lab.getByRole('button', { name: 'Focus mode' }).click();
      await expect.poll(editorWidth).toBeGreaterThan(before + 100);
      const [editorBox, resultsBox] = await Promise.all(
        ['.lab-workspace-editor', '.lab-workspace-results'].map((s) =>
          lab.locator(s).evaluate((e) => e.getBoundingClientRect().toJSON() as DOMRect),
        ),
      );
      expect(resultsBox!.left).toBeGreaterThanOrEqual(editorBox!.right);
      // The page behind is inert until the learner leaves.
      expect(
        await page
          .locator('header')
          .first()
          .evaluate((h) => h.closest('[inert]') !== null),
      ).toBe(true);
      await lab.getByRole('button', { name: 'Leave focus mode' }).click();
      await expect.poll(editorWidth).toBeLessThan(before + 1);
      expect(await page.locator('[inert]').count()).toBe(0);
    });
  });

  it('compares with the solution ignoring comments on request, without rebuilding the diff as you type', async () => {
    await withPage(async ({ page }) => {
      await page.addInitScript(() => localStorage.clear());
      const lab = await openLab(page, site.url(lessonPath), LAB);
      const compare = lab.getByRole('button', { name: 'Compare with solution' });
      for (let run = 0; run < 5 && !(await compare.isVisible()); run += 1) await runChecks(page, LAB);
      await pasteCode(page, LAB, `// my notes\n${solution.replace(/\/\/.*$/gm, '')}`);
      await compare.click();
      const diff = lab.locator('.lab-compare .monaco-diff-editor');
      await diff.waitFor();
      await diff.evaluate((d) => ((d as HTMLElement).dataset['probe'] = 'first'));
      const changes = () => lab.locator('.lab-compare .line-insert, .lab-compare .line-delete').count();
      await expect.poll(changes).toBeGreaterThan(0);
      await lab.locator('.lab-workspace .monaco-editor .view-lines').click();
      await page.keyboard.type('x');
      await page.waitForTimeout(300);
      expect(await diff.getAttribute('data-probe')).toBe('first');
      await lab.getByRole('checkbox', { name: 'Ignore comments and whitespace' }).check();
      await expect.poll(changes).toBe(0);
      await lab.getByRole('button', { name: 'Close comparison' }).click();
    });
  });

  it('lets a closed comparison go with its models, even with a diff in flight, and diffs again when reopened', async () => {
    await withPage(async ({ page }) => {
      // Every text model Monaco syncs to its workers (the editor worker diffs, the TypeScript worker checks)
      // or removes from them, as the page posts it: a model that outlives its comparison is never removed.
      await page.addInitScript(() => {
        const log: string[] = [];
        Object.assign(window, { modelSync: log });
        const post = Worker.prototype.postMessage;
        Worker.prototype.postMessage = function (this: Worker, ...args: unknown[]) {
          const { method, args: params } = (args[0] ?? {}) as { method?: string; args?: unknown[] };
          if (method === '$acceptNewModel') log.push(`added ${(params?.[0] as { url?: string })?.url}`);
          if (method === '$acceptRemovedModel') log.push(`removed ${String(params?.[0])}`);
          Reflect.apply(post, this, args);
        };
      });
      const syncs = () =>
        page.evaluate(() =>
          (window as unknown as { modelSync: string[] }).modelSync.filter((e) => e.includes('/compare-')),
        );
      /** Whether every model added in `entries` was removed again, by every worker it went to. */
      const allRemoved = (entries: string[]) =>
        entries.every((entry) => {
          const url = entry.split(' ')[1]!;
          return (
            entries.filter((e) => e === `added ${url}`).length ===
            entries.filter((e) => e === `removed ${url}`).length
          );
        });

      const lab = await openLab(page, site.url(lessonPath), LAB);
      const compare = lab.getByRole('button', { name: 'Compare with solution' });
      for (let run = 0; run < 5 && !(await compare.isVisible()); run += 1) await runChecks(page, LAB);
      await pasteCode(page, LAB, `// my notes\n${solution.replace(/\/\/.*$/gm, '')}`);
      const changes = () => lab.locator('.lab-compare .line-insert, .lab-compare .line-delete').count();
      const ignore = lab.getByRole('checkbox', { name: 'Ignore comments and whitespace' });
      const close = lab.getByRole('button', { name: 'Close comparison' });

      await compare.click();
      await expect.poll(changes).toBeGreaterThan(0);
      await ignore.check();
      await expect.poll(changes).toBe(0);
      const firstModels = new Set((await syncs()).map((entry) => entry.split(' ')[1]!));
      expect(firstModels.size).toBe(2);
      // Unticking changes both texts and an option, which starts a new diff: closing at once leaves it in flight.
      await ignore.uncheck();
      await close.click();
      await compare.click();
      // The reopened comparison diffs (after the abandoned diff has come back from the worker, which answers
      // in order), and the first comparison's models had left the workers before the second's arrived.
      await expect.poll(changes).toBeGreaterThan(0);
      const log = await syncs();
      const secondArrives = log.findIndex(
        (entry) => entry.startsWith('added') && !firstModels.has(entry.split(' ')[1]!),
      );
      expect(secondArrives).toBeGreaterThan(0);
      expect(allRemoved(log.slice(0, secondArrives))).toBe(true);

      await close.click();
      await expect.poll(async () => allRemoved(await syncs())).toBe(true);
      // Comparing never changed the learner's code.
      expect(await savedCode(page)).toContain('// my notes\n');
    });
  });

  it("undoes a reset with Ctrl+Z, on the lab's buttons and in the editor", async () => {
    await withPage(async ({ page }) => {
      const lab = await openLab(page, site.url(lessonPath), LAB);
      await pasteCode(page, LAB, '// my own attempt\nexport {};\n');
      await lab.getByRole('button', { name: 'Reset to starter' }).click();
      await expect.poll(() => savedCode(page)).toBe(starter);
      await page.keyboard.press('Control+Z');
      await expect.poll(() => savedCode(page)).toBe('// my own attempt\nexport {};\n');
      await lab.getByRole('button', { name: 'Reset to starter' }).click();
      await lab.locator('.monaco-editor .view-lines').click();
      await page.keyboard.press('Control+Z');
      await expect.poll(() => savedCode(page)).toBe('// my own attempt\nexport {};\n');
      await expect.poll(() => lab.getByRole('button', { name: 'Reset to starter' }).isEnabled()).toBe(true);
    });
  });

  it('numbers the lines of the plain editor on a phone', async () => {
    const guarded = await openPage(browser, site, {
      viewport: { width: 390, height: 844 },
      hasTouch: true,
      isMobile: true,
    });
    try {
      const { page } = guarded;
      await page.goto(site.url(lessonPath));
      const lab = page.locator(`section.lab[data-lab-id="${LAB}"]`);
      await lab.locator('astro-island').scrollIntoViewIfNeeded();
      const gutter = lab.locator('.lab-plain-gutter');
      await gutter.waitFor();
      const count = starter.split('\n').length;
      expect(await gutter.textContent()).toBe(Array.from({ length: count }, (_, i) => i + 1).join('\n'));
      const box = await gutter.boundingBox();
      expect(box?.width).toBeGreaterThan(10);
      expect(guarded.consoleErrors).toEqual([]);
    } finally {
      await guarded.close();
    }
  });
});

describe('after a reload', () => {
  it('shows the last passing run, revealed hints, and says "restored" and "Saved" only when true', async () => {
    await withPage(async ({ page }) => {
      let lab = await openLab(page, site.url(lessonPath), LAB);
      expect(await lab.locator('.lab-restored').count()).toBe(0);
      expect(await lab.locator('.lab-save-state').textContent()).toBe('');
      await runChecks(page, LAB);
      await lab.locator('.lab-hints').getByRole('button', { name: 'Show a hint' }).click();
      const hint = await lab.locator('.lab-hint-text').first().innerText();

      // Opening and running the starter saved nothing of the learner's: nothing to call "restored".
      lab = await openLab(page, site.url(lessonPath), LAB);
      expect(await lab.locator('.lab-restored').count()).toBe(0);
      expect(await lab.locator('.lab-hint-text').first().innerText()).toBe(hint);

      await pasteCode(page, LAB, solution);
      await expect.poll(() => lab.locator('.lab-save-state').textContent()).toBe('Saved in this browser');
      const passed = await runChecks(page, LAB);
      const total = /(\d+) of \1 checks passed/.exec(passed.text)?.[1];
      expect(total).toBeDefined();

      lab = await openLab(page, site.url(lessonPath), LAB);
      const summary = lab.locator('.lab-summary-line');
      expect(await summary.textContent()).toMatch(
        new RegExp(`^All ${total} checks passed when you last ran them`),
      );
      expect(await lab.locator('.lab-restored').count()).toBe(1);
      expect(await lab.locator('.lab-save-state').textContent()).toBe('');

      // Checks that changed since the pass (another content hash) ask for a new run.
      await page.evaluate((labId) => {
        for (const [key, value] of Object.entries(localStorage)) {
          const doc = JSON.parse(value) as { labs?: Record<string, { lastRun?: { checksHash: string } }> };
          const lastRun = doc.labs?.[labId]?.lastRun;
          if (!lastRun) continue;
          lastRun.checksHash = 'an-earlier-version';
          localStorage.setItem(key, JSON.stringify(doc));
        }
      }, LAB);
      lab = await openLab(page, site.url(lessonPath), LAB);
      expect(await lab.locator('.lab-summary-line').textContent()).toMatch(
        /^Passed against an earlier version of the checks .*: run again\.$/,
      );
    });
  });

  it("gives a keyboard user who tabs onto the lab's preview the editor, focused", async () => {
    await withPage(async ({ page }) => {
      await page.goto(site.url(lessonPath));
      const lab = page.locator(`section.lab[data-lab-id="${LAB}"]`);
      // Focus the last focusable element before the preview, then Tab onto it as a keyboard user would.
      await lab.locator('pre.lab-starter-preview').evaluate((preview) => {
        const focusable = [
          ...document.querySelectorAll<HTMLElement>('a[href], button, [tabindex="0"], summary'),
        ];
        const before = focusable.filter(
          (el) => el.compareDocumentPosition(preview) & Node.DOCUMENT_POSITION_FOLLOWING && el !== preview,
        );
        before.at(-1)?.focus();
      });
      await page.keyboard.press('Tab');
      await lab.locator('[data-editor-ready]').waitFor();
      await expect.poll(async () => (await activeElement(page)).inMonaco).toBe(true);
    });
  });
});
