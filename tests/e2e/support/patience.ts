/**
 * How long the browser suites wait for what must happen. A newcomer's machine is rarely quiet (a second test
 * run, a build, an editor), and a shared 2-core machine runs everything 2–3 times slower than alone. A wait
 * ends as soon as its condition holds, so waiting generously costs a passing run nothing: only a broken
 * behaviour pays for it, in a later failure. No suite measures speed; that is `npm run bench`'s and
 * size-limit's job.
 *
 * - PATIENCE_MS: one state of the page to appear (a verdict, an editor, a saved mark); the default of every
 *   Playwright action and wait (./browser.ts, and any context a suite opens itself) and of `expect.poll`
 *   (vitest.e2e.config.ts), so a wait names no timeout of its own.
 * - A test and a hook get TEST_PATIENCE_MS and HOOK_PATIENCE_MS (vitest.e2e.config.ts): a test is many waits,
 *   a hook may build a site or grade every lab in Node.
 */
export const PATIENCE_MS = 60_000;
export const TEST_PATIENCE_MS = 600_000;
export const HOOK_PATIENCE_MS = 1_200_000;
