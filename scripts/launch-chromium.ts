import { chromium, type Browser } from 'playwright-core';

/** Flags for a quiet headless Chromium that phones nowhere (no updates, sync or field trials). */
const QUIET_CHROMIUM_ARGS = [
  '--headless',
  '--no-sandbox',
  '--disable-gpu',
  '--disable-background-networking',
  '--disable-component-update',
  '--disable-sync',
  '--no-first-run',
  '--disable-dev-shm-usage',
];

/**
 * The one Chromium launch of the browser suites, the grading harness and the bench: the system Chromium at
 * `executablePath` (found by scripts/ensure-chromium.mjs, never downloaded), headless and quiet. `extraArgs`
 * are appended (e.g. `--host-resolver-rules=…` to reach the site under another host name).
 */
export function launchChromium(executablePath: string, extraArgs: readonly string[] = []): Promise<Browser> {
  return chromium.launch({ executablePath, args: [...QUIET_CHROMIUM_ARGS, ...extraArgs] });
}
