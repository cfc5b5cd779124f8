// @ts-check
import js from '@eslint/js';
import { defineConfig } from 'eslint/config';
import prettier from 'eslint-config-prettier';
import astro from 'eslint-plugin-astro';
import globals from 'globals';
import tseslint from 'typescript-eslint';

/** The one import rule (CONTRIBUTING.md): relative TypeScript modules are imported without an extension. */
const EXTENSIONLESS = {
  regex: '^\\.{1,2}/.*\\.tsx?$',
  message: 'Import relative TypeScript modules without an extension (CONTRIBUTING.md).',
};

export default defineConfig(
  {
    ignores: [
      'dist/',
      'dist-*/',
      '.astro/',
      'node_modules/',
      'bench-results/',
      'test-results/',
      '.lab-runs/',
      'coverage/',
      // Fixture sites' build output, if a failing-build test ever got that far.
      'tests/fixtures/sites/*/dist-fixture/',
    ],
  },
  js.configs.recommended,
  tseslint.configs.recommended,
  astro.configs.recommended,
  {
    // Plain JS here is Node tooling (scripts/*.mjs, config files): give it Node's globals.
    files: ['**/*.{js,mjs,cjs}'],
    languageOptions: { globals: globals.node },
  },
  {
    // src/elements/theme-init.js runs in the browser as a classic script before first paint.
    files: ['src/elements/**/*.js'],
    languageOptions: { globals: globals.browser },
  },
  {
    rules: {
      // A leading underscore marks a parameter that a callback signature forces on us but we do not use.
      '@typescript-eslint/no-unused-vars': [
        'error',
        { argsIgnorePattern: '^_', varsIgnorePattern: '^_', caughtErrors: 'none' },
      ],
    },
  },
  {
    files: ['**/*.{ts,tsx,astro}'],
    rules: { 'no-restricted-imports': ['error', { patterns: [EXTENSIONLESS] }] },
  },
  {
    // The product never imports test support: a refresh grant under tests/support/ is a lab's answer.
    files: ['src/**/*.{ts,tsx,astro,mjs}'],
    rules: {
      'no-restricted-imports': [
        'error',
        {
          patterns: [
            EXTENSIONLESS,
            { group: ['**/tests/**'], message: 'src/ must not import test support (tests/).' },
          ],
        },
      ],
    },
  },
  {
    // Grading speed: every check and the simulation run in the learner's browser on every click.
    files: [
      'src/token-server/**/*.ts',
      'src/check-api/**/*.ts',
      'src/grading/**/*.ts',
      'labs/*/checks.test.ts',
    ],
    rules: {
      'no-restricted-syntax': [
        'error',
        {
          selector:
            "CallExpression[callee.type='MemberExpression'][callee.property.name='clone'][arguments.length=0]",
          message:
            "A Request's or Response's clone() tees its body: about 1.5 ms per body in Chromium's worker. Read the body once and hand on what was read (src/token-server/network/request-log.ts).",
        },
      ],
    },
  },
  // Last: turn off every stylistic rule that would argue with Prettier.
  prettier,
);
