/**
 * Lessons with neither a lab nor a quiz, which the shipped course does not have: this suite builds a fixture
 * course once (a temporary copy of the project with the reading-only module of
 * tests/fixtures/sites/reading-module added) and serves it. "Mark as done", pressed from the keyboard,
 * completes such a lesson in the sidebar, on the progress page and after a reload, and pressing it again takes
 * that back; the certificate counts the module, which has no labs, exactly when both its lessons are done.
 */
import { cpSync } from 'node:fs';
import { join, resolve } from 'node:path';
import type { Browser, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { createTempProject, type TempProject } from '../../scripts/bench/temp-project';
import type { CertificateCourse } from '../../src/certificate/certificate-course';
import {
  buildSite,
  launchChromium,
  openPage,
  startSite,
  tabUntil,
  type GuardedPage,
  type SiteServer,
} from './support';

const FIXTURE = resolve(import.meta.dirname, '../fixtures/sites/reading-module/content');
const MODULE = { id: '90-reading-room', title: 'Reading room' };
const FIRST = `${MODULE.id}/01-further-reading`;
const SECOND = `${MODULE.id}/02-glossary-review`;

let project: TempProject | undefined;
let site: SiteServer;
let browser: Browser;

beforeAll(async () => {
  project = createTempProject('reading-module');
  cpSync(FIXTURE, join(project.root, 'content'), { recursive: true });
  await buildSite('dist', project.root);
  site = await startSite(join(project.root, 'dist'));
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
  project?.remove();
});

async function withPage(body: (guarded: GuardedPage) => Promise<void>): Promise<void> {
  const guarded = await openPage(browser, site);
  try {
    await body(guarded);
    expect(guarded.consoleErrors).toEqual([]);
    expect(guarded.externalRequests).toEqual([]);
  } finally {
    await guarded.close();
  }
}

const sidebarMark = (page: Page, id: string) =>
  page.locator(`#course-outline a[data-lesson-id="${id}"]`).getAttribute('data-progress');
const moduleMark = (page: Page) =>
  page.locator(`#course-outline [data-module-id="${MODULE.id}"]`).getAttribute('data-progress');
const markDone = (page: Page) => page.getByRole('button', { name: 'Mark as done' });
const isFocused = (page: Page) => markDone(page).evaluate((button) => button === document.activeElement);

/** Opens a lesson and presses its "Mark as done" with the key given, reaching it with Tab only. */
async function toggleDone(page: Page, id: string, key: 'Enter' | 'Space'): Promise<void> {
  await page.goto(site.url(`${id}/`));
  const before = await markDone(page).getAttribute('aria-pressed');
  await tabUntil(page, (f) => f.tag === 'BUTTON' && f.text === 'Mark as done');
  await page.keyboard.press(key);
  await expect.poll(() => markDone(page).getAttribute('aria-pressed')).toBe(String(before !== 'true'));
  // The press changes the button, never replaces it: the focus stays where the learner left it.
  expect(await isFocused(page)).toBe(true);
}

let claims = 0;

/** Claims a new certificate and returns the titles of the modules it says were completed. */
async function claimModules(page: Page): Promise<string[]> {
  // A new name each time: the page shows the last certificate until the new one replaces it.
  const name = `Ada Lovelace ${++claims}`;
  await page.goto(site.url('certificate/'));
  await page.fill('#certificate-name', name);
  await page.getByRole('button', { name: 'Create my certificate' }).click();
  await expect.poll(() => page.locator('.certificate-name').textContent()).toBe(name);
  return page.locator('.certificate-modules li').allTextContents();
}

describe('a lesson with neither a lab nor a quiz', () => {
  it('is completed by "Mark as done" from the keyboard: sidebar, progress page, reload, and undone by pressing again', async () => {
    await withPage(async ({ page }) => {
      await page.goto(site.url(`${FIRST}/`));
      expect(await markDone(page).getAttribute('aria-pressed')).toBe('false');
      expect(await sidebarMark(page, FIRST)).toBe('visited');

      await toggleDone(page, FIRST, 'Enter');
      expect(await sidebarMark(page, FIRST)).toBe('completed');
      // One of the module's two lessons is done: the module is not.
      expect(await moduleMark(page)).toBe('');

      await page.reload();
      await expect.poll(() => markDone(page).getAttribute('aria-pressed')).toBe('true');
      expect(await sidebarMark(page, FIRST)).toBe('completed');

      await page.goto(site.url('progress/'));
      const rows = page.locator('table.progress-lessons tbody tr');
      await expect.poll(() => rows.count()).toBeGreaterThan(2);
      const lessons = await rows.count();
      expect(await page.locator(`[data-lesson-row="${FIRST}"] td`).textContent()).toBe('Completed');
      expect(await page.locator(`[data-lesson-row="${SECOND}"] td`).textContent()).toBe(
        'Not opened: not marked as done',
      );
      expect(await page.locator('[data-summary="lessons"]').textContent()).toBe(
        `1 of ${lessons} lessons completed, 1 opened`,
      );

      await toggleDone(page, FIRST, 'Space');
      expect(await sidebarMark(page, FIRST)).toBe('visited');
      await page.reload();
      await expect.poll(() => sidebarMark(page, FIRST)).toBe('visited');
      expect(await markDone(page).getAttribute('aria-pressed')).toBe('false');
    });
  });
});

describe('the certificate', () => {
  it('counts a module without labs as completed exactly when every lesson in it is', async () => {
    await withPage(async ({ page }) => {
      // Every required lab passes, stored as a pass leaves it: this is about the modules, not the labs.
      await page.goto(site.url('certificate/'));
      const course = JSON.parse(
        (await page.locator('#certificate-course').textContent()) ?? '',
      ) as CertificateCourse;
      expect(course.modules.find((module) => module.id === MODULE.id)?.lessons).toMatchObject([
        { id: FIRST, labIds: [], quizIds: [] },
        { id: SECOND, labIds: [], quizIds: [] },
      ]);
      await page.evaluate(
        ({ key, labs }) => {
          const doc = { version: 2, labs: {} as Record<string, unknown>, lessons: {}, quizzes: {} };
          for (const lab of labs)
            doc.labs[lab.labId] = {
              attempts: 1,
              passing: {
                code: `// ${lab.labId}\n`,
                starterHash: lab.starterHash,
                checksHash: lab.checksHash,
                passedAt: '2026-01-01T00:00:00.000Z',
              },
            };
          localStorage.setItem(key, JSON.stringify(doc));
        },
        { key: `jwt-deep-dive:progress:jwt-deep-dive:${site.basePath}`, labs: course.requiredLabs },
      );

      // Nothing else is completed: every other lesson of the course has a quiz left to answer.
      expect(await claimModules(page)).toEqual([]);
      await toggleDone(page, FIRST, 'Enter');
      expect(await claimModules(page)).toEqual([]);
      await toggleDone(page, SECOND, 'Enter');
      await expect.poll(() => moduleMark(page)).toBe('completed');
      expect(await claimModules(page)).toEqual([MODULE.title]);
      expect(await page.locator('.certificate-modules p').textContent()).toBe('Modules completed (1):');
      // Taking one lesson back takes the module off the next certificate.
      await toggleDone(page, FIRST, 'Enter');
      expect(await claimModules(page)).toEqual([]);
    });
  });
});
