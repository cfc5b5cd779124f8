import type { Page } from 'playwright-core';

/** The parts of the stored progress document the suites read. */
export interface StoredProgress {
  lessons?: { visited?: Record<string, string>; completed?: Record<string, string> };
  [field: string]: unknown;
}

/** The progress document as the page's origin stores it (the key is the course id and base path). */
export async function storedProgress(page: Page, basePath: string): Promise<StoredProgress | null> {
  return page.evaluate((key) => {
    const raw = localStorage.getItem(key);
    return raw === null ? null : JSON.parse(raw);
  }, `jwt-deep-dive:progress:jwt-deep-dive:${basePath}`);
}

/** Clicks a button that downloads a file and returns the file's text. */
export async function downloadText(
  page: Page,
  click: () => Promise<void>,
): Promise<{ name: string; text: string }> {
  const [download] = await Promise.all([page.waitForEvent('download'), click()]);
  const stream = await download.createReadStream();
  const chunks: Buffer[] = [];
  for await (const chunk of stream) chunks.push(chunk as Buffer);
  return { name: download.suggestedFilename(), text: Buffer.concat(chunks).toString('utf8') };
}

/** Chooses a file with the given text in a file input, as a learner picking it from disk. */
export async function chooseFile(page: Page, selector: string, name: string, text: string): Promise<void> {
  await page.setInputFiles(selector, { name, mimeType: 'application/json', buffer: Buffer.from(text) });
}
