import { execFileSync } from 'node:child_process';
import { mkdtempSync, mkdirSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import strykerConfig from '../../stryker.config.mjs';
import { committedFloors, loweredFrom } from '../../src/mutation-testing/floor-history';
import {
  floorOf,
  labMutationScores,
  type MutantOutcome,
} from '../../src/mutation-testing/lab-mutation-scores';
import { broadDisables, mutationGate } from '../../src/mutation-testing/mutation-gate';

const files = { solution: 'labs/a/solution.ts', floor: 'labs/a/mutation.yaml' };

function outcomes(
  lab: string,
  statuses: Record<string, number>,
  reason = 'equal because jose re-checks it',
): MutantOutcome[] {
  return Object.entries(statuses).flatMap(([status, count]) =>
    Array.from({ length: count }, (_, i) => ({
      fileName: `labs/${lab}/solution.ts`,
      mutatorName: 'StringLiteral',
      status,
      statusReason: status === 'Ignored' ? reason : undefined,
      location: { start: { line: i + 1, column: 0 } },
    })),
  );
}

describe('labMutationScores', () => {
  it('scores each lab as Stryker does: timeouts kill, errors and disabled mutants do not count', () => {
    const scores = labMutationScores([
      ...outcomes('a', { Killed: 6, Timeout: 1, Survived: 2, NoCoverage: 1, CompileError: 3, Ignored: 1 }),
      ...outcomes('b', { Killed: 1 }),
      { ...outcomes('c', { Killed: 1 })[0]!, fileName: 'src/not-a-lab.ts' },
    ]);
    expect([...scores.keys()]).toEqual(['a', 'b']);
    expect(scores.get('a')).toMatchObject({
      killed: 6,
      timeout: 1,
      survived: 2,
      noCoverage: 1,
      errors: 3,
      score: 70,
    });
    expect(scores.get('a')?.disabledShare).toBeCloseTo(100 / 11);
  });

  it('rounds a score down to one decimal for a floor', () => {
    expect(floorOf(70.79)).toBe(70.7);
    expect(floorOf(90)).toBe(90);
  });
});

describe('mutationGate', () => {
  const score = (statuses: Record<string, number>, reason?: string) =>
    labMutationScores(outcomes('a', statuses, reason)).get('a');

  it('passes a lab at or above its floor', () => {
    expect(mutationGate(score({ Killed: 9, Survived: 1 }), 'a', 90, files)).toEqual([]);
  });

  it('fails a lab under its floor, naming the lab and the score', () => {
    const problems = mutationGate(score({ Killed: 8, Survived: 2 }), 'a', 80.1, files);
    expect(problems).toEqual([expect.objectContaining({ code: 'ERR_MUTATION_BELOW_FLOOR', lab: 'a' })]);
    expect(problems[0]?.message).toContain('80.00 %');
  });

  it('fails a lab that disables more than 5 % of its mutants', () => {
    expect(mutationGate(score({ Killed: 19, Ignored: 1 }), 'a', 0, files)).toEqual([]);
    expect(mutationGate(score({ Killed: 18, Ignored: 2 }), 'a', 0, files).map((p) => p.code)).toEqual([
      'ERR_MUTATION_TOO_MANY_DISABLED',
    ]);
  });

  it('fails a disabled mutant without a reason', () => {
    expect(
      mutationGate(score({ Killed: 30, Ignored: 1 }, 'Ignored using a comment'), 'a', 0, files).map(
        (p) => p.code,
      ),
    ).toEqual(['ERR_MUTATION_DISABLE_UNEXPLAINED']);
  });

  it('fails a lab with no mutant at all', () => {
    expect(mutationGate(undefined, 'a', 0, files).map((p) => p.code)).toEqual(['ERR_MUTATION_NO_MUTANTS']);
  });
});

describe('broadDisables', () => {
  it('allows only a next-line disable of one mutator with a reason', () => {
    const source = [
      '// Stryker disable next-line StringLiteral: the message is never shown',
      '// Stryker disable next-line all: everything',
      '// Stryker disable StringLiteral: the whole file',
      '// Stryker disable next-line ConditionalExpression',
      '// Stryker restore all',
    ].join('\n');
    expect(broadDisables(source, 'a', files.solution).map((p) => p.file)).toEqual([
      'labs/a/solution.ts:2',
      'labs/a/solution.ts:3',
      'labs/a/solution.ts:4',
      'labs/a/solution.ts:5',
    ]);
  });
});

describe('floors only rise', () => {
  it('finds the highest committed floor above the current one', () => {
    const repo = mkdtempSync(join(tmpdir(), 'floors-'));
    const git = (...args: string[]) =>
      execFileSync('git', ['-c', 'user.name=t', '-c', 'user.email=t@example.test', ...args], { cwd: repo });
    git('init', '-q');
    mkdirSync(join(repo, 'labs/a'), { recursive: true });
    for (const floor of [60, 75.5, 70]) {
      writeFileSync(join(repo, files.floor), `floor: ${floor}\n`);
      git('add', '.');
      git('commit', '-qm', `floor ${floor}`);
    }
    const history = committedFloors(repo, files.floor);
    expect(history.map((v) => v.floor)).toEqual([70, 75.5, 60]);
    expect(loweredFrom(70, history)?.floor).toBe(75.5);
    expect(loweredFrom(75.5, history)).toBeUndefined();
  }, 30_000);
});

describe('stryker.config.mjs', () => {
  it('mutates the whole of every solution.ts with the default mutators, per-test coverage and 2 runners, never incrementally', () => {
    expect(strykerConfig).toMatchObject({
      mutate: ['labs/*/solution.ts'],
      coverageAnalysis: 'perTest',
      concurrency: 2,
      incremental: false,
      testRunner: 'vitest',
    });
    expect(strykerConfig).not.toHaveProperty('mutator');
    expect(strykerConfig).not.toHaveProperty('ignoreStatic');
    expect(strykerConfig).not.toHaveProperty('incrementalFile');
  });
});
