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

/** The `<meta>` form of the policy: `frame-ancestors` is dropped because browsers ignore it there (CSP3 §6.1). */
export function cspMetaTag(policy: string): string {
  const forMeta = policy
    .split('; ')
    .filter((directive) => !directive.startsWith('frame-ancestors'))
    .join('; ');
  return `<meta http-equiv="Content-Security-Policy" content="${forMeta}">`;
}

/** Puts the meta tag first in `<head>`: a meta policy only governs what comes after it. */
export function withCspMeta(html: string, meta: string): string {
  if (html.includes('http-equiv="Content-Security-Policy"')) return html;
  return html.replace(/<head(\s[^>]*)?>/i, (head) => `${head}${meta}`);
}

/**
 * After the build, hashes every inline script Astro emitted and writes `<outDir>/_headers`, so the
 * CSP allows exactly those scripts and never needs `'unsafe-inline'`. Astro's own `security.csp` would write
 * only the meta half of this, from a second description of the policy (ARCHITECTURE.md, "The site").
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
        // Hosts that cannot send headers still get the policy for the document (workers only ever get it
        // from their own response headers, which is why `_headers` exists at all).
        const meta = cspMetaTag(policy);
        for (const file of htmlFiles(outDir))
          writeFileSync(file, withCspMeta(readFileSync(file, 'utf8'), meta));
        logger.info(
          `_headers written (CSP with ${hashes.size} inline script hash${hashes.size === 1 ? '' : 'es'})`,
        );
      },
    },
  };
}
