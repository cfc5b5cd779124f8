import * as jose from 'jose';
import type { CheckResult } from '../../schemas/check-result';
import { createConsoleCapture } from './console-capture';
import { hardenRealm } from './harden-realm';
import { showStackFramesOf } from './learner-stack';
import { createLearnerSandbox } from './learner-sandbox';
import { createMiniVitest } from './mini-vitest/vitest-module';
import { listTests, type CollectedTest } from './mini-vitest/suite-collector';
import { planShards, type ShardSpec } from './shard-plan';
import { linkChecks, type LinkedChecks } from './module-linker';
import { moduleNamespace, restoreClassNames, snapshotNamespace } from './module-namespace';
import { applyMutant, mutantActivations, type Mutant } from './mutants';
import type { HostTimers } from './host-timers';
import { hostWork } from './host-work';
import { buildRunReport, crashedRunReport } from './run-report';
import { randomRunSeed, runEpochMs } from './run-seed';
import { runChecks, type RunContextPort } from './run-checks';
import type { NetworkEntry, RunnerEvent, RunReport } from './runner-events';
import { REHEARSAL_CHECKS, REHEARSAL_CHECKS_FILE, REHEARSAL_FILE, REHEARSAL_SUBMISSION } from './rehearsal';
import { formatCompileError, transpile, type TranspileResult } from './transpile';

const CHECKS_FILE = 'checks.test.ts';

export interface GradeSessionOptions {
  /** Source of the lab's `checks.test.ts`. */
  checks: string;
  /** The file name learner code is shown and reported under (lab.md `editableFile`). */
  editableFile: string;
  timeoutMs: number;
  /** The `@lab/server` namespace, imported by the host before lockdown. */
  labServer: Readonly<Record<string, unknown>>;
  context: RunContextPort;
  timers: HostTimers;
}

export interface RunOptions {
  mutant?: Mutant;
  /** Replays a run (its start instant); a fresh random seed when absent. */
  seed?: number;
  /**
   * The full names of the checks this run will report, as soon as the checks are collected (before any runs),
   * and of every check the lab has (the same list unless the run is one worker's share).
   */
  onCollected?: (names: string[], all: string[]) => void;
  /** Run only this worker's share of the checks (./shard-plan.ts); the report holds only those. */
  shard?: ShardSpec;
}

/**
 * Everything a run needs, prepared ahead of the click: the realm is locked down, jose hardened and the
 * checks transpiled. `run()` may be called once: the next run in the same worker gets a session of its own.
 */
