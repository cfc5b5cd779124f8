import { inject } from 'vitest';
import { serveBuild, type BenchSite } from '../../../scripts/bench/bench-site';
import './provided-context';

/**
 * A built site served on loopback: `origin` (`http://127.0.0.1:<port>`), `basePath` (`/courses/jwt/`),
 * `url(path)` (`url('00-foundations/')` → `http://127.0.0.1:<port>/courses/jwt/00-foundations/`), every
 * request served since start or the last `clearRequests()` in `requests` (`{ path, status }`), `close()`.
 */
export type SiteServer = BenchSite;

/**
 * Serves the e2e build (or another build, e.g. of a fixture course) on a free loopback port with
 * scripts/serve.mjs (the `npm start` server, which also applies `_headers`, e.g. the CSP), under the base
 * path it was built for, recording every request.
 */
export function startSite(distDir = inject('e2eSite').distDir): Promise<SiteServer> {
  return serveBuild(distDir);
}
