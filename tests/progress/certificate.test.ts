import { describe, expect, it } from 'vitest';
import type { CertificateCourse } from '../../src/certificate/certificate-course';
import { buildCertificate, claimStatus } from '../../src/certificate/claim-certificate';
import { verifyCertificate, type VerifyContext } from '../../src/certificate/certificate-verify';
import type { CertificateFile } from '../../src/certificate/certificate-schema';
import { ProgressDocumentSchema, type ProgressDocument } from '../../src/progress/progress-schema';

const hash = (c: string) => c.repeat(16);
const course: CertificateCourse = {
  id: 'jwt-deep-dive',
  title: 'JWT Deep Dive',
  version: '1.0.0',
  publisher: 'us',
  basePath: '/',
  requiredLabs: [
    {
      labId: 'deny-list',
      title: 'Deny list',
      checksHash: hash('a'),
      starterHash: hash('1'),
      lessonHref: '/m/l1/',
      lessonTitle: 'L1',
    },
    {
      labId: 'logout-cutoff',
      title: 'Logout',
      checksHash: hash('b'),
      starterHash: hash('2'),
      lessonHref: '/m/l1/',
      lessonTitle: 'L1',
    },
  ],
  modules: [
    {
      id: '00-intro',
      title: 'Intro',
      lessons: [{ id: '00-intro/01-a', title: 'A', href: '/00-intro/01-a/', labIds: [], quizIds: [] }],
    },
    {
      id: '01-m',
      title: 'Revocation',
      lessons: [
        {
          id: '01-m/01-l',
          title: 'L',
          href: '/01-m/01-l/',
          labIds: ['deny-list', 'logout-cutoff'],
          quizIds: ['01-m/01-l'],
        },
      ],
    },
    {
      id: '02-q',
      title: 'Quizzes only',
      lessons: [{ id: '02-q/01-q', title: 'Q', href: '/02-q/01-q/', labIds: [], quizIds: ['02-q/01-q'] }],
    },
  ],
};

function progress(passingChecks = { 'deny-list': hash('a'), 'logout-cutoff': hash('b') }): ProgressDocument {
  const labs = Object.fromEntries(
    Object.entries(passingChecks).map(([labId, checksHash]) => [
      labId,
      {
        attempts: 1,
        passing: {
          code: `export const ${labId.replace('-', '')} = 1;`,
          checksHash,
          starterHash: hash(labId === 'deny-list' ? '1' : '2'),
          passedAt: '2026-01-02T00:00:00.000Z',
        },
      },
    ]),
  );
  return ProgressDocumentSchema.parse({
    version: 2,
    labs,
    lessons: { visited: {}, completed: { '00-intro/01-a': 'x' } },
    quizzes: {
      '01-m/01-l': { answers: [[0]], checkedAt: 'x' },
      '02-q/01-q': { answers: [[1]], checkedAt: 'x' },
    },
  });
}

/** The grader stands in at the edge: a solution passes when it still holds the code that passed. */
function context(overrides: Partial<VerifyContext> = {}): VerifyContext {
  return {
    courseId: 'jwt-deep-dive',
    courseVersion: '1.0.0',
    labs: {
      'deny-list': { title: 'Deny list', checksHash: hash('a') },
      'logout-cutoff': { title: 'Logout', checksHash: hash('b') },
    },
    requiredLabIds: ['deny-list', 'logout-cutoff'],
    grade: async (_labId, code) => ({ passed: code.endsWith('= 1;') ? 3 : 1, total: 3 }),
    ...overrides,
  };
}

async function issued(): Promise<string> {
  const result = await buildCertificate(progress(), course, '  Ada Lovelace ', '2026-01-03');
  if (!result.ok) throw new Error(result.message);
  return JSON.stringify(result.certificate);
}

const edit = (text: string, change: (json: CertificateFile) => void) => {
  const json = JSON.parse(text);
  change(json);
  return JSON.stringify(json);
};

