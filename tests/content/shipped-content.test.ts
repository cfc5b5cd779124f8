import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { formatProblem } from '../../src/content-validation/content-problem';
import { validateCourse } from '../../src/content-validation/validate-course';

const REPO_ROOT = resolve(import.meta.dirname, '../..');

describe('the shipped course', () => {
  it('passes every content check (schemas, names, lab references, lab folders)', () => {
    expect(validateCourse(REPO_ROOT).map(formatProblem)).toEqual([]);
  });
});
