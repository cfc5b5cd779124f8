/**
 * The site's Content-Security-Policy. Everything is same-origin: no CDN, font or analytics host.
 * - `'unsafe-eval'`: the lab runner evaluates the learner's transpiled code in its worker.
 * - `'wasm-unsafe-eval'`: pagefind's search runs as WebAssembly.
 * - `'unsafe-inline'` for styles: Shiki colours tokens with style attributes and Monaco injects styles.
 * - `sha256-…`: the inline scripts Astro emits (island loaders), hashed from the built pages.
 */
export function buildContentSecurityPolicy(scriptHashes: readonly string[]): string {
  const scripts = [
    "'self'",
    "'unsafe-eval'",
    "'wasm-unsafe-eval'",
    ...scriptHashes.map((hash) => `'${hash}'`),
  ];
  return [
    "default-src 'self'",
    `script-src ${scripts.join(' ')}`,
    "style-src 'self' 'unsafe-inline'",
    "img-src 'self' data: blob:",
    "font-src 'self' data:",
    "connect-src 'self'",
    "worker-src 'self' blob:",
    "object-src 'none'",
    "base-uri 'self'",
    "form-action 'self'",
    "frame-ancestors 'self'",
  ].join('; ');
}
