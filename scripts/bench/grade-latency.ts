import type { Browser, Page } from 'playwright-core';
import { openLab, pasteCode } from '../../tests/e2e/lab-ui/lab-page.ts';
import type { BenchSite } from './bench-site.ts';
import { spread, type Spread } from './stats.ts';

/** Time between warm runs: a learner reads the verdicts (seconds) before pressing Run again. */
export const RUN_GAP_MS = 1500;

export interface GradeLatency {
  coldMs: number;
  warm: Spread;
  /** The verdict line of the last run, e.g. "7 of 7 checks passed." */
  summary: string;
}

/**
 * Clicks Run inside the page and resolves when the run's verdicts are in the DOM: the summary's
 * `data-run-status` leaves `running`. Timed with the page's own clock, so no driver round trip is counted.
 */
function clickRunAndTime(page: Page, labId: string): Promise<{ ms: number; summary: string }> {
  return page.evaluate(
    (id) =>
      new Promise<{ ms: number; summary: string }>((resolve, reject) => {
        const lab = document.querySelector(`section.lab[data-lab-id="${id}"]`);
        const button = [...(lab?.querySelectorAll('button') ?? [])].find(
          (b) => b.textContent?.trim() === 'Run checks',
        );
        const summary = lab?.querySelector('[role="status"].lab-summary-line');
        if (!button || !summary) return reject(new Error(`lab ${id}: no Run button or summary line`));
        let seenRunning = false;
        let started = 0;
        const observer = new MutationObserver(() => {
          const status = summary.getAttribute('data-run-status');
          if (status === 'running') seenRunning = true;
          else if (seenRunning && status !== 'idle') {
            observer.disconnect();
            resolve({ ms: performance.now() - started, summary: summary.textContent ?? '' });
          }
        });
        observer.observe(summary, { attributes: true, childList: true, subtree: true, characterData: true });
        started = performance.now();
        button.click();
      }),
    labId,
  );
}

/** Cold grade (first click once the page is interactive) then `warmRuns` warm grades of `code`. */
export async function measureGrade(
  browser: Browser,
  site: BenchSite,
  pagePath: string,
  labId: string,
  code: string,
  warmRuns: number,
): Promise<GradeLatency> {
  const context = await browser.newContext({ serviceWorkers: 'block' });
  const page = await context.newPage();
  await openLab(page, site.url(pagePath), labId);
  await pasteCode(page, labId, code);
  const cold = await clickRunAndTime(page, labId);
  const warm: number[] = [];
  let summary = cold.summary;
  for (let i = 0; i < warmRuns; i++) {
    // A learner reads the results between runs; the next worker warms behind each run meanwhile.
    await page.waitForTimeout(RUN_GAP_MS);
    const run = await clickRunAndTime(page, labId);
    warm.push(run.ms);
    summary = run.summary;
  }
  await context.close();
  return { coldMs: cold.ms, warm: spread(warm), summary };
}
