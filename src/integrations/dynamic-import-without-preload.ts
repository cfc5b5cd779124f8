import type { Plugin } from 'vite';

const PRELOAD_HELPER = '\0vite/preload-helper.js';

/**
 * Vite wraps every client `import()` in `__vitePreload`, a ~0.9 KB gzip helper that preloads the imported
 * chunk's dependencies. With `build.modulePreload: false` and no CSS imported lazily, every call gets an empty
 * dependency list, so the helper only costs bytes on every page (the lesson page budget is 3 KB): this one is
 * the plain `import()` it reduces to.
 */
export function dynamicImportWithoutPreload(): Plugin {
  return {
    name: 'jwt-deep-dive:dynamic-import-without-preload',
    enforce: 'pre',
    apply: 'build',
    load(id) {
      return id === PRELOAD_HELPER ? 'export const __vitePreload = (load) => load();' : null;
    },
  };
}
