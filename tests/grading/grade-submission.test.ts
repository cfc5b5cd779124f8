import { beforeAll, describe, expect, it } from 'vitest';
import { watchdogMessage } from '../../src/grading/core/run-tracker';
import { timeoutMessage } from '../../src/grading/core/run-checks';
import type { RunReport } from '../../src/grading/core/runner-events';
import { gradeSubmissions } from '../../src/grading/node/grade-submission';
import { loadLab, type LoadedLab } from '../../src/lab-format/load-lab';
import { WATCHDOG_GRACE_MS } from '../../src/schemas/check-limits';

const lab: LoadedLab = loadLab('tests/fixtures/labs/verify-token');
const ACCEPTS = 'verifyToken > accepts a token the issuer minted for this API';
const AUDIENCE = 'verifyToken > rejects a token minted for another API';

const submissions = {
  solution: lab.solution,
  starter: lab.starter,
  syntaxError: `import { jwtVerify } from 'jose';\n\nexport async function verifyToken(token: string {\n  return jwtVerify(token);\n}\n`,
  throwsString: `export async function verifyToken(): Promise<never> {\n  return Promise.reject(new Error('x'));\n}\nthrow 'nope';\n`,
  loops: `export async function verifyToken(): Promise<never> {\n  for (;;) {}\n}\n`,
  neverSettles: `export function verifyToken(): Promise<never> {\n  return new Promise(() => {});\n}\n`,
  chatty: `export async function verifyToken(token: string) {\n  for (let i = 0; i < 500; i++) console.log('line', i, { token: token.length });\n  throw new Error('still wrong');\n}\n`,
  runtimeError: `const settings: any = undefined;\nexport const issuer: string = settings.issuer;\nexport async function verifyToken() {}\n`,
};
type Name = keyof typeof submissions;
const reports = {} as Record<Name, RunReport>;

/**
 * The lab with a 200 ms timeout, and the solution made to wait first on one WebCrypto operation that takes
 * longer than that (three million PBKDF2 rounds): the machine working for the check, as a busy machine makes
 * every signature and digest slow. Beside it, a check that waits on nothing for as long.
 */
