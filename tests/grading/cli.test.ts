import { spawnSync } from 'node:child_process';
import { rmSync } from 'node:fs';
import { resolve } from 'node:path';
import { describe, expect, it } from 'vitest';
import { GradeReportSchema, type GradeReport } from '../../src/schemas/check-result';

const ROOT = resolve(import.meta.dirname, '../..');
const LAB = 'tests/fixtures/labs/verify-token';

function cli(script: string, ...args: string[]) {
  const run = spawnSync(process.execPath, ['--import', 'tsx', `scripts/${script}`, ...args], {
    cwd: ROOT,
    encoding: 'utf8',
  });
  return { status: run.status, stdout: run.stdout, stderr: run.stderr };
}

describe('npm run grade', () => {
  it('exits 0 and prints a GradeReport when every check passes', () => {
    const run = cli('grade.ts', LAB, `${LAB}/solution.ts`, '--json');
    expect(run.status).toBe(0);
    const report = GradeReportSchema.parse(JSON.parse(run.stdout));
    expect(report).toMatchObject({ lab: 'verify-token', passed: 4, total: 4 });
  }, 60_000);

  it('writes a whole report into a pipe, however long it is', () => {
    const run = cli('grade.ts', 'verify-access-token', 'labs/verify-access-token/solution.ts', '--json');
    expect(run.stdout.length).toBeGreaterThan(65_536);
    const report = GradeReportSchema.parse(JSON.parse(run.stdout));
    // Every check's verdict arrived, however many checks the lab has.
    expect({ status: report.status, verdicts: report.checks.length }).toEqual({
      status: 'passed',
      verdicts: report.total,
    });
  }, 120_000);

  it('exits 1 and summarises every submission of a folder', () => {
    const run = cli('grade.ts', LAB, `${LAB}/wrong`);
    expect(run.status).toBe(1);
    expect(run.stdout).toMatch(/summary\n {2}day-long-tolerance\.ts +3\/4\n {2}forgot-audience\.ts +3\/4/);
  }, 60_000);

  it('writes one CSV row per check', () => {
    const run = cli('grade.ts', LAB, `${LAB}/starter.ts`, '--csv');
    expect(run.status).toBe(1);
    const rows = run.stdout.trim().split('\n');
    expect(rows[0]).toBe('file,check,status,message');
    expect(rows).toHaveLength(5);
    expect(rows[1]).toBe('starter.ts,verifyToken > accepts a token the issuer minted for this API,passed,');
  }, 60_000);

  it('starts each run at an instant its seed picks, names the seed, and replays it with --seed', () => {
    const probe = 'tests/fixtures/run-seed/tells-the-time.ts';
    const startOf = (report: GradeReport) => /started at (\S+)/.exec(report.checks[0]?.message ?? '')?.[1];
    const first = GradeReportSchema.parse(JSON.parse(cli('grade.ts', LAB, probe, '--json').stdout));
    const second = GradeReportSchema.parse(JSON.parse(cli('grade.ts', LAB, probe, '--json').stdout));
    expect(first.seed).toEqual(expect.any(Number));
    // Two independent 32-bit seeds collide once in four billion runs.
    expect(second.seed).not.toBe(first.seed);
    expect(startOf(second)).not.toBe(startOf(first));
    const replay = cli('grade.ts', LAB, probe, '--json', '--seed', String(first.seed));
    const replayed = GradeReportSchema.parse(JSON.parse(replay.stdout));
    expect({ seed: replayed.seed, start: startOf(replayed) }).toEqual({
      seed: first.seed,
      start: startOf(first),
    });
    expect(cli('grade.ts', LAB, probe, '--seed', '7').stdout).toMatch(
      /tells-the-time\.ts: 0\/4 passed \(seed 7; replay with --seed 7\)/,
    );
  }, 180_000);

  it('exits 2 on a usage error', () => {
    expect(cli('grade.ts', LAB).status).toBe(2);
    expect(cli('grade.ts', LAB, `${LAB}/solution.ts`, '--seed', '-1').status).toBe(2);
    expect(cli('grade.ts', LAB, `${LAB}/solution.ts`, '--seed', '4294967296').status).toBe(2);
    expect(cli('grade.ts', 'no-such-lab', `${LAB}/solution.ts`).status).toBe(2);
    expect(cli('grade.ts', LAB, `${LAB}/solution.ts`, '--xml').status).toBe(2);
  }, 60_000);
});

describe('npm run check:labs', () => {
  it('fails a lab that has no design.yaml, naming the lab and the file', () => {
    const run = cli('check-labs.ts', LAB);
    expect(run.stdout).toContain('FAIL verify-token (4 checks, 2 wrong answers, 0 alternatives, 0 cheats)');
    expect(run.stdout).toContain(
      `ERR_DESIGN_MISSING: ${LAB}/design.yaml: lab verify-token has no design.yaml`,
    );
    expect(run.status).toBe(1);
  }, 120_000);

  it('fails broken labs naming the file, field, check or API', () => {
    const run = cli(
      'check-labs.ts',
      'tests/fixtures/labs/broken-bad-meta',
      'tests/fixtures/labs/broken-missing-starter',
      'tests/fixtures/labs/broken-false-declaration',
      'tests/fixtures/labs/broken-unsupported-api',
    );
    expect(run.status).toBe(1);
    expect(run.stdout).toContain(
      'ERR_LAB_META_INVALID: tests/fixtures/labs/broken-bad-meta/lab.md:5 (timeoutMs)',
    );
    expect(run.stdout).toContain(
      'ERR_LAB_FILE_MISSING: tests/fixtures/labs/broken-missing-starter/starter.ts',
    );
    expect(run.stdout).toContain(
      'wrong/claims-too-much.ts: passes "verifyToken > rejects a token minted for another API", which it declares it fails',
    );
    expect(run.stdout).toContain('vi.useFakeTimers is not supported by the lab runner');
    expect(run.stdout).toContain(
      'tests/fixtures/labs/broken-false-declaration/hints/03-names-no-check.md (for): names no check: "verifyToken > rejects a token from nowhere"',
    );
  }, 120_000);
});

describe('npm run new:lab', () => {
  it('scaffolds a lab that check:labs proves as generated', () => {
    const root = resolve(ROOT, '.lab-runs/new-lab-test');
    rmSync(root, { recursive: true, force: true });
    const created = cli('new-lab.ts', 'scaffolded-lab', '--root', root);
    expect(created.status).toBe(0);
    const proof = cli('check-labs.ts', resolve(root, 'scaffolded-lab'));
    expect(proof.stdout).toContain(
      'ok   scaffolded-lab (6 checks, 5 wrong answers, 1 alternatives, 0 cheats)',
    );
    expect(proof.status).toBe(0);
    expect(cli('new-lab.ts', 'scaffolded-lab', '--root', root).status).toBe(1);
  }, 120_000);

  it('exits 2 for an id that is not kebab-case', () => {
    expect(cli('new-lab.ts', 'Not_A_Lab').status).toBe(2);
  });
});
