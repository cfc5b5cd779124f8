import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { detectBasePath, parseHeadersFile, startServer } from '../../scripts/serve.mjs';

describe('parseHeadersFile', () => {
  it('reads path patterns with their indented headers, skipping comments', () => {
    const rules = parseHeadersFile('# c\n/*\n  X-A: 1\n\n/_astro/*\n  Cache-Control: immutable\n');
    expect(rules.map((rule) => rule.headers)).toEqual([[['X-A', '1']], [['Cache-Control', 'immutable']]]);
    expect(rules[1]?.pattern.test('/_astro/a.js')).toBe(true);
    expect(rules[1]?.pattern.test('/index.html')).toBe(false);
  });
});

describe('startServer', () => {
  let root: string;
  let site: Awaited<ReturnType<typeof startServer>>;
  const seen: { path: string; status: number }[] = [];

  beforeAll(async () => {
    root = mkdtempSync(join(tmpdir(), 'serve-'));
    mkdirSync(join(root, 'lesson'));
    writeFileSync(
      join(root, 'index.html'),
      '<html lang="en" data-base="/courses/jwt/"><body>home</body></html>',
    );
    writeFileSync(join(root, 'lesson/index.html'), 'lesson');
    writeFileSync(join(root, '404.html'), 'not found page');
    writeFileSync(join(root, '_headers'), '/*\n  X-Frame-Options: DENY\n');
    site = await startServer({ root, port: 0, onRequest: (request) => seen.push(request) });
  });
  afterAll(async () => {
    await site.close();
    rmSync(root, { recursive: true, force: true });
  });

  it('serves under the base path the build was made for', async () => {
    expect(detectBasePath(root)).toBe('/courses/jwt/');
    const response = await fetch(`${site.url}lesson/`);
    expect(await response.text()).toBe('lesson');
    expect(response.headers.get('x-frame-options')).toBe('DENY');
  });

  it('redirects a folder without its trailing slash, and / to the base path', async () => {
    const folder = await fetch(`${site.url}lesson`, { redirect: 'manual' });
    expect(folder.status).toBe(301);
    expect(folder.headers.get('location')).toBe('/courses/jwt/lesson/');
    const root = await fetch(`${site.origin}/`, { redirect: 'manual' });
    expect(root.headers.get('location')).toBe('/courses/jwt/');
  });

  it('answers 404 with the 404 page, never serving _headers or files outside the root', async () => {
    const missing = await fetch(`${site.url}nope/`);
    expect(missing.status).toBe(404);
    expect(await missing.text()).toBe('not found page');
    expect((await fetch(`${site.url}_headers`)).status).toBe(404);
    expect((await fetch(`${site.url}..%2F..%2Fetc%2Fpasswd`)).status).toBe(404);
    expect((await fetch(`${site.origin}/elsewhere/`)).status).toBe(404);
  });

  it('reports every request to onRequest', () => {
    expect(seen.some((request) => request.path === '/courses/jwt/lesson/' && request.status === 200)).toBe(
      true,
    );
  });
});
