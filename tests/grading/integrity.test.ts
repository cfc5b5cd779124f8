import { beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/grading/core/runner-events';
import { gradeSubmissions } from '../../src/grading/node/grade-submission';
import { loadLab } from '../../src/lab-format/load-lab';

const lab = loadLab('tests/fixtures/labs/verify-token');
const ATTACKS = [
  'verifyToken > rejects a token minted for another API',
  'verifyToken > rejects a token once the clock passes its exp',
  'verifyToken > rejects an edited payload',
];

/** Decodes without verifying: the insecure core every cheating attempt below wraps. */
const insecure = `
import { decodeJwt } from 'jose';
export async function verifyToken(token: string) {
  return decodeJwt(token);
}`;

/** Each tries to make the checks report a pass without doing the security work. */
const attempts: Record<string, string> = {
  'replaces jose.jwtVerify': `import * as jose from 'jose';
(jose as any).jwtVerify = async (token: string) => ({ payload: jose.decodeJwt(token), protectedHeader: {} });
${insecure}`,
  'patches jose errors so rejections look like passes': `import { errors } from 'jose';
(errors.JWTExpired.prototype as any).code = 'ERR_JWT_EXPIRED';
${insecure}`,
  'redefines Date.now to stay before exp': `(Date as any).now = () => 0;
${insecure}`,
  'swaps the global Date': `(globalThis as any).Date = class extends Date { constructor() { super(0); } };
${insecure}`,
  'patches Object.prototype and Array.prototype used by the matchers': `(Object.prototype as any).toJSON = () => ({});
(Array.prototype as any).every = () => true;
${insecure}`,
  'patches Promise.prototype.then': `Promise.prototype.then = function () { return this; } as any;
${insecure}`,
  'patches Response.prototype': `Object.defineProperty(Response.prototype, 'status', { get: () => 200 });
${insecure}`,
  'imports vitest to patch expect': `import { expect } from 'vitest';
(expect as any).extend = () => {};
${insecure}`,
  'imports the worker port to post a forged result': `import { parentPort } from 'node:worker_threads';
parentPort?.postMessage({ type: 'done', report: { status: 'completed', results: [], passed: 4, total: 4, durationMs: 0, network: [] } });
${insecure}`,
  'posts a forged result through a global postMessage': `(globalThis as any).postMessage({ type: 'done', report: { status: 'completed', results: [], passed: 4, total: 4 } });
${insecure}`,
  'reaches the realm global through the Function constructor': `const realm = (function () {}).constructor('return this')();
realm.postMessage?.({ type: 'done' });
${insecure}`,
  'patches quietly and carries on insecurely': `import * as jose from 'jose';
for (const attempt of [
  () => { (jose as any).jwtVerify = async (t: string) => ({ payload: jose.decodeJwt(t) }); },
  () => { (Date as any).now = () => 0; },
  () => { (Object as any).is = () => true; },
]) {
  try { attempt(); } catch {}
}
${insecure}`,
};

const reports = new Map<string, RunReport>();

beforeAll(async () => {
  const names = Object.keys(attempts);
  const graded = await gradeSubmissions(names.map((name) => ({ lab, code: attempts[name] as string })));
  names.forEach((name, index) => reports.set(name, graded[index] as RunReport));
}, 180_000);

describe('learner code cannot fake a pass', () => {
  it.each(Object.keys(attempts))('a submission that %s fails the attack checks', (name) => {
    const report = reports.get(name) as RunReport;
    expect(report.status).toBe('completed');
    expect(report.total).toBe(4);
    for (const check of ATTACKS) {
      expect(report.results.find((r) => r.name === check)?.status, `${name}: ${check}`).not.toBe('passed');
    }
  });

  it('refuses the patch itself, at the learner line that tried it', () => {
    for (const name of [
      'replaces jose.jwtVerify',
      'patches jose errors so rejections look like passes',
      'redefines Date.now to stay before exp',
      'patches Promise.prototype.then',
      'patches Response.prototype',
      'reaches the realm global through the Function constructor',
    ]) {
      const message = (reports.get(name) as RunReport).results[0]?.message ?? '';
      expect(message, name).toMatch(
        /read.only|not extensible|Cannot (assign|define|redefine)|object is not extensible|trap returned falsish|not a valid constructor/i,
      );
    }
  });

  it('gives a submission no module but jose', () => {
    const message = reports.get('imports vitest to patch expect')?.results[0]?.message;
    // The submission loads when the check first calls it, so its load error is what the check's call threw.
    expect(message).toBe(
      "expected: accepted; your code rejected it: it threw LinkError (ERR_LAB_MODULE_NOT_FOUND): Cannot find module 'vitest' from verify-token.ts: a lab submission can import only jose",
    );
  });
});
