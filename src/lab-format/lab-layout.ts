/** The files every `labs/<lab-id>/` folder holds (the lab folder contract in ARCHITECTURE.md). */
export const LAB_FILES = {
  meta: 'lab.md',
  starter: 'starter.ts',
  solution: 'solution.ts',
  checks: 'checks.test.ts',
  hintsDir: 'hints',
  wrongDir: 'wrong',
  /** Optional: correct solutions written differently, each of which must pass every check. */
  alternativesDir: 'alternatives',
  /** How the checks meet docs/check-design.md: one row per class (src/schemas/check-design.ts). */
  design: 'design.yaml',
  /** The lab's mutation-score floor (src/schemas/mutation-floor.ts), read by npm run mutate:labs. */
  mutation: 'mutation.yaml',
} as const;

/** Lab ids are folder names: lower-case kebab-case. */
export const LAB_ID_PATTERN = /^[a-z0-9]+(-[a-z0-9]+)*$/;
