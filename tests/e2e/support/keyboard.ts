import type { Page } from 'playwright-core';

/** What has keyboard focus: inside Monaco or a lab, its tag, text and link target. */
export interface Focused {
  inEditor: boolean;
  inLab: boolean;
  tag: string;
  text: string;
  href: string;
}

function focused(page: Page): Promise<Focused> {
  return page.evaluate(() => {
    const el = document.activeElement as HTMLElement | null;
    return {
      inEditor: Boolean(el?.closest('.monaco-editor')),
      inLab: Boolean(el?.closest('section.lab')),
      tag: el?.tagName ?? '',
      text: (el?.textContent ?? '').trim().slice(0, 60),
      href: el?.getAttribute('href') ?? '',
    };
  });
}

/**
 * Presses Tab until `done` holds for the focused element, as a keyboard-only learner moves through a page;
 * fails after `max` presses (a keyboard trap, or a control Tab never reaches).
 */
export async function tabUntil(page: Page, done: (f: Focused) => boolean, max = 400): Promise<Focused> {
  for (let i = 0; i < max; i++) {
    await page.keyboard.press('Tab');
    const f = await focused(page);
    if (done(f)) return f;
  }
  throw new Error(
    `Tab never reached the target in ${max} presses (last: ${JSON.stringify(await focused(page))})`,
  );
}
