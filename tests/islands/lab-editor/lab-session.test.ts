import { afterEach, beforeEach, describe, expect, it, vi } from 'vitest';
import type { LabIslandProps } from '../../../src/components/lab-page/lab-island-props';
import { openProgressStore } from '../../../src/progress/progress-store';
import {
  AUTOSAVE_DELAY_MS,
  createLabSession,
  LIVE_RESULTS_INTERVAL_MS,
} from '../../../src/islands/lab-editor/lab-session';
import type { CreateLabRunner, RunReport } from '../../../src/islands/lab-editor/lab-runner-port';
import { MemoryStorage } from '../../support/memory-storage';

const props: LabIslandProps = {
  labId: 'verify-access-token',
  title: 'Verify an access token',
  editableFile: 'verify-token.ts',
  starter: 'export function verify() {}',
  checks: 'describe("x", () => {})',
  hints: [
    { id: 'first', forChecks: [] },
    { id: 'for-alg', forChecks: ['verify > rejects alg none'] },
  ],
  timeoutMs: 1500,
  references: [{ spec: 'RFC 8725', section: '3.1' }],
  solutionOffer: { mode: 'after-attempts', attempts: 3 },
  solution: 'export function verify() { return true; }',
  starterHash: 'starter-v1',
  checksHash: 'checks-v1',
  courseId: 'jwt-deep-dive',
  basePath: '/',
};

const report = (passed: number): RunReport => ({
  status: 'completed',
  results: [
    {
      name: 'verify > accepts',
      status: 'passed',
      durationMs: 1,
      console: [],
      evidence: [],
    },
    {
      name: 'verify > rejects alg none',
      status: passed > 1 ? 'passed' : 'failed',
      durationMs: 1,
      console: [],
      evidence: [],
    },
  ],
  passed,
  total: 2,
  durationMs: 5,
  network: [],
});

function setup(storage = new MemoryStorage(), runnerImpl?: CreateLabRunner) {
  const store = openProgressStore({
    courseId: props.courseId,
    basePath: props.basePath,
    storage,
  });
  const createRunner: CreateLabRunner =
    runnerImpl ??
    (() => ({
      run: async (_code, onEvent = () => undefined) => {
        const r = report(1);
        for (const result of r.results) {
          onEvent({ type: 'check-start', name: result.name });
          onEvent({ type: 'check-end', result });
        }
        return r;
      },
      dispose: vi.fn(),
    }));
  return {
    storage,
    store,
    session: createLabSession({
      props,
      store,
      loadRunner: async () => createRunner,
    }),
  };
}

beforeEach(() => vi.useFakeTimers());
afterEach(() => vi.useRealTimers());

