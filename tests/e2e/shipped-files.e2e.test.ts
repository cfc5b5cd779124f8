import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, inject, it } from 'vitest';

const { distDir } = inject('e2eSite');
const files = readdirSync(distDir, { recursive: true, encoding: 'utf8' });
const read = (file: string) => readFileSync(join(distDir, file), 'utf8');

/** Hosts that would mean a CDN, web font, analytics or tracking dependency. */
const THIRD_PARTY = [
  'jsdelivr.net',
  'unpkg.com',
  'cdnjs.cloudflare.com',
  'googleapis.com',
  'gstatic.com',
  'google-analytics.com',
  'googletagmanager.com',
  'doubleclick.net',
  'typekit.net',
  'cloudflareinsights.com',
  'plausible.io',
  'segment.io',
  'sentry.io',
  'hotjar.com',
  'facebook.net',
  'mixpanel.com',
  'amplitude.com',
];

/** HTML attributes that make the browser load something (links a learner clicks are fine). */
const LOADING_ATTRIBUTE =
  /<(script|img|iframe|source|video|audio|embed|object|track|input)\b[^>]*\s(?:src|srcset|data|poster)\s*=\s*["']?\s*(?:https?:)?\/\//gi;
const LOADING_LINK =
  /<link\b(?=[^>]*\brel\s*=\s*["']?(?:stylesheet|preload|modulepreload|prefetch|preconnect|dns-prefetch|icon|manifest|apple-touch-icon))[^>]*\bhref\s*=\s*["']?\s*(?:https?:)?\/\//gi;

describe('the built site', () => {
  it('loads nothing from another origin: no external script, style, font, image, frame or preconnect', () => {
    const offenders: string[] = [];
    for (const file of files.filter((f) => f.endsWith('.html'))) {
      const html = read(file);
      for (const m of html.matchAll(LOADING_ATTRIBUTE)) offenders.push(`${file}: ${m[0].slice(0, 120)}`);
      for (const m of html.matchAll(LOADING_LINK)) offenders.push(`${file}: ${m[0].slice(0, 120)}`);
    }
    for (const file of files.filter((f) => f.endsWith('.css'))) {
      for (const m of read(file).matchAll(/(?:url\(|@import\s+)\s*["']?\s*(?:https?:)?\/\/[^)"'\s]*/gi))
        offenders.push(`${file}: ${m[0]}`);
    }
    expect(offenders).toEqual([]);
  });

  it('names no CDN, web-font or analytics host anywhere in its pages, styles or scripts', () => {
    const offenders: string[] = [];
    for (const file of files.filter((f) => /\.(html|css|m?js|json|webmanifest)$/.test(f))) {
      const text = read(file);
      for (const host of THIRD_PARTY) if (text.includes(host)) offenders.push(`${file}: ${host}`);
    }
    expect(offenders).toEqual([]);
  });

  it('ships no source maps, and no script points at one', () => {
    expect(files.filter((f) => f.endsWith('.map'))).toEqual([]);
    // The trailing comment only: TypeScript's own compiler (in Monaco's worker) contains the phrase as code.
    const pointing = files.filter((f) => /\.m?js$/.test(f) && /\/\/# sourceMappingURL=\S+\s*$/.test(read(f)));
    expect(pointing).toEqual([]);
  });

  it("ships no refresh grant, the refresh-rotation lab's reference solution", () => {
    // Phrases of the test-support grant (tests/support/refresh-token-grant.ts), which must never reach dist/.
    const reference = ['the whole grant is revoked', 'refresh token was issued to another client'];
    const scripts = files.filter((f) => /\.m?js$/.test(f));
    expect(scripts.filter((f) => reference.some((phrase) => read(f).includes(phrase)))).toEqual([]);
  });

  it("ships no DPoP proof verifier, the dpop-resource-server lab's reference solution", () => {
    // Phrases of the test-support verifier (tests/support/reference-dpop.ts), which must never reach dist/.
    const reference = [
      'a DPoP-bound token needs a DPoP proof',
      'the proof key is not the key the token is bound to',
    ];
    const scripts = files.filter((f) => /\.m?js$/.test(f));
    expect(scripts.filter((f) => reference.some((phrase) => read(f).includes(phrase)))).toEqual([]);
  });
});
