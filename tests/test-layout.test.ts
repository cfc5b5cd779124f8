import { execFileSync } from 'node:child_process';
import { describe, expect, it } from 'vitest';

/** Every tracked test file, from git, so an untracked scratch file never fails the suite. */
const testFiles = execFileSync('git', ['ls-files', '*.test.ts', '*.test.tsx'], { encoding: 'utf8' })
  .split('\n')
  .filter(Boolean);

describe('where tests live (CONTRIBUTING.md)', () => {
  it('keeps every test in tests/, except a lab folder’s own checks.test.ts', () => {
    const misplaced = testFiles.filter(
      (file) => !file.startsWith('tests/') && !file.endsWith('/checks.test.ts'),
    );
    expect(misplaced).toEqual([]);
  });

  it('finds the suites it guards', () => {
    expect(testFiles.filter((file) => file.startsWith('tests/')).length).toBeGreaterThan(90);
  });
});
