import { chromium, type Browser } from 'playwright-core';
// The same finder `npm run test:e2e` uses, so the benchmark drives the same browser and never downloads one.
import { findChromium, installHint } from '../ensure-chromium.mjs';

/** Launches headless Chromium the way the e2e suites do (quiet: no updates, sync or field trials). */
export function launchBenchBrowser(): Promise<Browser> {
  const executablePath = process.env['CHROMIUM_PATH'] ?? findChromium();
  if (!executablePath) throw new Error(`No Chromium found for npm run bench.\n  ${installHint()}`);
  return chromium.launch({
    executablePath,
    args: [
      '--headless',
      '--no-sandbox',
      '--disable-gpu',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
      '--no-first-run',
      '--disable-dev-shm-usage',
    ],
  });
}