describe('claimStatus', () => {
  it('is ready when every required lab passed the current checks, and lists completed modules', () => {
    const status = claimStatus(progress(), course);
    expect(status.ready).toBe(true);
    expect(status.modulesCompleted.map((m) => m.id)).toEqual(['00-intro', '01-m', '02-q']);
  });

  it('completes a module from what was done in it, not from which pages were opened or scrolled', () => {
    const doc = progress();
    // A lesson without lab or quiz needs "Mark as done"; a module without labs needs its quizzes answered.
    delete doc.lessons.completed['00-intro/01-a'];
    delete doc.quizzes['02-q/01-q'];
    doc.lessons.visited = { '00-intro/01-a': 'x', '01-m/01-l': 'x', '02-q/01-q': 'x' };
    doc.lessons.completed['02-q/01-q'] = 'scrolled to the end';
    expect(claimStatus(doc, course).modulesCompleted.map((m) => m.id)).toEqual(['01-m']);
    // A lab that no longer passes leaves its module open even with the quiz answered.
    const withoutLab = progress({ 'deny-list': hash('a') } as never);
    expect(claimStatus(withoutLab, course).modulesCompleted.map((m) => m.id)).toEqual(['00-intro', '02-q']);
  });

  it('asks for a lab again when it passed against checks that changed since', () => {
    const status = claimStatus(progress({ 'deny-list': hash('f'), 'logout-cutoff': hash('b') }), course);
    expect(status.ready).toBe(false);
    expect(status.labs.map((l) => l.state)).toEqual(['passed-old-checks', 'passed']);
  });

  it('is not ready while a required lab never passed', async () => {
    const doc = progress({ 'deny-list': hash('a') } as never);
    expect(claimStatus(doc, course).ready).toBe(false);
    expect(await buildCertificate(doc, course, 'Ada', '2026-01-03')).toMatchObject({
      ok: false,
      code: 'ERR_CLAIM_NOT_READY',
    });
  });

  it('refuses an empty name', async () => {
    expect(await buildCertificate(progress(), course, '   ', '2026-01-03')).toMatchObject({
      ok: false,
      code: 'ERR_CLAIM_NAME',
    });
  });
});