export function createGradeSession(options: GradeSessionOptions) {
  hardenRealm();
  // jose is shared by the checks and the submission: frozen all the way down before learner code exists.
  const hardenedJose = moduleNamespace('jose', harden(restoreClassNames(snapshotNamespace(jose))));
  const labServer = moduleNamespace('@lab/server', restoreClassNames(snapshotNamespace(options.labServer)));
  const checks = transpile(options.checks, CHECKS_FILE);
  let used = false;

  async function run(
    code: string,
    onEvent: (event: RunnerEvent) => void,
    runOptions: RunOptions = {},
  ): Promise<RunReport> {
    if (used) throw new Error('a grade session runs once: make a new session for the next run');
    used = true;
    return grade(checks, CHECKS_FILE, code, options.editableFile, onEvent, runOptions);
  }

  /**
   * Grades the built-in rehearsal (./rehearsal.ts) and throws the report away: V8 compiles what a check
   * touches on first call, and a fresh worker has compiled nothing yet, so a worker that rehearses while the learner
   * reads compiles it before the click instead of during the run. `proceed` is awaited before each
   * rehearsal check (the worker yields a task there and says whether the click came); disposing the
   * context after leaves no clock, network or console behind.
   */
  async function rehearse(proceed: () => Promise<boolean>): Promise<RunReport | undefined> {
    if (used || !(await proceed())) return undefined;
    const rehearsalChecks = transpile(REHEARSAL_CHECKS, REHEARSAL_CHECKS_FILE);
    try {
      return await grade(
        rehearsalChecks,
        REHEARSAL_CHECKS_FILE,
        REHEARSAL_SUBMISSION,
        REHEARSAL_FILE,
        () => {},
        {},
        proceed,
      );
    } finally {
      options.context.dispose?.();
    }
  }

  async function grade(
    checks: TranspileResult,
    checksFile: string,
    code: string,
    editableFile: string,
    onEvent: (event: RunnerEvent) => void,
    runOptions: RunOptions,
    proceed?: () => Promise<boolean>,
  ): Promise<RunReport> {
    const started = options.timers.now();
    // Every check of the run starts at the instant the seed picks: random per run, reported to replay it.
    const seed = runOptions.seed ?? randomRunSeed();
    const startMs = runEpochMs(seed);
    if (!checks.ok)
      return crashed(
        `The lab's ${checksFile} does not compile: ${formatCompileError(checks.error)}`,
        started,
      );
    const submission: TranspileResult = transpile(code, editableFile);
    showStackFramesOf(editableFile);
    const capture = createConsoleCapture();
    const vitest = createMiniVitest();
    const previousConsole = globalThis.console;
    let live = true;
    let linked: LinkedChecks;
    try {
      linked = linkChecks({
        checks: { code: checks.code, file: checksFile },
        submission: {
          code: submission.ok ? submission.code : '',
          file: editableFile,
        },
        checkBuiltins: {
          vitest: vitest.module,
          jose: hardenedJose,
          '@lab/server': labServer,
        },
        submissionBuiltins: { jose: hardenedJose },
        sandbox: createLearnerSandbox(capture, () => live),
        ...(runOptions.mutant
          ? {
              transformSubmission: (e) => applyMutant(runOptions.mutant as Mutant, e),
            }
          : {}),
      });
    } catch (error) {
      return crashed(
        `The lab's ${checksFile} failed to load: ${String((error as Error)?.message ?? error)}`,
        started,
      );
    }
    const all = listTests(vitest.collector.root);
    const share = runOptions.shard ? shareOf(all, runOptions.shard) : undefined;
    const tests = share ? all.filter((test) => share.has(test)) : all;
    runOptions.onCollected?.(
      tests.map((test) => test.name),
      all.map((test) => test.name),
    );
    if (!submission.ok) {
      const message = formatCompileError(submission.error);
      const results = tests.map((test): CheckResult => ({
        name: test.name,
        status: 'error',
        message,
        durationMs: 0,
        console: [],
        evidence: [],
      }));
      return report('compile-error', results, started, [], seed, submission.error);
    }
    const network: NetworkEntry[] = [];
    // The count is the thread's: a reused thread (./worker-reuse.ts) counts this run from here.
    const activationsBefore = mutantActivations();
    // Checks' own console output lands in the same per-check capture as the learner's.
    globalThis.console = { ...previousConsole, ...capture.console };
    try {
      const results = await runChecks({
        root: vitest.collector.root,
        timeoutMs: options.timeoutMs,
        hostWork,
        expect: vitest.expect,
        // Each check gets the submission evaluated afresh (its module state starts clean every time).
        context: {
          ...options.context,
          reset: () => {
            linked.freshSubmission();
            options.context.reset(startMs);
          },
        },
        console: capture,
        timers: options.timers,
        onEvent,
        network,
        ...(proceed ? { proceed } : {}),
        ...(share ? { include: (test: CollectedTest) => share.has(test) } : {}),
      });
      const completed = report('completed', results, started, network, seed);
      if (runOptions.mutant) completed.mutantActivations = mutantActivations() - activationsBefore;
      return completed;
    } finally {
      live = false;
      globalThis.console = previousConsole;
    }
  }

  function report(
    status: RunReport['status'],
    results: CheckResult[],
    started: number,
    network: NetworkEntry[],
    seed: number,
    compileError?: RunReport['compileError'],
  ): RunReport {
    const durationMs = options.timers.now() - started;
    return buildRunReport({
      status,
      results,
      durationMs,
      network,
      seed,
      ...(compileError ? { compileError } : {}),
    });
  }

  function crashed(message: string, started: number): RunReport {
    return crashedRunReport(message, options.timers.now() - started);
  }

  return { run, rehearse, checksCompiled: checks.ok };
}

export type GradeSession = ReturnType<typeof createGradeSession>;

/** The checks `shard` names, by ./shard-plan.ts over every check of the lab. */
function shareOf(all: CollectedTest[], shard: ShardSpec): Set<CollectedTest> {
  const plan = planShards(
    all.map((test) => test.name),
    shard.count,
    shard.costs,
  );
  return new Set((plan[shard.index] ?? []).map((index) => all[index] as CollectedTest));
}
