import { existsSync, readFileSync } from 'node:fs';
// The same finder `npm run test:e2e` runs first (plain .mjs, shared so both agree on the browser).
import { CHROMIUM_PATH_FILE, findChromium, installHint } from '../../../scripts/ensure-chromium.mjs';

/** `CHROMIUM_PATH`, else what ensure-chromium wrote, else a fresh search; never downloads anything. */
export function resolveChromiumPath(): string {
  const override = process.env['CHROMIUM_PATH'];
  if (override) return override;
  const written = existsSync(CHROMIUM_PATH_FILE) ? readFileSync(CHROMIUM_PATH_FILE, 'utf8').trim() : '';
  if (written && existsSync(written)) return written;
  const found = findChromium();
  if (!found)
    throw new Error(
      `No Chromium for the browser tests. Run: node scripts/ensure-chromium.mjs, or\n  ${installHint()}`,
    );
  return found;
}