describe('verifyCertificate', () => {
  it('never says valid for a run that did not complete, or whose counts its checks contradict', async () => {
    const passedChecks = [{ status: 'passed' }, { status: 'passed' }];
    for (const grade of [
      async () => ({ passed: 2, total: 2, status: 'crashed', results: passedChecks }),
      async () => ({
        passed: 2,
        total: 2,
        status: 'completed',
        results: [...passedChecks, { status: 'not run' }],
      }),
      async () => ({ passed: 0, total: 0 }),
    ]) {
      const report = await verifyCertificate(await issued(), context({ grade }));
      expect(report.kind === 'checked' && report.verdict).toBe('tampered');
      expect(report.kind === 'checked' && report.labs.every((lab) => lab.status === 'fails')).toBe(true);
    }
  });

  it('accepts an untouched certificate: every solution re-run passes', async () => {
    const report = await verifyCertificate(await issued(), context());
    expect(report).toMatchObject({ kind: 'checked', verdict: 'valid', tampered: [], changed: [] });
    if (report.kind !== 'checked') return;
    expect(report.certificate.learner.name).toBe('Ada Lovelace');
    expect(report.recomputedCode).toBe(report.certificate.verificationCode);
    expect(report.labs.map((l) => [l.labId, l.status])).toEqual([
      ['deny-list', 'passes'],
      ['logout-cutoff', 'passes'],
    ]);
  });

  it('reports an edited name as a code that does not match the contents', async () => {
    const report = await verifyCertificate(
      edit(await issued(), (j) => (j.learner.name = 'Mallory')),
      context(),
    );
    expect(report).toMatchObject({ verdict: 'tampered', tampered: [{ code: 'ERR_CERT_CODE_MISMATCH' }] });
  });

  it('reports a replaced solution as tampered, naming the lab that fails', async () => {
    const text = edit(await issued(), (j) => (j.labs[0]!.code = 'export const denylist = 0;'));
    const report = await verifyCertificate(text, context());
    expect(report.kind === 'checked' && report.tampered.map((f) => [f.code, f.labId])).toEqual([
      ['ERR_CERT_CODE_MISMATCH', undefined],
      ['ERR_CERT_SOLUTION_FAILS', 'deny-list'],
    ]);
  });

  it('reports a lab id this course does not have', async () => {
    const report = await verifyCertificate(
      await issued(),
      context({ labs: { 'deny-list': { title: 'Deny list', checksHash: hash('a') } } }),
    );
    expect(report.kind === 'checked' && report.tampered.map((f) => f.code)).toContain('ERR_CERT_UNKNOWN_LAB');
  });

  it('reports changed checks apart from tampering', async () => {
    const labs = {
      'deny-list': { title: 'Deny list', checksHash: hash('c') },
      'logout-cutoff': { title: 'Logout', checksHash: hash('b') },
    };
    const report = await verifyCertificate(await issued(), context({ labs }));
    expect(report).toMatchObject({
      verdict: 'checks-changed',
      tampered: [],
      changed: [{ code: 'CHECKS_CHANGED' }],
    });
    expect(report.kind === 'checked' && report.labs[0]).toMatchObject({
      status: 'passes',
      checksChanged: true,
    });
  });

  it('reports a certificate from an earlier course version, before a lab joined the required list, as changed, not tampered', async () => {
    const report = await verifyCertificate(
      await issued(),
      context({
        courseVersion: '1.1.0',
        labs: { ...context().labs, 'dpop-resource-server': { title: 'DPoP', checksHash: hash('d') } },
        requiredLabIds: ['deny-list', 'logout-cutoff', 'dpop-resource-server'],
      }),
    );
    expect(report).toMatchObject({ verdict: 'checks-changed', tampered: [] });
    expect(report.kind === 'checked' && report.changed.map((f) => f.code).sort()).toEqual([
      'CHECKS_CHANGED',
      'COURSE_VERSION_CHANGED',
      'REQUIRED_LABS_CHANGED',
    ]);
    // The labs it did cover still pass as they did when it was issued.
    expect(report.kind === 'checked' && report.labs.map((l) => [l.labId, l.status, l.checksChanged])).toEqual(
      [
        ['deny-list', 'passes', false],
        ['logout-cutoff', 'passes', false],
      ],
    );
  });

  it('does not call a solution that fails changed checks tampered', async () => {
    const labs = {
      'deny-list': { title: 'Deny list', checksHash: hash('c') },
      'logout-cutoff': { title: 'Logout', checksHash: hash('b') },
    };
    const report = await verifyCertificate(
      await issued(),
      context({ labs, grade: async () => ({ passed: 0, total: 2 }) }),
    );
    expect(report.kind === 'checked' && report.tampered.map((f) => f.code)).toEqual([
      'ERR_CERT_SOLUTION_FAILS',
    ]);
    expect(report.kind === 'checked' && report.changed.map((f) => f.code)).toEqual([
      'CHECKS_CHANGED',
      'LAB_FAILS_CHANGED_CHECKS',
    ]);
  });

  it.each([
    ['not JSON', () => 'nope', 'ERR_CERT_NOT_JSON'],
    ['a progress export', () => '{"format":"jwt-deep-dive/progress"}', 'ERR_CERT_NOT_CERTIFICATE'],
    [
      'a malformed certificate',
      async () => edit(await issued(), (j) => ((j as unknown as { labs: unknown }).labs = 'x')),
      'ERR_CERT_INVALID',
    ],
    [
      'another course',
      async () => edit(await issued(), (j) => (j.course.id = 'other')),
      'ERR_CERT_OTHER_COURSE',
    ],
  ])('cannot read %s', async (_, text, code) => {
    expect(await verifyCertificate(await text(), context())).toMatchObject({ kind: 'unreadable', code });
  });

  it('names where a malformed certificate is wrong', async () => {
    const report = await verifyCertificate(
      edit(await issued(), (j) => (j.labs[1]!.checksHash = 'short')),
      context(),
    );
    expect(report.kind === 'unreadable' && report.message).toContain('labs.1.checksHash');
  });
});
