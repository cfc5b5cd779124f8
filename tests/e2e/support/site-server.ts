import { inject } from 'vitest';
import { startServer } from '../../../scripts/serve.mjs';
import './provided-context';

/** One request the static server answered. */
interface RecordedRequest {
  /** The URL path, e.g. `/courses/jwt/_astro/index.abc123.js`. */
  path: string;
  status: number;
}

export interface SiteServer {
  /** `http://127.0.0.1:<port>` */
  origin: string;
  /** `/courses/jwt/` */
  basePath: string;
  /** Absolute URL of a site path: `url('00-foundations/')` → `http://127.0.0.1:<port>/courses/jwt/00-foundations/`. */
  url(path?: string): string;
  /** Every request served since start (or the last `clearRequests()`), in order. */
  readonly requests: RecordedRequest[];
  clearRequests(): void;
  close(): Promise<void>;
}

/**
 * Serves the e2e build on a free loopback port with scripts/serve.mjs (the `npm start` server, which
 * also applies `_headers`, e.g. the CSP), recording every request.
 */
export async function startSite(): Promise<SiteServer> {
  const { distDir, basePath } = inject('e2eSite');
  const requests: RecordedRequest[] = [];
  const running = await startServer({
    root: distDir,
    basePath,
    port: 0,
    onRequest: ({ path, status }) => requests.push({ path, status }),
  });
  return {
    origin: running.origin,
    basePath,
    url: (path = '') => `${running.origin}${basePath}${path.replace(/^\/+/, '')}`,
    requests,
    clearRequests: () => void requests.splice(0, requests.length),
    close: running.close,
  };
}
