/** The files every `labs/<lab-id>/` folder holds (names fixed by the foundation issue). */
export const LAB_FILES = {
  meta: 'lab.md',
  starter: 'starter.ts',
  solution: 'solution.ts',
  checks: 'checks.test.ts',
  hintsDir: 'hints',
  wrongDir: 'wrong',
  /** Optional: correct solutions written differently, each of which must pass every check. */
  alternativesDir: 'alternatives',
} as const;

/** Lab ids are folder names: lower-case kebab-case. */
export const LAB_ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