describe('createLabSession', () => {
  it('opens on the starter when nothing is saved', () => {
    const { session } = setup();
    expect(session.getState()).toMatchObject({
      code: props.starter,
      origin: { kind: 'starter' },
    });
  });

  it('autosaves within the debounce delay and restores on the next open', () => {
    const { storage, session } = setup();
    // Nothing was saved by opening the lab: "Saved" is said only after an edit.
    expect(session.getState().save.status).toBe('idle');
    session.edit('const mine = 1;');
    expect(session.getState().save.status).toBe('pending');
    vi.advanceTimersByTime(AUTOSAVE_DELAY_MS);
    expect(session.getState().save.status).toBe('saved');
    expect(setup(storage).session.getState()).toMatchObject({
      code: 'const mine = 1;',
      origin: { kind: 'restored' },
    });
  });

  it('says nothing was restored when the saved code is the starter itself', () => {
    const { storage, store } = setup();
    store.saveLabCode(props.labId, {
      code: props.starter,
      starterHash: 'starter-v1',
      checksHash: 'checks-v1',
    });
    expect(setup(storage).session.getState()).toMatchObject({
      code: props.starter,
      origin: { kind: 'starter' },
      save: { status: 'idle' },
    });
  });

  it('shows the last run after a reload, and whether the checks changed since', async () => {
    vi.setSystemTime(new Date('2026-03-01T10:00:00Z'));
    const { storage, session } = setup();
    await session.run();
    expect(setup(storage).session.getState().run).toEqual({
      status: 'previous',
      lastRun: { passed: 1, total: 2, checksHash: 'checks-v1', ranAt: '2026-03-01T10:00:00.000Z' },
      checksChanged: false,
    });
    const store = openProgressStore({ courseId: props.courseId, basePath: props.basePath, storage });
    const reopened = createLabSession({
      props: { ...props, checksHash: 'checks-v2' },
      store,
      loadRunner: async () => {
        throw new Error('unused');
      },
    });
    expect(reopened.getState().run).toMatchObject({ status: 'previous', checksChanged: true });
  });

  it('keeps revealed hints revealed after a reload', async () => {
    const { storage, session } = setup();
    await session.run();
    session.revealHint();
    session.revealHint('first');
    session.revealHint('first');
    expect(setup(storage).session.getState().revealedHints).toEqual(['for-alg', 'first']);
  });

  it('turns hints saved by index into their ids, and keeps ids it does not know', () => {
    const storage = new MemoryStorage();
    const store = openProgressStore({ courseId: props.courseId, basePath: props.basePath, storage });
    store.saveRevealedHints(props.labId, [1, 'a-hint-since-removed']);
    const { session } = setup(storage);
    expect(session.getState().revealedHints).toEqual(['for-alg']);
    expect(store.lab(props.labId).revealedHints).toEqual(['for-alg', 'a-hint-since-removed']);
    session.revealHint('first');
    expect(store.lab(props.labId).revealedHints).toEqual(['a-hint-since-removed', 'for-alg', 'first']);
  });

  it('keeps saved code written against an older lab and says what changed', () => {
    const { storage, store } = setup();
    store.saveLabCode(props.labId, {
      code: 'old work',
      starterHash: 'starter-v1',
      checksHash: 'checks-v0',
    });
    expect(setup(storage).session.getState()).toMatchObject({
      code: 'old work',
      origin: {
        kind: 'restored-outdated',
        starterChanged: false,
        checksChanged: true,
      },
    });
  });

  it('lets "Reset to starter" be undone', () => {
    const { session } = setup();
    session.edit('my work');
    session.resetToStarter();
    expect(session.getState()).toMatchObject({
      code: props.starter,
      undoReset: 'my work',
    });
    session.undoReset();
    expect(session.getState()).toMatchObject({
      code: 'my work',
      undoReset: undefined,
    });
  });

  it('streams results while running, at most one render per interval, then records the attempt', async () => {
    let release: () => void = () => undefined;
    const { session, store } = setup(undefined, () => ({
      run: async (_code, onEvent = () => undefined) => {
        const r = report(1);
        for (const result of r.results) {
          onEvent({ type: 'check-start', name: result.name });
          onEvent({ type: 'check-end', result });
        }
        await new Promise<void>((resolve) => (release = resolve));
        return r;
      },
      dispose: vi.fn(),
    }));
    const seen: number[] = [];
    session.subscribe(() => {
      const run = session.getState().run;
      if (run.status === 'running') seen.push(run.live.length);
    });
    const running = session.run();
    await vi.advanceTimersByTimeAsync(LIVE_RESULTS_INTERVAL_MS - 1);
    // The run starts empty; the four events (two starts, two verdicts) wait for the interval, then render once.
    expect(seen).toEqual([0]);
    await vi.advanceTimersByTimeAsync(1);
    expect(seen).toEqual([0, 2]);
    release();
    await running;
    expect(session.getState()).toMatchObject({
      run: { status: 'done', report: { passed: 1 } },
      attempts: 1,
    });
    expect(store.lab(props.labId)).toMatchObject({
      attempts: 1,
      best: { passed: 1, total: 2 },
    });
  });

  it('keeps the code a fully passing run graded, even if the learner typed during the run', async () => {
    const { store } = setup();
    let finish: (r: RunReport) => void = () => undefined;
    const session = createLabSession({
      props,
      store,
      loadRunner: async () => () => ({
        run: () => new Promise<RunReport>((resolve) => (finish = resolve)),
        dispose: () => undefined,
      }),
    });
    session.edit('graded code');
    const running = session.run();
    await vi.waitFor(() => expect(session.getState().run.status).toBe('running'));
    await Promise.resolve();
    session.edit('typed during the run');
    vi.advanceTimersByTime(AUTOSAVE_DELAY_MS);
    expect(store.lab(props.labId).saved?.code).toBe('typed during the run');
    finish(report(2));
    await running;
    expect(store.lab(props.labId).passing?.code).toBe('graded code');
  });

  it('reports a runner that failed to download and loads it again on the next run', async () => {
    const storage = new MemoryStorage();
    const store = openProgressStore({
      courseId: props.courseId,
      basePath: props.basePath,
      storage,
    });
    let calls = 0;
    const session = createLabSession({
      props,
      store,
      loadRunner: async () => {
        calls += 1;
        if (calls === 1)
          throw new TypeError('Failed to fetch dynamically imported module: /_astro/lab-runner.js');
        return () => ({ run: async () => report(2), dispose: () => undefined });
      },
    });
    session.edit('kept code');
    await session.run();
    expect(session.getState().run).toMatchObject({
      status: 'failed',
      message: expect.stringContaining('reload'),
    });
    expect(session.getState().code).toBe('kept code');
    await session.run();
    expect(session.getState().run).toMatchObject({
      status: 'done',
      report: { passed: 2 },
    });
  });

  it('hands a click to a loaded runner before any listener renders the run as running', async () => {
    const seen: string[] = [];
    const { session } = setup(new MemoryStorage(), () => ({
      run: async () => {
        seen.push(`runner given the code while ${session.getState().run.status}`);
        return report(2);
      },
      dispose: () => undefined,
    }));
    session.subscribe(() => seen.push(`listener told ${session.getState().run.status}`));
    session.warm();
    await vi.advanceTimersByTimeAsync(0);
    const done = session.run();
    expect(seen).toEqual(['runner given the code while idle', 'listener told running']);
    await done;
    expect(session.getState().run).toMatchObject({ status: 'done', report: { passed: 2 } });
  });

  it('shows a first click as running while the runner still loads', async () => {
    let loaded!: (create: CreateLabRunner) => void;
    const session = createLabSession({
      props,
      store: openProgressStore({
        courseId: props.courseId,
        basePath: props.basePath,
        storage: new MemoryStorage(),
      }),
      loadRunner: () => new Promise<CreateLabRunner>((resolve) => (loaded = resolve)),
    });
    const done = session.run();
    expect(session.getState().run.status).toBe('running');
    loaded(() => ({ run: async () => report(1), dispose: () => undefined }));
    await done;
    expect(session.getState().run).toMatchObject({ status: 'done', report: { passed: 1 } });
  });

  it('offers the hint tied to the first failing check first', async () => {
    const { session } = setup();
    await session.run();
    session.revealHint();
    expect(session.getState().revealedHints).toEqual(['for-alg']);
    session.revealHint();
    expect(session.getState().revealedHints).toEqual(['for-alg', 'first']);
  });

  it('warns when another tab opens the same lab', () => {
    const store = openProgressStore({
      courseId: 'c',
      basePath: '/',
      storage: new MemoryStorage(),
    });
    let announce: () => void = () => undefined;
    const session = createLabSession({
      props,
      store,
      loadRunner: async () => {
        throw new Error('unused');
      },
      watchOtherTabs: (onOther) => {
        announce = onOther;
        return () => undefined;
      },
    });
    expect(session.getState().otherTabOpen).toBe(false);
    announce();
    expect(session.getState().otherTabOpen).toBe(true);
  });
});
