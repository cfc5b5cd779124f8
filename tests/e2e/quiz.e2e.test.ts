import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { launchChromium, openPage, startSite, type SiteServer } from './support';

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

describe('a lesson knowledge check', () => {
  it('grades the answers, gives a wrong answer another try before explaining the right one, and remembers them per course and base path until reset', async () => {
    const guarded = await openPage(browser, site);
    const { page } = guarded;
    try {
      await page.goto(site.url('00-foundations/01-what-is-a-jwt/'));
      // The quiz's grading code loads as the quiz nears the viewport, not with the page.
      expect(await page.locator('quiz-check[data-ready]').count()).toBe(0);
      await page.locator('quiz-check').scrollIntoViewIfNeeded();
      const quiz = page.locator('quiz-check[data-ready]');
      await quiz.waitFor();
      const questions = quiz.locator('fieldset.quiz-question');
      const count = await questions.count();
      expect(count).toBeGreaterThanOrEqual(2);

      // Answer every question with exactly its right choices, except the first, answered with a wrong one.
      for (let q = 0; q < count; q++) {
        const choices = questions.nth(q).locator('.quiz-choice');
        const flags = await choices.evaluateAll((nodes) =>
          nodes.map((n) => n.getAttribute('data-correct') === 'true'),
        );
        for (let c = 0; c < flags.length; c++) {
          if (q === 0 ? !flags[c] && !(await questions.nth(0).locator('input:checked').count()) : flags[c]) {
            await choices.nth(c).locator('input').check();
          }
        }
      }
      const submit = quiz.locator('button[type="submit"]');
      await submit.click();
      await expect(quiz.locator('.quiz-score').textContent()).resolves.toBe(
        `${count - 1} of ${count} correct. Read the explanation under each answer you picked, then try the ones marked wrong again.`,
      );
      await expect(questions.nth(0).getAttribute('data-outcome')).resolves.toBe('incorrect');
      // A first wrong answer: only the picked answer is explained, and another try is offered.
      const first = questions.nth(0);
      expect(await first.locator('.quiz-choice[data-correct="true"] .quiz-why:not([hidden])').count()).toBe(
        0,
      );
      expect(await first.locator('.quiz-why:not([hidden])').count()).toBe(1);
      expect(await first.locator('.quiz-result').textContent()).toBe(
        'Not quite: change your answer and check again.',
      );
      // Wrong a second time: now the right answer is explained too.
      await submit.click();
      await expect(quiz.locator('.quiz-score').textContent()).resolves.toBe(
        `${count - 1} of ${count} correct. Read the explanation under each answer you picked.`,
      );
      expect(
        await first.locator('.quiz-choice[data-correct="true"] .quiz-why:not([hidden])').count(),
      ).toBeGreaterThanOrEqual(1);
      expect(await first.locator('.quiz-result').textContent()).toBe('Not quite: see the explanations.');

      const keys = await page.evaluate(() => Object.keys(localStorage));
      expect(keys.some((key) => key.includes('jwt-deep-dive') && key.includes(site.basePath))).toBe(true);

      await page.reload();
      await page.locator('quiz-check').scrollIntoViewIfNeeded();
      await page.locator('quiz-check[data-ready] .quiz-score').filter({ hasText: 'correct' }).waitFor();
      await expect(page.locator('fieldset.quiz-question').nth(0).getAttribute('data-outcome')).resolves.toBe(
        'incorrect',
      );

      // Start again, then a right second try: no answer was revealed before it.
      await page.locator('quiz-check button[type="reset"]').click();
      const again = page.locator('fieldset.quiz-question').nth(0);
      const wrongChoice = again.locator('.quiz-choice[data-correct="false"] input').first();
      await wrongChoice.check();
      await page.locator('quiz-check button[type="submit"]').click();
      expect(await again.locator('.quiz-choice[data-correct="true"] .quiz-why:not([hidden])').count()).toBe(
        0,
      );
      await wrongChoice.uncheck().catch(() => undefined);
      for (const right of await again.locator('.quiz-choice[data-correct="true"] input').all())
        await right.check();
      await page.locator('quiz-check button[type="submit"]').click();
      await expect(again.getAttribute('data-outcome')).resolves.toBe('correct');
      expect(await again.locator('.quiz-result').textContent()).toBe('Correct.');

      await page.locator('quiz-check button[type="reset"]').click();
      await page.reload();
      await page.locator('quiz-check').scrollIntoViewIfNeeded();
      await page.locator('quiz-check[data-ready]').waitFor();
      await expect(page.locator('quiz-check .quiz-score').textContent()).resolves.toBe('');
      expect(await page.locator('quiz-check input:checked').count()).toBe(0);
      expect(guarded.consoleErrors).toEqual([]);
      expect(guarded.externalRequests).toEqual([]);
    } finally {
      await guarded.close();
    }
  });
});
