import { execFile } from 'node:child_process';
import { mkdtempSync, readdirSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { promisify } from 'node:util';
import { beforeAll, describe, expect, it } from 'vitest';
import { contentHash } from '../../src/lab-format/content-hash';
import { referenceCertificate } from './reference-certificate';

const ROOT = resolve(import.meta.dirname, '../..');
const dir = mkdtempSync(join(tmpdir(), 'certificate-'));

async function verify(certificate: string): Promise<{ exit: number; report: Record<string, unknown> }> {
  const file = join(dir, `${Math.random().toString(36).slice(2)}.json`);
  writeFileSync(file, certificate);
  try {
    const { stdout } = await promisify(execFile)(
      'npx',
      ['tsx', 'scripts/verify-certificate.ts', file, '--json'],
      {
        cwd: ROOT,
      },
    );
    return { exit: 0, report: JSON.parse(stdout) };
  } catch (error) {
    const failed = error as { code: number; stdout: string };
    return { exit: failed.code, report: JSON.parse(failed.stdout) };
  }
}

let issued: string;
beforeAll(async () => {
  issued = await referenceCertificate();
});

describe('npm run verify:certificate', () => {
  it('re-grades every reference solution in the Node grader and calls the certificate valid', async () => {
    const { exit, report } = await verify(issued);
    expect(report).toMatchObject({ kind: 'checked', verdict: 'valid', tampered: [], changed: [] });
    expect((report['labs'] as { status: string }[]).every((lab) => lab.status === 'passes')).toBe(true);
    expect(exit).toBe(0);
  }, 120_000);

  it('rejects a certificate whose solution was swapped for a wrong answer, naming the lab', async () => {
    const json = JSON.parse(issued);
    const wrongDir = join(ROOT, 'labs/deny-list/wrong');
    // Any declared wrong answer fails at least one check (check:labs proves it), so it can never pass.
    const wrong = readFileSync(join(wrongDir, readdirSync(wrongDir).sort()[0]!), 'utf8');
    // Only the deny list: a one-lab file keeps the suite short and is also reported as not covering the rest.
    json.labs = json.labs.filter((lab: { labId: string }) => lab.labId === 'deny-list');
    json.labs[0].code = wrong;
    const { exit, report } = await verify(JSON.stringify(json));
    expect(exit).toBe(1);
    expect(report['verdict']).toBe('tampered');
    expect((report['tampered'] as { code: string; labId?: string }[]).map((f) => [f.code, f.labId])).toEqual([
      ['ERR_CERT_CODE_MISMATCH', undefined],
      ['ERR_CERT_INCONSISTENT', undefined],
      ['ERR_CERT_SOLUTION_FAILS', 'deny-list'],
    ]);
    expect((report['changed'] as { code: string }[]).map((f) => f.code)).toContain('REQUIRED_LABS_CHANGED');
  }, 120_000);

  /** A submission that passed every check of the grader before revision 2 without verifying anything. */
  const cheat = readFileSync(join(ROOT, 'tests/fixtures/cheats/verify-access-token/module-state.ts'), 'utf8');

  it('reads a certificate issued before the grader closed its leaks, from a cheating file, as checks changed', async () => {
    // The claim page of that time fingerprinted the checks alone, and the cheat passed them.
    const before = await referenceCertificate('Ada Lovelace', {
      code: { 'verify-access-token': cheat },
      fingerprint: contentHash,
    });
    const { exit, report } = await verify(before);
    expect(report['verdict']).toBe('checks-changed');
    expect(report['tampered']).toEqual([]);
    expect(
      (report['changed'] as { code: string; labId?: string }[]).map((f) => [f.code, f.labId]),
    ).toContainEqual(['LAB_FAILS_CHANGED_CHECKS', 'verify-access-token']);
    expect(exit).toBe(3);
  }, 300_000);

  it('calls a certificate forged today from a cheating file tampered', async () => {
    const forged = await referenceCertificate('Ada Lovelace', { code: { 'verify-access-token': cheat } });
    const { exit, report } = await verify(forged);
    expect(report['verdict']).toBe('tampered');
    expect(
      (report['tampered'] as { code: string; labId?: string }[]).map((f) => [f.code, f.labId]),
    ).toContainEqual(['ERR_CERT_SOLUTION_FAILS', 'verify-access-token']);
    expect(exit).toBe(1);
  }, 300_000);

  it('explains an unreadable file and exits 1', async () => {
    expect(await verify('{"format":"jwt-deep-dive/progress"}')).toMatchObject({
      exit: 1,
      report: { kind: 'unreadable', code: 'ERR_CERT_NOT_CERTIFICATE' },
    });
  }, 60_000);
});
