import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import type { Page } from 'playwright-core';

/** The built page (path below the base) that embeds lab `labId`, found in the e2e build. */
export function findLabPage(distDir: string, labId: string): string {
  const marker = `aria-labelledby="lab-${labId}"`;
  const walk = (dir: string): string | undefined => {
    for (const name of readdirSync(dir)) {
      const path = join(dir, name);
      if (statSync(path).isDirectory()) {
        const found = walk(path);
        if (found) return found;
      } else if (name === 'index.html' && readFileSync(path, 'utf8').includes(marker)) {
        return relative(distDir, dir).split('\\').join('/') + '/';
      }
    }
    return undefined;
  };
  const page = walk(distDir);
  if (!page)
    throw new Error(
      `no page in ${distDir} embeds <Lab id="${labId}" /> (see ARCHITECTURE.md, "Course plan")`,
    );
  return page;
}

/** Opens the lab's island and waits for Monaco (not the textarea fallback) to hold the code. */
export async function openLab(page: Page, url: string, labId: string) {
  await page.goto(url);
  const lab = page.locator(`section.lab[data-lab-id="${labId}"]`);
  // The island hydrates when it is visible: scroll to it, not to the section's top (a long statement can
  // keep the island below the fold).
  await lab.locator('astro-island').first().scrollIntoViewIfNeeded();
  await lab.locator('[data-editor-ready]').waitFor();
  return lab;
}

/** Replaces the editor's content the way a paste does (typing would let Monaco auto-indent each line). */
export async function pasteCode(page: Page, labId: string, code: string): Promise<void> {
  await page.locator(`section.lab[data-lab-id="${labId}"] .monaco-editor .view-lines`).click();
  await page.keyboard.press('ControlOrMeta+A');
  await page.evaluate((text) => {
    const data = new DataTransfer();
    data.setData('text/plain', text);
    document.activeElement?.dispatchEvent(
      new ClipboardEvent('paste', { clipboardData: data, bubbles: true, cancelable: true }),
    );
  }, code);
}

/** Runs the checks with the keyboard shortcut and returns the finished summary line. */
export async function runChecks(page: Page, labId: string, how: 'button' | 'shortcut' = 'button') {
  const lab = page.locator(`section.lab[data-lab-id="${labId}"]`);
  if (how === 'shortcut') await page.keyboard.press('ControlOrMeta+Enter');
  else await lab.getByRole('button', { name: 'Run checks' }).click();
  const summary = lab.locator('[role="status"].lab-summary-line');
  // "previous" is the last run's score shown after a reload, before this run starts. On a busy machine a
  // first run (worker, rehearsal, every check) can take more than half a minute.
  await summary
    .and(
      page.locator(
        ':not([data-run-status="running"]):not([data-run-status="idle"]):not([data-run-status="previous"])',
      ),
    )
    .waitFor();
  return { status: await summary.getAttribute('data-run-status'), text: (await summary.textContent()) ?? '' };
}
