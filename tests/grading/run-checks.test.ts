import { describe, expect, it } from 'vitest';
import { createMiniVitest } from '../../src/grading/core/mini-vitest/vitest-module';
import { runChecks } from '../../src/grading/core/run-checks';
import type { CollectedTest } from '../../src/grading/core/mini-vitest/suite-collector';

type Api = Record<string, (...args: unknown[]) => void>;

/** Two describe blocks with every kind of hook, each step logged. */
function collect() {
  const vitest = createMiniVitest();
  const api = vitest.module as unknown as Api;
  const log: string[] = [];
  for (const block of ['A', 'B']) {
    api['describe']?.(block, () => {
      api['beforeAll']?.(() => log.push(`${block} beforeAll`));
      api['beforeEach']?.(() => log.push(`${block} beforeEach`));
      api['afterEach']?.(() => log.push(`${block} afterEach`));
      api['afterAll']?.(() => log.push(`${block} afterAll`));
      for (const check of ['one', 'two']) api['it']?.(check, () => log.push(`${block} ${check}`));
    });
  }
  return { vitest, log };
}

async function run(include?: (test: CollectedTest) => boolean) {
  const { vitest, log } = collect();
  const results = await runChecks({
    root: vitest.collector.root,
    timeoutMs: 1000,
    expect: vitest.expect,
    context: { reset: () => undefined, takeEvidence: () => [], takeNetwork: () => [] },
    console: { begin: () => undefined, take: () => [] },
    timers: {
      setTimeout: (callback, ms) => setTimeout(callback, ms),
      clearTimeout,
      now: () => performance.now(),
    },
    onEvent: () => undefined,
    network: [],
    ...(include ? { include } : {}),
  });
  return { names: results.map((result) => `${result.name}: ${result.status}`), log };
}

describe('runChecks with a share of the checks', () => {
  it('runs only the checks it is given, and no hook of a block with none of them', async () => {
    const { names, log } = await run((test) => test.name.startsWith('B'));
    expect(names).toEqual(['B > one: passed', 'B > two: passed']);
    expect(log).toEqual([
      'B beforeAll',
      'B beforeEach',
      'B one',
      'B afterEach',
      'B beforeEach',
      'B two',
      'B afterEach',
      'B afterAll',
    ]);
  });

  it('adds up, share by share, to the whole run', async () => {
    const whole = await run();
    const first = await run((test) => test.name.endsWith('one'));
    const second = await run((test) => test.name.endsWith('two'));
    expect([...first.names, ...second.names].sort()).toEqual([...whole.names].sort());
    expect(first.log).toContain('A beforeAll');
    expect(second.log).toContain('B afterAll');
  });
});
