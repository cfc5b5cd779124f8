import { readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import type { AstroIntegration } from 'astro';
import { buildContentSecurityPolicy } from './content-security-policy';
import { inlineScriptHashes } from './inline-script-hashes';

function htmlFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.html'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** The `_headers` file: the CSP and hardening headers for every path, long-lived caching for hashed assets. */
export function renderHeadersFile(policy: string): string {
  return [
    '# Written by the build (src/integrations/security-headers.ts): do not edit in dist/.',
    '# Read by Netlify and Cloudflare Pages, by `npm start` and by the e2e server; see docs/deploying.md.',
    '/*',
    `  Content-Security-Policy: ${policy}`,
    '  X-Content-Type-Options: nosniff',
    '  Referrer-Policy: no-referrer',
    '  Permissions-Policy: camera=(), microphone=(), geolocation=(), payment=(), usb=()',
    '',
    '/_astro/*',
    '  Cache-Control: public, max-age=31536000, immutable',
    '',
  ].join('\n');
}

/**
 * After the build, hashes every inline script Astro emitted and writes `<outDir>/_headers`, so the
 * CSP allows exactly those scripts and never needs `'unsafe-inline'`.
 */
export function securityHeaders(): AstroIntegration {
  return {
    name: 'jwt-deep-dive:security-headers',
    hooks: {
      'astro:build:done': ({ dir, logger }) => {
        const outDir = fileURLToPath(dir);
        const hashes = new Set(
          htmlFiles(outDir).flatMap((file) => inlineScriptHashes(readFileSync(file, 'utf8'))),
        );
        const policy = buildContentSecurityPolicy([...hashes].sort());
        writeFileSync(join(outDir, '_headers'), renderHeadersFile(policy));
        logger.info(
          `_headers written (CSP with ${hashes.size} inline script hash${hashes.size === 1 ? '' : 'es'})`,
        );
      },
    },
  };
}
