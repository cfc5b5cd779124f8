// @ts-check
// The site's own Astro config, with every import of course.config.ts answered by a copy whose
// `solutions` is `never`. Used by lab-ui-solutions-never.e2e.test.ts to build and grep the output.
import { fileURLToPath } from 'node:url';
import base from '../../../astro.config.mjs';

const override = fileURLToPath(new URL('./course.solutions-never.ts', import.meta.url));

/** @type {import('vite').Plugin} */
const solutionsNever = {
  name: 'lab-ui:solutions-never',
  enforce: 'pre',
  resolveId(source, importer) {
    if (!/(^|\/)course\.config(\.ts)?$/.test(source) || importer === override) return null;
    return override;
  },
};

export default {
  ...base,
  vite: { ...base.vite, plugins: [...(base.vite?.plugins ?? []), solutionsNever] },
};
