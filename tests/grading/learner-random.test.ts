import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import {
  disposeRunContext,
  labRandom,
  learnerRandom,
  resetRunContext,
} from '../../src/check-api/run-context';
import { gradeSubmissions } from '../../src/grading/node/grade-submission';
import { loadLab } from '../../src/lab-format/load-lab';

/** A lab whose one check asks for two ids while the learner's Math.random is fixed: they must differ. */
const checks = `
import { describe, expect, it } from 'vitest';
import { newId } from '@lab/submission';
import { labRandom } from '@lab/server';

describe('newId', () => {
  it('draws ids a predictable Math.random cannot repeat', () => {
    labRandom().fix(0.5);
    expect(newId(), 'the second id').not.toBe(newId());
    expect(Math.max(1, 2), "the learner's Math keeps every other member").toBe(2);
  });
  it("finds Math.random the platform's again in the next check", () => {
    expect(newId()).not.toBe(newId());
  });
});
`;
const lab = { ...loadLab('tests/fixtures/labs/verify-token'), checks };

const submissions = {
  'Math.random': `export const newId = () => Math.random().toString(36).slice(2) + String(Math.max(1, 2));`,
  'crypto.randomUUID': `export const newId = () => crypto.randomUUID();`,
  'a patched Math': `(Math as any).random = () => Math.random(); export const newId = () => crypto.randomUUID();`,
};

describe("the learner's Math.random, in the grader", () => {
  it('answers what the check fixed for that check only, and is frozen', async () => {
    const [weak, strong, patched] = await gradeSubmissions(
      Object.values(submissions).map((code) => ({ lab, code })),
    );
    expect(weak?.results.map((result) => result.status)).toEqual(['failed', 'passed']);
    expect(strong?.results.map((result) => result.status)).toEqual(['passed', 'passed']);
    expect(patched?.results.map((result) => result.status)).toEqual(['error', 'error']);
  }, 60_000);
});

describe('labRandom() under real vitest (the realm is not hardened)', () => {
  beforeEach(() => resetRunContext());
  afterEach(() => disposeRunContext());

  it("fixes the global Math.random until the check's context is disposed", () => {
    const platform = Math.random;
    labRandom().fix(0.25);
    expect([Math.random(), Math.random(), learnerRandom()]).toEqual([0.25, 0.25, 0.25]);
    disposeRunContext();
    expect(Math.random).toBe(platform);
    resetRunContext();
    expect(learnerRandom()).not.toBe(0.25);
  });

  it('refuses a value outside [0, 1)', () => {
    expect(() => labRandom().fix(1)).toThrow(RangeError);
  });
});
