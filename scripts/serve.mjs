#!/usr/bin/env node
// Serves a built copy of the course (dist/, or ASTRO_OUT_DIR) on 127.0.0.1 under the base path it was
// built for, the way a plain static host would: index.html for folders, 404.html for misses, a
// Netlify/Cloudflare-style `_headers` file applied when present. Loopback only: WebCrypto (and so the
// labs) needs a secure context, which http://127.0.0.1 is. Plain .mjs with no dependencies on purpose.
import { createReadStream, existsSync, readFileSync, statSync } from 'node:fs';
import { createServer } from 'node:http';
import { extname, join, normalize, resolve, sep } from 'node:path';
import { pathToFileURL } from 'node:url';

const MIME = {
  '.html': 'text/html; charset=utf-8',
  '.js': 'text/javascript; charset=utf-8',
  '.mjs': 'text/javascript; charset=utf-8',
  '.css': 'text/css; charset=utf-8',
  '.json': 'application/json; charset=utf-8',
  '.svg': 'image/svg+xml',
  '.png': 'image/png',
  '.jpg': 'image/jpeg',
  '.webp': 'image/webp',
  '.ico': 'image/x-icon',
  '.wasm': 'application/wasm',
  '.woff2': 'font/woff2',
  '.ttf': 'font/ttf',
  '.txt': 'text/plain; charset=utf-8',
  '.xml': 'application/xml; charset=utf-8',
  '.webmanifest': 'application/manifest+json',
};

/** `/courses/jwt` → `/courses/jwt/`; the same rule as src/site/base-path.ts. */
export function normalizeBasePath(raw) {
  const segments = String(raw ?? '')
    .split('/')
    .filter((segment) => segment.length > 0);
  return segments.length === 0 ? '/' : `/${segments.join('/')}/`;
}

/** The base path a build was made for: the `data-base` the layout puts on every page's <html>. */
export function detectBasePath(root) {
  const index = join(root, 'index.html');
  if (!existsSync(index)) return '/';
  const match = /<html[^>]*\sdata-base="([^"]*)"/.exec(readFileSync(index, 'utf8'));
  return normalizeBasePath(match?.[1] ?? '/');
}

/**
 * Parses a `_headers` file: a path pattern on its own line (`/*`, `/_astro/*`, `/:lesson/`), then
 * indented `Name: value` lines. Patterns are relative to the site root, i.e. below the base path.
 */
export function parseHeadersFile(text) {
  const rules = [];
  for (const line of text.split(/\r?\n/)) {
    if (!line.trim() || line.trim().startsWith('#')) continue;
    if (!/^\s/.test(line)) {
      const source = line.trim().replace(/[.+?^${}()|[\]\\]/g, '\\$&');
      const pattern = source.replace(/\*/g, '.*').replace(/:[A-Za-z]+/g, '[^/]+');
      rules.push({ pattern: new RegExp(`^${pattern}$`), headers: [] });
      continue;
    }
    const colon = line.indexOf(':');
    const rule = rules.at(-1);
    if (colon > 0 && rule) rule.headers.push([line.slice(0, colon).trim(), line.slice(colon + 1).trim()]);
  }
  return rules;
}

function headersFor(rules, sitePath) {
  const headers = {};
  for (const rule of rules)
    if (rule.pattern.test(sitePath)) for (const [k, v] of rule.headers) headers[k] = v;
  return headers;
}

/** Maps a URL path below the base path to a file, refusing anything outside the root. */
function resolveFile(root, sitePath) {
  const file = normalize(join(root, sitePath));
  if (file !== root && !file.startsWith(root + sep)) return { kind: 'missing' };
  if (!existsSync(file)) return { kind: 'missing' };
  if (statSync(file).isDirectory()) {
    if (!sitePath.endsWith('/')) return { kind: 'redirect' };
    const index = join(file, 'index.html');
    return existsSync(index) ? { kind: 'file', file: index } : { kind: 'missing' };
  }
  return { kind: 'file', file };
}

/**
 * @typedef {{ path: string, status: number, method: string | undefined }} ServedRequest
 * @typedef {{ server: import('node:http').Server, origin: string, url: string, basePath: string,
 *   close: () => Promise<void> }} RunningServer
 */

/**
 * Starts the server. `onRequest({ path, status })` sees every request (the e2e suites record them).
 * Resolves once listening; `port: 0` picks a free port.
 * @param {{ root: string, basePath?: string, port?: number, host?: string,
 *   onRequest?: (request: ServedRequest) => void }} options
 * @returns {Promise<RunningServer>}
 */
export function startServer({ root, basePath, port = 4321, host = '127.0.0.1', onRequest = () => {} }) {
  const siteRoot = resolve(root);
  const base = normalizeBasePath(basePath ?? detectBasePath(siteRoot));
  const headersFile = join(siteRoot, '_headers');
  const rules = existsSync(headersFile) ? parseHeadersFile(readFileSync(headersFile, 'utf8')) : [];

  const server = createServer((request, response) => {
    const path = decodeURIComponent(new URL(request.url ?? '/', 'http://localhost').pathname);
    const send = (status, file, extra = {}) => {
      onRequest({ path, status, method: request.method });
      const type = file ? (MIME[extname(file)] ?? 'application/octet-stream') : 'text/plain; charset=utf-8';
      response.writeHead(status, { 'Content-Type': type, ...extra });
      if (request.method === 'HEAD' || !file) return response.end(file ? undefined : `${status}\n`);
      createReadStream(file).pipe(response);
    };
    if (request.method !== 'GET' && request.method !== 'HEAD') return send(405, null, { Allow: 'GET, HEAD' });
    if (path === '/' && base !== '/') return send(302, null, { Location: base });
    if (!path.startsWith(base)) return send(404, null);
    const sitePath = `/${path.slice(base.length)}`;
    const headers = headersFor(rules, sitePath);
    const found = sitePath === '/_headers' ? { kind: 'missing' } : resolveFile(siteRoot, sitePath);
    if (found.kind === 'redirect') return send(301, null, { Location: `${path}/` });
    if (found.kind === 'file') return send(200, found.file, headers);
    const notFound = join(siteRoot, '404.html');
    return send(404, existsSync(notFound) ? notFound : null, headers);
  });

  return new Promise((resolveStart, reject) => {
    server.once('error', reject);
    server.listen(port, host, () => {
      const address = server.address();
      const origin = `http://${host}:${typeof address === 'object' && address ? address.port : port}`;
      resolveStart({
        server,
        origin,
        basePath: base,
        url: `${origin}${base}`,
        close: () => new Promise((done) => server.close(() => done())),
      });
    });
  });
}

async function main() {
  const root = resolve(process.env.ASTRO_OUT_DIR ?? 'dist');
  if (!existsSync(join(root, 'index.html'))) {
    console.error(`No built site in ${root}. Run \`npm run build\` first (or \`npm start\`, which builds).`);
    process.exit(1);
  }
  const port = Number(process.env.PORT ?? 4321);
  if (!Number.isInteger(port) || port < 0 || port > 65535) {
    console.error(`PORT must be a port number, got "${process.env.PORT}".`);
    process.exit(1);
  }
  try {
    const site = await startServer({ root, port });
    console.log(`JWT Deep Dive is served at ${site.url}  (Ctrl+C to stop)`);
  } catch (error) {
    const busy = error && typeof error === 'object' && 'code' in error && error.code === 'EADDRINUSE';
    console.error(busy ? `Port ${port} is in use; try PORT=4322 npm start.` : String(error));
    process.exit(1);
  }
}

if (import.meta.url === pathToFileURL(process.argv[1] ?? '').href) await main();
