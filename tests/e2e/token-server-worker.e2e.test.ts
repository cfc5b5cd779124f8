/**
 * The token server is Web APIs + jose only: the same module must run inside a Web Worker in Chromium. This
 * suite bundles it (and the run context) with esbuild into a module worker, serves it on 127.0.0.1 (a secure
 * context, so WebCrypto exists), and drives a full round inside the worker. It needs no site build.
 */
import { mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { build } from 'esbuild';
import type { Browser } from 'playwright-core';
import { launchChromium } from '../../scripts/launch-chromium';
import { startServer } from '../../scripts/serve.mjs';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { resolveChromiumPath } from './support/chromium-path';
import { PATIENCE_MS } from './support/patience';

const ROOT = fileURLToPath(new URL('../..', import.meta.url));

/** Runs in the worker: every step reports a value the test asserts, or the error that stopped it. */
const WORKER_SOURCE = `
import { createLocalJWKSet, createRemoteJWKSet, jwtVerify } from 'jose';
import { createTokenServer as createPlain, createVirtualClock } from './src/token-server/index';
import { createTokenServer, disposeRunContext, labClock, labNetwork, resetRunContext } from './src/check-api/index';

const form = (body, auth) => ({
  method: 'POST',
  headers: { 'content-type': 'application/x-www-form-urlencoded', authorization: 'Basic ' + btoa(auth) },
  body,
});

self.onmessage = async () => {
  const report = {};
  try {
    const started = performance.now();
    const server = await createPlain({ clock: createVirtualClock(), algorithm: 'ES256' });
    report.createMs = performance.now() - started;
    const metadata = await (await server.fetch(server.endpoints.metadata)).json();
    report.issuer = metadata.issuer;
    const tokenResponse = await server.fetch(metadata.token_endpoint, form('grant_type=client_credentials&scope=read', 'lab-client:lab-client-secret'));
    report.tokenStatus = tokenResponse.status;
    report.cacheControl = tokenResponse.headers.get('cache-control');
    const { access_token } = await tokenResponse.json();
    const jwks = await (await server.fetch(metadata.jwks_uri)).json();
    const verified = await jwtVerify(access_token, createLocalJWKSet(jwks), { issuer: metadata.issuer, audience: server.audience, typ: 'at+jwt', currentDate: server.clock.now() });
    report.verifiedSub = verified.payload.sub;
    const introspect = async () => (await server.fetch(metadata.introspection_endpoint, form('token=' + access_token, 'resource-server:resource-server-secret'))).json();
    report.activeBefore = (await introspect()).active;
    report.revokeStatus = (await server.fetch(metadata.revocation_endpoint, form('token=' + access_token, 'lab-client:lab-client-secret'))).status;
    report.afterRevoke = await introspect();

    report.algorithms = [];
    for (const algorithm of ['RS256', 'PS256', 'Ed25519', 'HS256']) {
      const other = await createPlain({ clock: createVirtualClock(), algorithm });
      const { accessToken } = await other.issueTokens({});
      const { protectedHeader } = await jwtVerify(accessToken.token, other.keys.signingKey().publicKey, { currentDate: other.clock.now() });
      report.algorithms.push(protectedHeader.alg);
    }

    resetRunContext();
    let ticks = 0;
    setInterval(() => ticks++, 1000);
    await labClock().advance(200);
    report.intervalTicks = ticks;
    resetRunContext();
    report.fakeNow = new Date().toISOString();
    const lab = await createTokenServer();
    const { accessToken } = await lab.issueTokens({});
    const remote = createRemoteJWKSet(new URL(lab.endpoints.jwks));
    const options = { issuer: lab.issuer, audience: lab.audience, typ: 'at+jwt' };
    report.remoteVerified = (await jwtVerify(accessToken.token, remote, options)).payload.sub;
    await labClock().advance(901);
    report.afterAdvance = await jwtVerify(accessToken.token, remote, options).then(() => 'accepted', (e) => e.code);
    report.noNetwork = await fetch('https://example.com/').then(() => 'reached', (e) => [e instanceof TypeError, e.code]);
    report.logged = labNetwork().log.entries.length;
    disposeRunContext();
    report.realYear = new Date().getFullYear();
    self.postMessage({ ok: true, report });
  } catch (error) {
    self.postMessage({ ok: false, report, error: String(error && error.stack || error) });
  }
};
`;

let served: { origin: string; close(): Promise<void> } | undefined;
let origin: string;
let browser: Browser;
const pageDir = mkdtempSync(join(tmpdir(), 'jwt-deep-dive-token-server-worker-'));

beforeAll(async () => {
  const bundle = await build({
    stdin: { contents: WORKER_SOURCE, resolveDir: ROOT, sourcefile: 'token-server-worker.ts', loader: 'ts' },
    bundle: true,
    format: 'esm',
    platform: 'browser',
    target: 'chrome120',
    write: false,
    logLevel: 'silent',
    // @sinonjs/fake-timers requires these only when `process` exists (Node); in a worker they are never loaded.
    external: ['util', 'timers', 'timers/promises', 'perf_hooks'],
  });
  const workerJs = bundle.outputFiles[0]?.text ?? '';
  // The site's own static server (`npm start`), serving the worker and an empty page at the root.
  writeFileSync(join(pageDir, 'worker.js'), workerJs);
  writeFileSync(
    join(pageDir, 'index.html'),
    '<!doctype html><meta charset="utf-8"><title>token server worker</title>',
  );
  served = await startServer({ root: pageDir, basePath: '/', port: 0 });
  origin = served.origin;
  browser = await launchChromium(resolveChromiumPath());
});

afterAll(async () => {
  await browser?.close();
  await served?.close();
  rmSync(pageDir, { recursive: true, force: true });
});

describe('token server in a Chromium Web Worker', () => {
  it('issues, verifies, introspects and revokes, and runs the lab clock and network', async () => {
    const context = await browser.newContext();
    context.setDefaultTimeout(PATIENCE_MS);
    const page = await context.newPage();
    const external: string[] = [];
    page.on('request', (request) => {
      if (!request.url().startsWith(origin)) external.push(request.url());
    });
    await page.goto(`${origin}/`);
    const result = await page.evaluate(
      () =>
        new Promise<{ ok: boolean; report: Record<string, unknown>; error?: string }>((resolve) => {
          const worker = new Worker('/worker.js', { type: 'module' });
          worker.onmessage = (event) => resolve(event.data);
          worker.onerror = (event) => resolve({ ok: false, report: {}, error: event.message });
          worker.postMessage('go');
        }),
    );
    await context.close();
    expect(result.error).toBeUndefined();
    expect(result.report).toMatchObject({
      issuer: 'https://as.example.test',
      tokenStatus: 200,
      cacheControl: 'no-store',
      verifiedSub: 'lab-client',
      activeBefore: true,
      revokeStatus: 200,
      afterRevoke: { active: false },
      algorithms: ['RS256', 'PS256', 'Ed25519', 'HS256'],
      intervalTicks: 200,
      fakeNow: '2026-01-01T00:00:00.000Z',
      remoteVerified: 'user-alice',
      afterAdvance: 'ERR_JWT_EXPIRED',
      noNetwork: [true, 'ERR_LAB_NO_NETWORK'],
    });
    expect(result.report['logged']).toBeGreaterThanOrEqual(3);
    // disposeRunContext() gave the worker its real Date back.
    expect(result.report['realYear']).toBe(new Date().getFullYear());
    expect(result.report['createMs']).toBeLessThan(1000);
    expect(external).toEqual([]);
  });
});
