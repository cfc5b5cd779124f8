import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { shardCount } from '../../src/grading/core/shard-plan';
import { gradeSubmissions } from '../../src/grading/node/grade-submission';
import { loadLab } from '../../src/lab-format/load-lab';
import { MAX_REPORT_MS } from '../../src/schemas/check-limits';
import { startRunnerHarness, type RunnerHarness } from '../grading/browser-harness';

const lab = loadLab('tests/fixtures/labs/verify-token');
const FIRST = 'verifyToken > accepts a token the issuer minted for this API';
let harness: RunnerHarness;

beforeAll(async () => {
  harness = await startRunnerHarness();
});

afterAll(async () => {
  await harness?.close();
});

describe('createLabRunner in Chromium', () => {
  it('streams check-start and check-end for every check, in order', async () => {
    const report = await harness.grade(lab, lab.solution);
    expect(report).toMatchObject({ status: 'completed', passed: 4, total: 4 });
    expect(report.events.map((event) => event.type)).toEqual(
      Array(4).fill(['check-start', 'check-end']).flat(),
    );
    expect(report.network.length).toBeGreaterThan(0);
  });

  it('stops a synchronous loop within 3 s of its check starting, names it, and the next run works', async () => {
    const code = `export async function verifyToken(): Promise<never> {\n  while (true) {}\n}\n`;
    const report = await harness.grade(lab, code);
    expect(report.results.map((r) => r.status)).toEqual(['timeout', 'not run', 'not run', 'not run']);
    // Stopped by the silence limit (of the page's own time, so a busy machine does not fail this), not the ceiling.
    expect(report.results[0]?.durationMs).toBeLessThanOrEqual(MAX_REPORT_MS);
    expect(report.results[0]?.message).toContain(`Timed out in "${FIRST}"`);
    expect(await harness.grade(lab, lab.solution)).toMatchObject({ passed: 4, total: 4 });
  });

  it('lets a check wait on WebCrypto past its timeout, the worker beating meanwhile', async () => {
    // The shortest timeout a lab may set; the one check waits far longer on PBKDF2 (~0.8 s on a quiet 2-core
    // machine, several seconds on a busy one, within MAX_CHECK_MS). Past 1.1 s only the worker's beats keep the
    // watchdog off (run-tracker.test.ts shows that part on a virtual clock).
    const probe = {
      ...lab,
      id: 'busy-host-probe',
      meta: { ...lab.meta, timeoutMs: 100 },
      checks: `import { expect, it } from 'vitest';
import { derive } from '@lab/submission';
it('waits on the host', async () => {
  expect(await derive()).toBe(32);
});
`,
    };
    const code = `export async function derive(): Promise<number> {
  const secret = await crypto.subtle.importKey('raw', new Uint8Array(16), 'PBKDF2', false, ['deriveBits']);
  const salt = new Uint8Array(16);
  const bits = await crypto.subtle.deriveBits({ name: 'PBKDF2', hash: 'SHA-256', salt, iterations: 6_000_000 }, secret, 256);
  return bits.byteLength;
}
`;
    const report = await harness.grade(probe, code);
    expect(report).toMatchObject({ status: 'completed', passed: 1, total: 1 });
    expect(report.results[0]?.durationMs).toBeGreaterThan(100);
  });

  it('grades the next run in the worker that finished the last in order, and in a fresh one after a timeout', async () => {
    // A runner of its own, so the earlier checks' runs do not count against this worker's ten.
    const probe = { ...lab, id: 'worker-reuse-probe' };
    const spawned: string[] = [];
    const onWorker = (worker: { url(): string }) => spawned.push(worker.url());
    harness.page.on('worker', onWorker);
    try {
      const runs = [];
      for (let i = 0; i < 3; i++) runs.push(await harness.grade(probe, lab.solution));
      expect(runs.map((r) => r.passed)).toEqual([4, 4, 4]);
      // One worker, warmed when the runner was made, graded all three.
      expect(spawned).toHaveLength(1);
      const loop = await harness.grade(
        probe,
        `export async function verifyToken(): Promise<never> {\n  while (true) {}\n}\n`,
      );
      expect(loop.results[0]?.status).toBe('timeout');
      expect(await harness.grade(probe, lab.solution)).toMatchObject({ passed: 4, total: 4 });
      expect(spawned).toHaveLength(2);
    } finally {
      harness.page.off('worker', onWorker);
    }
  });

  it('grades a long lab on one worker per core, each its share, into one report in check order', async () => {
    const long = loadLab('verify-access-token');
    const probe = { ...long, id: 'shard-probe' };
    const cores = await harness.page.evaluate(() => navigator.hardwareConcurrency);
    const expected = shardCount(long.checks, cores);
    const spawned: string[] = [];
    const onWorker = (worker: { url(): string }) => spawned.push(worker.url());
    harness.page.on('worker', onWorker);
    try {
      const report = await harness.grade(probe, long.solution);
      expect(spawned).toHaveLength(expected);
      expect(report).toMatchObject({ status: 'completed', passed: report.total });
      // Every check reported once, in the order npm run grade (one thread, every check) reports them.
      const [whole] = await gradeSubmissions([{ lab: long, code: long.solution }]);
      expect(report.results.map((result) => result.name)).toEqual(
        whole?.results.map((result) => result.name),
      );
      // A loop stops each worker's current check; every other check of the lab is still reported.
      const loop = await harness.grade(
        probe,
        'export function createAccessTokenVerifier() {\n  return async () => { for (;;) {} };\n}\n',
      );
      expect(loop.results).toHaveLength(report.results.length);
      expect(loop.results.filter((result) => result.status === 'timeout').length).toBeGreaterThanOrEqual(1);
      expect(loop.results.filter((result) => result.status === 'timeout').length).toBeLessThanOrEqual(
        expected,
      );
    } finally {
      harness.page.off('worker', onWorker);
    }
  });

  it('signs with one set of simulation keys per page load, in every worker it starts', async () => {
    // Each check names the issuer's first key of every algorithm. Twelve calls of `it`, so a 2-core page splits
    // them across two workers (shardCount counts the calls in the source).
    const check = (i: number) => `it('names the issuer keys ${i}', async () => {
  const kids = [];
  for (const algorithm of ['ES256', 'RS256', 'PS256', 'Ed25519']) {
    const issuer = 'https://' + algorithm.toLowerCase() + '.example.test';
    const server = await createTokenServer({ algorithm, issuer });
    kids.push(server.keys.jwks().keys[0].kid);
  }
  console.log(kids.join(' '));
});
`;
    const keyNames = (id: string) => ({
      ...lab,
      id,
      checks: `import { it } from 'vitest';
import { createTokenServer } from '@lab/server';
${Array.from({ length: 12 }, (_, i) => check(i)).join('')}`,
    });
    const named = async (id: string) => {
      const report = await harness.grade(keyNames(id), 'export {};\n');
      expect(report.results[0]?.message).toBeUndefined();
      expect(report).toMatchObject({ status: 'completed', passed: 12, total: 12 });
      return report.results.map((result) => result.console.map((entry) => entry.text).join(''));
    };
    const cores = await harness.page.evaluate(() => navigator.hardwareConcurrency);
    const spawned: string[] = [];
    const onWorker = (worker: { url(): string }) => spawned.push(worker.url());
    harness.page.on('worker', onWorker);
    try {
      // Two runners (a lab's workers, then another lab's) on one page: every worker signed with the same keys.
      const names = [...(await named('page-keys-probe-a')), ...(await named('page-keys-probe-b'))];
      // At least: an earlier check's runner may warm a replacement worker meanwhile.
      expect(spawned.length).toBeGreaterThanOrEqual(2 * shardCount(keyNames('count').checks, cores));
      expect(new Set(names).size).toBe(1);
      expect(names[0]?.split(' ')).toHaveLength(4);
    } finally {
      harness.page.off('worker', onWorker);
    }
  });

  it('reports a syntax error at file:line:col', async () => {
    const report = await harness.grade(lab, `export async function verifyToken(token: string {\n}\n`);
    expect(report.status).toBe('compile-error');
    expect(report.compileError).toMatchObject({ file: 'verify-token.ts', line: 1, column: 49 });
  });

  it('reports an Error thrown by learner code with its message', async () => {
    const code = `export async function verifyToken(token: string) {\n  void token;\n  throw new Error('boom');\n}\n`;
    const report = await harness.grade(lab, code);
    expect(report.results[0]).toMatchObject({
      status: 'failed',
      message: 'expected: accepted; your code rejected it: it threw Error: boom',
    });
  });

  it('gives learner code no postMessage, self, DOM or storage, so a forged result cannot land', async () => {
    const code = `
const probes = [typeof postMessage, typeof self, typeof document, typeof localStorage, typeof indexedDB, typeof importScripts];
try { (globalThis as any).postMessage({ type: 'done', report: { status: 'completed', results: [], passed: 4, total: 4 } }); } catch {}
try { (function () {}).constructor('return this')().postMessage({ type: 'done' }); } catch {}
import { decodeJwt } from 'jose';
export async function verifyToken(token: string) {
  console.log(probes.join(' '));
  return decodeJwt(token);
}`;
    const report = await harness.grade(lab, code);
    expect(report.passed).toBe(1);
    expect(report.results[0]?.console).toEqual([
      { level: 'log', text: 'undefined undefined undefined undefined undefined undefined' },
    ]);
  });

  it('reaches only simulated origins through fetch', async () => {
    const code = `export async function verifyToken() {\n  return (await fetch('https://example.com/')).json();\n}\n`;
    const report = await harness.grade(lab, code);
    expect(report.results[0]?.message).toMatch(
      /^expected: accepted; your code rejected it: it threw LabNetworkError \(ERR_LAB_NO_NETWORK\): fetch https:\/\/example\.co/,
    );
  });
});
