import { detectBasePath, startServer } from '../serve.mjs';

export interface BenchSite {
  distDir: string;
  basePath: string;
  origin: string;
  url(path?: string): string;
  readonly requests: { path: string; status: number }[];
  clearRequests(): void;
  close(): Promise<void>;
}

/** Serves a build with the `npm start` server (loopback, `_headers` applied), recording every request path. */
export async function serveBuild(distDir: string): Promise<BenchSite> {
  const basePath = detectBasePath(distDir);
  const requests: { path: string; status: number }[] = [];
  const running = await startServer({
    root: distDir,
    basePath,
    port: 0,
    onRequest: ({ path, status }: { path: string; status: number }) => requests.push({ path, status }),
  });
  return {
    distDir,
    basePath,
    origin: running.origin,
    url: (path = '') => `${running.origin}${basePath}${path.replace(/^\/+/, '')}`,
    requests,
    clearRequests: () => void requests.splice(0, requests.length),
    close: running.close,
  };
}
