/**
 * The URL path the site is served under. `BASE_PATH=courses/jwt` and `/courses/jwt` both mean
 * `/courses/jwt/`: every link, asset and search URL is built from the normalised form.
 */
export function normalizeBasePath(raw: string | undefined): string {
  const trimmed = (raw ?? '').trim();
  const segments = trimmed.split('/').filter((segment) => segment.length > 0);
  return segments.length === 0 ? '/' : `/${segments.join('/')}/`;
}

/** Joins a site-relative path (`00-foundations/`) onto the base path, never doubling slashes. */
export function withBase(basePath: string, path = ''): string {
  return `${basePath}${path.replace(/^\/+/, '')}`;
}
