// @ts-check
import { createRequire } from 'node:module';
import { join } from 'node:path';
import { defineConfig } from 'astro/config';
import mdx from '@astrojs/mdx';
import react from '@astrojs/react';
import course from './course.config.ts';
import { courseIntegrity } from './src/integrations/course-integrity.ts';
import { dynamicImportWithoutPreload } from './src/integrations/dynamic-import-without-preload.ts';
import { securityHeaders } from './src/integrations/security-headers.ts';

// monaco-editor's exports map hides its CSS and package.json, so locate it from the resolved entry.
const monacoDir = join(createRequire(import.meta.url).resolve('monaco-editor'), '../../..');

export default defineConfig({
  base: course.basePath,
  trailingSlash: 'always',
  outDir: process.env['ASTRO_OUT_DIR'] ?? './dist',
  // courseIntegrity first: bad content stops the build before Astro loads it, naming file and field.
  integrations: [courseIntegrity(), mdx(), react(), securityHeaders()],
  markdown: {
    // Both themes as CSS variables; src/styles/prose.css picks one with light-dark() per color-scheme.
    shikiConfig: {
      themes: { light: 'github-light-default', dark: 'github-dark-default' },
      defaultColor: false,
    },
  },
  build: { inlineStylesheets: 'never' },
  vite: {
    resolve: {
      alias: [{ find: /^virtual-monaco-css/, replacement: join(monacoDir, 'min/vs/editor/editor.main.css') }],
    },
    // Discovered late from lazily loaded lab code otherwise, which reloads the dev page on the first Run.
    optimizeDeps: { include: ['jose', 'sucrase', '@vitest/expect', '@vitest/spy'] },
    plugins: [dynamicImportWithoutPreload()],
    worker: { format: 'es' },
    build: { chunkSizeWarningLimit: 8000, modulePreload: false },
  },
});
