import type { Browser, Page } from 'playwright-core';
import { openLab, pasteCode } from '../../tests/e2e/lab-ui/lab-page';
import type { BenchSite } from './bench-site';
import { spread, type Spread } from './stats';

/** Time between warm runs: a learner reads the verdicts (seconds) before pressing Run again. */
const RUN_GAP_MS = 1500;

export interface GradeLatency {
  /** Median of the cold runs (kept under this name: bench.json readers use it). */
  coldMs: number;
  cold: Spread;
  warm: Spread;
  /** The verdict line of the last run, e.g. "7 of 7 checks passed." */
  summary: string;
}

/**
 * Clicks Run inside the page and resolves when every verdict is painted: the summary's `data-run-status`
 * leaves `running` (all verdicts are in the DOM), then the next frame is drawn (a task posted from a
 * requestAnimationFrame callback runs after that frame's paint). This is what the learner sees: click to
 * verdicts on screen. Timed with the page's own clock, so no driver round trip is counted.
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
          else if (seenRunning && status !== 'idle' && status !== 'previous') {
            observer.disconnect();
            requestAnimationFrame(() =>
              setTimeout(() =>
                resolve({ ms: performance.now() - started, summary: summary.textContent ?? '' }),
              ),
            );
          }
        });
        observer.observe(summary, { attributes: true, childList: true, subtree: true, characterData: true });
        started = performance.now();
        button.click();
      }),
    labId,
  );
}

/**
 * `coldRuns` cold grades (the first click in a fresh page, once the editor is ready), then `warmRuns` warm
 * grades of `code` in the last of those pages.
 */
export async function measureGrade(
  browser: Browser,
  site: BenchSite,
  pagePath: string,
  labId: string,
  code: string,
  warmRuns: number,
  coldRuns = 1,
): Promise<GradeLatency> {
  const cold: number[] = [];
  const warm: number[] = [];
  let summary = '';
  for (let c = 0; c < Math.max(1, coldRuns); c++) {
    const context = await browser.newContext({ serviceWorkers: 'block' });
    try {
      const page = await context.newPage();
      await openLab(page, site.url(pagePath), labId);
      await pasteCode(page, labId, code);
      const first = await clickRunAndTime(page, labId);
      cold.push(first.ms);
      summary = first.summary;
      if (c < coldRuns - 1) continue;
      for (let i = 0; i < warmRuns; i++) {
        // A learner reads the results between runs; the next worker warms behind each run meanwhile.
        await page.waitForTimeout(RUN_GAP_MS);
        const run = await clickRunAndTime(page, labId);
        warm.push(run.ms);
        summary = run.summary;
      }
    } finally {
      await context.close();
    }
  }
  const coldSpread = spread(cold);
  return { coldMs: coldSpread.median, cold: coldSpread, warm: spread(warm), summary };
}
