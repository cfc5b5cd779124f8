import { fileURLToPath } from 'node:url';
import type { Plugin } from 'vite';

const WITHHELD = fileURLToPath(new URL('../token-server/grants/refresh-token-withheld.ts', import.meta.url));

/**
 * A Vite plugin for the lab worker's bundle: the token server's built-in refresh grant is a lab's reference
 * solution, so the worker gets `refresh-token-withheld.ts` in its place (see that file for why).
 */
export function withholdReferenceGrants(): Plugin {
  return {
    name: 'jwt-deep-dive:withhold-reference-grants',
    enforce: 'pre',
    resolveId(source, importer) {
      if (!importer) return null;
      const fromDefaults = /[\\/]token-server[\\/]grants[\\/]default-grants\.ts$/.test(
        importer.split('?')[0] ?? '',
      );
      return fromDefaults && /^\.\/refresh-token(\.ts)?$/.test(source) ? WITHHELD : null;
    },
  };
}
