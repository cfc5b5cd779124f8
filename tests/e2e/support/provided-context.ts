/**
 * What the global setup hands every e2e test file (through vitest's provide/inject). Exported so this file is a
 * module and its `declare module 'vitest'` augments vitest instead of replacing it.
 * @public
 */
export interface E2eSiteBuild {
  /** Absolute path of the built site (default `dist-e2e`, or `E2E_OUT_DIR`). */
  distDir: string;
  /** The base path the site was built under, always `/courses/jwt/`. */
  basePath: string;
  /** The Chromium found by scripts/ensure-chromium.mjs. */
  chromiumPath: string;
  /** How long the build took (0 when an existing build was reused). */
  buildMs: number;
}

declare module 'vitest' {
  export interface ProvidedContext {
    e2eSite: E2eSiteBuild;
  }
}
