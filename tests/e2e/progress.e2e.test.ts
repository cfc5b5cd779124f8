/**
 * Learner progress in Chromium: marks and "continue" survive a reload and a second visit; export then
 * import in a fresh browser context restores it; bad files change nothing; clear asks first; a full or
 * corrupted storage warns and keeps the page working.
 */
import type { Browser, BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import {
  launchChromium,
  openPage,
  readShippedOutline,
  startSite,
  type GuardedPage,
  type SiteServer,
} from './support';
import { chooseFile, downloadText, storedProgress, type StoredProgress } from './progress/progress-page';
import { ProgressDocumentSchema } from '../../src/progress/progress-schema';

let site: SiteServer;
let browser: Browser;
const outline = readShippedOutline();
const lessons = outline.flatMap((module) => module.lessons);
const [first, second] = lessons.filter((lesson) => lesson.labIds.length === 0);

beforeAll(async () => {
  site = await startSite();
  browser = await launchChromium();
});

afterAll(async () => {
  await browser?.close();
  await site?.close();
});

async function withPage(body: (guarded: GuardedPage) => Promise<void>): Promise<void> {
  const guarded = await openPage(browser, site, { acceptDownloads: true });
  try {
    await body(guarded);
    expect(guarded.consoleErrors).toEqual([]);
    expect(guarded.externalRequests).toEqual([]);
  } finally {
    await guarded.close();
  }
}

/** Answers the lesson's quiz (any answer counts), which completes a lesson without labs. */
async function answerQuiz(page: Page, id: string): Promise<void> {
  await page.goto(site.url(`${id}/`));
  const quiz = page.locator('quiz-check');
  await quiz.scrollIntoViewIfNeeded();
  await page.locator('quiz-check[data-ready]').waitFor();
  for (const question of await quiz.locator('fieldset.quiz-question').all()) {
    await question.locator('input').first().check();
  }
  await quiz.locator('button[type="submit"]').click();
  await expect
    .poll(
      async () => ((await storedProgress(page, site.basePath))?.['quizzes'] as Record<string, unknown>)?.[id],
    )
    .toBeTruthy();
}

const sidebarMark = (page: Page, id: string) =>
  page.locator(`#course-outline a[data-lesson-id="${id}"]`).getAttribute('data-progress');

describe('progress', () => {
  it('marks lessons and modules, offers to continue, and survives a reload and a second visit', async () => {
    await withPage(async ({ page }) => {
      await answerQuiz(page, first!.id);
      await page.goto(site.url(`${second!.id}/`));
      expect(await sidebarMark(page, first!.id)).toBe('completed');
      expect(await sidebarMark(page, second!.id)).toBe('visited');
      // What the every-page script writes without zod is a valid document for the zod store.
      expect(
        ProgressDocumentSchema.safeParse(await storedProgress(page, site.basePath)).error,
      ).toBeUndefined();

      await page.goto(site.url(''));
      const start = page.locator('.hero a.start');
      await expect.poll(() => start.textContent()).toContain(`Continue with “${second!.title}”`);
      expect(await start.getAttribute('href')).toBe(`${site.basePath}${second!.id}/`);
      expect(
        await page.locator(`.module-card a[data-lesson-id="${first!.id}"]`).getAttribute('data-progress'),
      ).toBe('completed');

      await page.reload();
      await expect.poll(() => start.textContent()).toContain(`Continue with “${second!.title}”`);

      const again = await page.context().newPage();
      await again.goto(site.url(`${first!.id}/`));
      expect(await sidebarMark(again, first!.id)).toBe('completed');
      expect(await sidebarMark(again, second!.id)).toBe('visited');
    });
  });

  it('keeps tabs consistent: a lesson completed in one tab is marked in another without a reload', async () => {
    await withPage(async ({ page }) => {
      await page.goto(site.url(''));
      const other = await page.context().newPage();
      await answerQuiz(other, first!.id);
      await expect
        .poll(() =>
          page.locator(`.module-card a[data-lesson-id="${first!.id}"]`).getAttribute('data-progress'),
        )
        .toBe('completed');
    });
  });

  it("shows another tab's write that arrives after its announcement, as a busy machine can deliver them", async () => {
    const key = `jwt-deep-dive:progress:jwt-deep-dive:${site.basePath}`;
    await withPage(async ({ page }) => {
      const other = await page.context().newPage();
      await answerQuiz(other, first!.id);
      // Kept aside, and the stored document set back to before the quiz, with no announcement.
      const answered = await other.evaluate(
        ({ key }) => {
          const text = localStorage.getItem(key)!;
          const doc = JSON.parse(text);
          doc.quizzes = {};
          localStorage.setItem(key, JSON.stringify(doc));
          return text;
        },
        { key },
      );
      await page.goto(site.url(''));
      const mark = page.locator(`.module-card a[data-lesson-id="${first!.id}"]`);
      expect(await mark.getAttribute('data-progress')).toBe('visited');
      // The write alone, unannounced: what this tab sees when the channel message came before the write did.
      await other.evaluate(({ key, text }) => localStorage.setItem(key, text), { key, text: answered });
      await expect.poll(() => mark.getAttribute('data-progress')).toBe('completed');
    });
  });

  it('completes a module once every lesson in it is completed', async () => {
    const module = outline.find((candidate) =>
      candidate.lessons.every((lesson) => lesson.labIds.length === 0),
    )!;
    await withPage(async ({ page }) => {
      for (const lesson of module.lessons) await answerQuiz(page, lesson.id);
      await page.reload();
      await expect
        .poll(() =>
          page.locator(`#course-outline [data-module-id="${module.id}"]`).getAttribute('data-progress'),
        )
        .toBe('completed');
    });
  });

  it('completes a lesson from what the learner did: reaching its end completes nothing', async () => {
    await withPage(async ({ page }) => {
      await page.goto(site.url(`${first!.id}/`));
      await page.locator('.prev-next').scrollIntoViewIfNeeded();
      await page.goto(site.url(`${second!.id}/`));
      expect(await sidebarMark(page, first!.id)).toBe('visited');
      // Every lesson has a quiz or a lab, so none offers "Mark as done".
      expect(await page.locator('[data-mark-done]').count()).toBe(0);
    });
  });

  it('completes a lesson with a lab once its lab passed and its quiz is answered, without a reload', async () => {
    const withLab = lessons.find((lesson) => lesson.labIds.length === 1)!;
    await withPage(async ({ page }) => {
      await answerQuiz(page, withLab.id);
      expect(await sidebarMark(page, withLab.id)).toBe('visited');
      // The lab passes in another tab of this browser (its stored passing run is what a pass leaves).
      const other = await page.context().newPage();
      await other.goto(site.url(''));
      await other.evaluate(
        ({ key, labId }) => {
          const doc = JSON.parse(localStorage.getItem(key)!);
          doc.labs[labId] = {
            attempts: 1,
            passing: { code: 'x', starterHash: 'x', checksHash: 'x', passedAt: '2026-01-01T00:00:00.000Z' },
          };
          localStorage.setItem(key, JSON.stringify(doc));
          // As every writer of the document does (progress-storage.ts): tell the open pages.
          new BroadcastChannel(key).postMessage(0);
        },
        { key: `jwt-deep-dive:progress:jwt-deep-dive:${site.basePath}`, labId: withLab.labIds[0]! },
      );
      await expect.poll(() => sidebarMark(page, withLab.id)).toBe('completed');
    });
  });

  it('lists every lesson on the progress page with what is left, and counts them as completed', async () => {
    await withPage(async ({ page }) => {
      await answerQuiz(page, first!.id);
      await page.goto(site.url(`${second!.id}/`));
      await page.goto(site.url('progress/'));
      const rows = page.locator('table.progress-lessons tbody tr');
      await expect.poll(() => rows.count()).toBe(lessons.length);
      expect(await page.locator(`[data-lesson-row="${first!.id}"] td`).textContent()).toBe('Completed');
      expect(await page.locator(`[data-lesson-row="${second!.id}"] td`).textContent()).toBe(
        'Opened: the quiz to answer',
      );
      const withLab = lessons.find((lesson) => lesson.labIds.length === 1)!;
      expect(await page.locator(`[data-lesson-row="${withLab.id}"] td`).textContent()).toBe(
        'Not opened: 1 lab to pass, the quiz to answer',
      );
      expect(await page.locator('[data-summary="lessons"]').textContent()).toBe(
        `1 of ${lessons.length} lessons completed, 2 opened`,
      );
    });
  });

  it('exports progress and imports it in a fresh browser context; a foreign file changes nothing', async () => {
    let exported = { name: '', text: '' };
    let before: StoredProgress | null = null;
    await withPage(async ({ page }) => {
      await answerQuiz(page, first!.id);
      await page.goto(site.url('progress/'));
      exported = await downloadText(page, () =>
        page.getByRole('button', { name: 'Export my progress' }).click(),
      );
      before = await storedProgress(page, site.basePath);
    });
    expect(exported.name).toMatch(/^jwt-deep-dive-progress-\d{4}-\d{2}-\d{2}\.json$/);

    await withPage(async ({ page }) => {
      await page.goto(site.url('progress/'));
      await chooseFile(page, '#progress-import', 'package.json', '{"name":"not progress"}');
      await expect.poll(() => page.locator('.progress-message').textContent()).toContain('was not imported');
      expect(await storedProgress(page, site.basePath)).toBeNull();

      await chooseFile(page, '#progress-import', exported.name, exported.text);
      await expect.poll(() => page.locator('.progress-message').textContent()).toContain('Progress imported');
      expect(await storedProgress(page, site.basePath)).toEqual(before);
      await page.goto(site.url(`${second!.id}/`));
      expect(await sidebarMark(page, first!.id)).toBe('completed');
    });
  });

  it('clears progress only after the learner confirms', async () => {
    await withPage(async ({ page }) => {
      await answerQuiz(page, first!.id);
      await page.goto(site.url('progress/'));
      page.once('dialog', (dialog) => void dialog.dismiss());
      await page.getByRole('button', { name: 'Clear my progress…' }).click();
      expect(await storedProgress(page, site.basePath)).not.toBeNull();
      page.once('dialog', (dialog) => void dialog.accept());
      await page.getByRole('button', { name: 'Clear my progress…' }).click();
      await expect.poll(() => page.locator('.progress-message').textContent()).toContain('cleared');
      expect(await storedProgress(page, site.basePath)).toBeNull();
    });
  });

  it('warns when storage is full, keeps the page working and what was saved, and still exports', async () => {
    await withPage(async ({ page }) => {
      await answerQuiz(page, first!.id);
      await fillStorage(page.context());
      await page.goto(site.url(`${second!.id}/`));
      await expect.poll(() => page.locator('.progress-warning').textContent()).toContain('(storage is full)');
      expect(await sidebarMark(page, first!.id)).toBe('completed');
      // The page still works: the outline links navigate.
      await page.locator(`#course-outline a[data-lesson-id="${first!.id}"]`).click();
      await page.waitForURL(`**/${first!.id}/`);
      await page.goto(site.url('progress/'));
      const file = await downloadText(page, () =>
        page.getByRole('button', { name: 'Export my progress' }).click(),
      );
      expect(JSON.parse(file.text).progress.quizzes[first!.id]).toBeTruthy();
    });
  });

  it('leaves corrupted progress untouched, says so, and offers to download it as it is', async () => {
    await withPage(async ({ page }) => {
      await page.goto(site.url(''));
      const key = `jwt-deep-dive:progress:jwt-deep-dive:${site.basePath}`;
      await page.evaluate((k) => localStorage.setItem(k, '{"version":2,"labs":'), key);
      await page.goto(site.url(`${first!.id}/`));
      await expect
        .poll(() => page.locator('.progress-warning').textContent())
        .toContain('(saved progress is unreadable)');
      expect(await page.evaluate((k) => localStorage.getItem(k), key)).toBe('{"version":2,"labs":');
      await page.goto(site.url('progress/'));
      expect(await page.locator('.progress-problem').getAttribute('data-error-code')).toBe(
        'ERR_STORAGE_CORRUPT',
      );
      const raw = await downloadText(page, () =>
        page.getByRole('button', { name: 'Download the stored data as it is' }).click(),
      );
      expect(raw.text).toBe('{"version":2,"labs":');
    });
  });
});

/** From now on every localStorage write in this context fails the way a full quota does. */
async function fillStorage(context: BrowserContext): Promise<void> {
  await context.addInitScript(() => {
    Storage.prototype.setItem = function setItem() {
      throw new DOMException('The quota has been exceeded.', 'QuotaExceededError');
    };
  });
}