const hurried: LoadedLab = { ...lab, meta: { ...lab.meta, timeoutMs: 200 } };
const HOST_WORK = `
  const secret = await crypto.subtle.importKey('raw', new Uint8Array(16), 'PBKDF2', false, ['deriveBits']);
  await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt: new Uint8Array(16), iterations: 3_000_000 }, secret, 256);
`;
const slowHost = lab.solution.replace(
  /(export async function verifyToken\([^)]*\)[^{]*\{)/,
  `$1${HOST_WORK}`,
);
let slowHostReport: RunReport;
let idleReport: RunReport;

beforeAll(async () => {
  const names = Object.keys(submissions) as Name[];
  const graded = await gradeSubmissions([
    ...names.map((name) => ({ lab, code: submissions[name] })),
    { lab: hurried, code: slowHost },
    { lab: hurried, code: submissions.neverSettles },
  ]);
  names.forEach((name, index) => (reports[name] = graded[index] as RunReport));
  [slowHostReport, idleReport] = graded.slice(names.length) as [RunReport, RunReport];
}, 120_000);

const result = (name: Name, check: string) => reports[name].results.find((r) => r.name === check);

describe('gradeSubmission (Node, sandboxed child + worker thread)', () => {
  it('passes every check for the reference solution and records the checks evidence', () => {
    expect(reports.solution).toMatchObject({ status: 'completed', passed: 4, total: 4 });
    expect(result('solution', AUDIENCE)?.evidence).toEqual([
      expect.objectContaining({ clauses: ['RFC 8725 §3.9'], token: expect.stringMatching(/^ey/) }),
    ]);
  });

  it('reports the simulated requests each check made', () => {
    expect(reports.solution.network.some((entry) => entry.check === ACCEPTS && /jwks/.test(entry.url))).toBe(
      true,
    );
  });

  it("fails the starter with the check's one-line message", () => {
    expect(reports.starter.passed).toBe(1);
    expect(result('starter', AUDIENCE)).toMatchObject({
      status: 'failed',
      message: expect.stringMatching(
        /^expected: rejected \(an error with code ERR_JWT_CLAIM_VALIDATION_FAILED\); your code accepted it and returned /,
      ),
    });
  });

  it('reports a syntax error at file:line:col on the learner lines, every check as error', () => {
    expect(reports.syntaxError.status).toBe('compile-error');
    expect(reports.syntaxError.compileError).toMatchObject({ file: 'verify-token.ts', line: 3, column: 49 });
    expect(reports.syntaxError.results.map((r) => r.status)).toEqual(['error', 'error', 'error', 'error']);
    expect(reports.syntaxError.results[0]?.message).toMatch(/^verify-token\.ts:3:49 /);
  });

  it('reports a thrown non-Error value as such (here thrown while the submission loads)', () => {
    // The submission is evaluated when a check first reaches it, inside the check's call of learner code.
    expect(result('throwsString', ACCEPTS)).toMatchObject({
      status: 'failed',
      message: 'expected: accepted; your code rejected it: it threw "nope"',
    });
  });

  it('stops a synchronous loop with the watchdog, naming the check, and marks the rest not run', () => {
    const statuses = reports.loops.results.map((r) => r.status);
    expect(statuses).toEqual(['timeout', 'not run', 'not run', 'not run']);
    expect(reports.loops.results[0]?.message).toBe(
      watchdogMessage(ACCEPTS, lab.meta.timeoutMs + WATCHDOG_GRACE_MS),
    );
  });

  it('times out a never-settling promise per check and still runs the others', () => {
    expect(reports.neverSettles.results.map((r) => r.status)).toEqual([
      'timeout',
      'timeout',
      'timeout',
      'timeout',
    ]);
    expect(reports.neverSettles.results[0]?.message).toBe(timeoutMessage(lab.meta.timeoutMs));
  });

  it('does not count the time a check waits on the host working for it, and still times out one that waits on nothing', () => {
    expect(slowHost).not.toBe(lab.solution);
    expect(slowHostReport).toMatchObject({ status: 'completed', passed: 4, total: 4 });
    expect(slowHostReport.results.every((r) => r.durationMs > hurried.meta.timeoutMs)).toBe(true);
    expect(idleReport.results.map((r) => r.status)).toEqual(['timeout', 'timeout', 'timeout', 'timeout']);
    expect(idleReport.results[0]?.message).toBe(timeoutMessage(200));
  });

  it('captures console output per check and caps it', () => {
    const lines = result('chatty', ACCEPTS)?.console ?? [];
    expect(lines).toHaveLength(51);
    expect(lines[0]).toEqual({ level: 'log', text: expect.stringMatching(/^line 0 \{ token: \d+ \}$/) });
    expect(lines.at(-1)).toEqual({ level: 'warn', text: '… 450 more console lines not shown' });
  });

  it("reports a TypeError thrown while the submission loads in every check, with the engine's message", () => {
    expect(reports.runtimeError.results.map((r) => r.status)).toEqual([
      'failed',
      'failed',
      'failed',
      'failed',
    ]);
    expect(result('runtimeError', ACCEPTS)?.message).toBe(
      "expected: accepted; your code rejected it: it threw TypeError: Cannot read properties of undefined (reading 'issuer')",
    );
  });

  it('grades one lab after another run in the same thread without either seeing what the other left behind', async () => {
    // Every second submission leaves a mark wherever learner code can write; the others refuse every token
    // once they find one. Twelve runs: more than one thread grades in a row (../../src/grading/core/worker-reuse.ts).
    const marks = `
      (globalThis as Record<string, unknown>)['leftBehind'] = true;
      try { (Object.prototype as Record<string, unknown>)['leftBehind'] = true; } catch {}
      try { (JSON as unknown as Record<string, unknown>)['leftBehind'] = true; } catch {}
    `;
    const looks = `const seen = [globalThis, Object.prototype, JSON].some((o) => 'leftBehind' in o);`;
    const marking = `${lab.solution}\n${marks}`;
    const looking = lab.solution.replace(
      /(export async function verifyToken\([^)]*\)[^{]*\{)/,
      `$1 ${looks} if (seen) throw new Error('a mark from another run');`,
    );
    expect(looking).not.toBe(lab.solution);
    const graded = await gradeSubmissions(
      Array.from({ length: 12 }, (_, i) => ({ lab, code: i % 2 === 0 ? marking : looking })),
    );
    expect(graded.map((report) => `${report.passed}/${report.total}`)).toEqual(Array(12).fill('4/4'));
  }, 120_000);

  it("reports a built-in mutant's activations for its own run, even in a thread that graded another first", async () => {
    // refresh-rotation's functions never receive a token: decode-only has nothing to replace there.
    const rotation = loadLab('refresh-rotation');
    const [rejectAll, decodeOnly] = await gradeSubmissions(
      [
        { lab: rotation, code: rotation.solution, mutant: 'reject-all' },
        { lab: rotation, code: rotation.solution, mutant: 'decode-only' },
      ],
      { concurrency: 1 },
    );
    expect(rejectAll?.mutantActivations).toBeGreaterThan(0);
    expect(decodeOnly?.mutantActivations).toBe(0);
  }, 120_000);
});
