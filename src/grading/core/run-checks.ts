import { CodedError } from '../../errors/coded-error';
import type { CheckEvidence, CheckResult, ConsoleEntry } from '../../schemas/check-result';
import { failureFromThrown, type FailureFields } from './failure';
import { assertionCountError, resetExpectState, type LabExpect } from './mini-vitest/create-expect';
import type { CollectedSuite, CollectedTest, TestFunction } from './mini-vitest/suite-collector';
import type { RequestLogEntry } from '../../token-server/network/request-log';
import type { HostTimers } from './host-timers';
import type { HostWork } from './host-work';
import { startDeadline, type Deadline } from './check-deadline';
import { MAX_CHECK_MS } from '../../schemas/check-limits';
import type { NetworkEntry, RunnerEvent } from './runner-events';

/** The per-check lifecycle of the simulation (`src/check-api/run-context.ts`), seen from the runner. */
export interface RunContextPort {
  /** Fresh virtual clock (at `startMs`, the run's epoch), simulated network and evidence list: called before every check. */
  reset(startMs?: number): void;
  takeEvidence(): CheckEvidence[];
  /** The simulated requests the check made (read before the next reset). */
  takeNetwork(): RequestLogEntry[];
  /** Restores the real clock and `fetch` once no check will run in this realm any more (after a rehearsal). */
  dispose?(): void;
}

/** Console capture for the check that is running. */
export interface ConsoleSink {
  begin(): void;
  take(): ConsoleEntry[];
}

export interface RunChecksOptions {
  root: CollectedSuite;
  timeoutMs: number;
  expect: LabExpect;
  context: RunContextPort;
  console: ConsoleSink;
  /** Captured before any check runs: the virtual clock never replaces them. */
  timers: HostTimers;
  /** The host's WebCrypto work (./host-work.ts): time a check waits on it does not count towards its timeout. */
  hostWork?: () => HostWork;
  onEvent(event: RunnerEvent): void;
  /** Receives every simulated request, tagged with its check. */
  network: NetworkEntry[];
  /**
   * Asked before each check; resolving false ends the run there (no further checks or hooks). Only the
   * rehearsal passes it, to give the worker up to a learner's click between two of its checks.
   */
  proceed?: () => Promise<boolean>;
  /**
   * Runs only the checks this says yes to (one worker's share of a split run, ./shard-plan.ts); a suite with none
   * of them runs none of its hooks either, as vitest skips a filtered-out suite.
   */
  include?: (test: CollectedTest) => boolean;
}

/** vitest's own wording (`makeTimeoutError` in vitest 5), so timeouts read the same everywhere. */
export function timeoutMessage(timeoutMs: number): string {
  return `Test timed out in ${timeoutMs}ms.\nIf this is a long-running test, pass a timeout value as the last argument or configure it globally with "testTimeout".`;
}

/** Internal: the deadline fired; reported as the `timeout` status with vitest's wording, never thrown out. */
class CheckTimeout extends CodedError<(typeof CheckTimeout.codes)[number]> {
  static readonly codes = ['ERR_CHECK_TIMEOUT'] as const;
  override readonly name = 'CheckTimeout';
  constructor(timeoutMs: number) {
    super('ERR_CHECK_TIMEOUT', timeoutMessage(timeoutMs));
  }
}

/**
 * Runs collected checks in vitest's order: a suite's beforeAll, then each test wrapped in the
 * beforeEach hooks (outermost first) and afterEach hooks (innermost first, vitest's "stack" order),
 * then afterAll. One deadline covers a check's hooks and body, so the page watchdog's bound
 * (timeout + grace) holds for the whole check.
 */
export async function runChecks(options: RunChecksOptions): Promise<CheckResult[]> {
  const results: CheckResult[] = [];
  await runSuite(options.root, options, results, undefined);
  return results;
}

async function runSuite(
  suite: CollectedSuite,
  options: RunChecksOptions,
  results: CheckResult[],
  inherited: FailureFields | undefined,
): Promise<void> {
  if (options.include && !includesAny(suite, options.include)) return;
  let suiteFailure = inherited;
  for (const hook of suite.beforeAll) {
    if (suiteFailure) break;
    suiteFailure = await attempt(hook, options);
  }
  for (const child of suite.children) {
    if (options.proceed && !(await options.proceed())) return;
    if (child.kind === 'suite') await runSuite(child, options, results, suiteFailure);
    else if (!options.include || options.include(child))
      results.push(await runTest(child, options, suiteFailure));
  }
  for (const hook of suite.afterAll) {
    if (inherited) break;
    // vitest attributes an afterAll failure to the suite, not to tests that already passed.
    await attempt(hook, options);
  }
}

function includesAny(suite: CollectedSuite, include: (test: CollectedTest) => boolean): boolean {
  return suite.children.some((child) =>
    child.kind === 'suite' ? includesAny(child, include) : include(child),
  );
}

async function runTest(
  test: CollectedTest,
  options: RunChecksOptions,
  suiteFailure: FailureFields | undefined,
): Promise<CheckResult> {
  const { timers, context, expect } = options;
  options.onEvent({ type: 'check-start', name: test.name });
  const started = timers.now();
  let failure = suiteFailure;
  let evidence: CheckEvidence[] = [];
  let consoleEntries: ConsoleEntry[] = [];
  if (!failure) {
    options.console.begin();
    resetExpectState(expect, test.name);
    try {
      context.reset();
      failure = await withDeadline(() => runTestBody(test, expect), options);
    } catch (thrown) {
      failure = failureFromThrown(thrown);
    }
    evidence = safeEvidence(context);
    for (const entry of safeNetwork(context)) options.network.push({ ...entry, check: test.name });
    consoleEntries = options.console.take();
  }
  const result: CheckResult = {
    name: test.name,
    status: failure ? failure.status : 'passed',
    durationMs: Math.max(0, Math.round(timers.now() - started)),
    console: consoleEntries,
    evidence,
  };
  if (failure) {
    result.message = failure.message;
    if (failure.expected !== undefined) result.expected = failure.expected;
    if (failure.received !== undefined) result.received = failure.received;
    if (failure.diff !== undefined) result.diff = failure.diff;
  }
  options.onEvent({ type: 'check-end', result });
  return result;
}

async function runTestBody(test: CollectedTest, expect: LabExpect): Promise<FailureFields | undefined> {
  const chain: CollectedSuite[] = [];
  for (let suite: CollectedSuite | undefined = test.suite; suite; suite = suite.parent) chain.unshift(suite);
  let failure: FailureFields | undefined;
  try {
    for (const suite of chain) for (const hook of suite.beforeEach) await hook();
    await test.fn();
    const countError = assertionCountError(expect);
    if (countError) throw countError;
  } catch (thrown) {
    failure = failureFromThrown(thrown);
  }
  for (const suite of [...chain].reverse()) {
    for (const hook of [...suite.afterEach].reverse()) {
      try {
        await hook();
      } catch (thrown) {
        failure ??= failureFromThrown(thrown);
      }
    }
  }
  return failure;
}

async function attempt(hook: TestFunction, options: RunChecksOptions): Promise<FailureFields | undefined> {
  try {
    return await withDeadline(async () => {
      await hook();
      return undefined;
    }, options);
  } catch (thrown) {
    return failureFromThrown(thrown);
  }
}

function withDeadline(
  body: () => Promise<FailureFields | undefined>,
  { timeoutMs, timers, hostWork }: RunChecksOptions,
): Promise<FailureFields | undefined> {
  let deadline: Deadline | undefined;
  const expired = new Promise<never>((_, reject) => {
    deadline = startDeadline({
      timers,
      limitMs: timeoutMs,
      ceilingMs: MAX_CHECK_MS,
      ...(hostWork ? { hostWork } : {}),
      onExpire: () => reject(new CheckTimeout(timeoutMs)),
    });
  });
  return Promise.race([body(), expired])
    .catch((thrown: unknown): FailureFields => {
      if (thrown instanceof CheckTimeout) return { status: 'timeout', message: timeoutMessage(timeoutMs) };
      return failureFromThrown(thrown);
    })
    .finally(() => deadline?.cancel());
}

function safeNetwork(context: RunContextPort): RequestLogEntry[] {
  try {
    return context.takeNetwork();
  } catch {
    return [];
  }
}

function safeEvidence(context: RunContextPort): CheckEvidence[] {
  try {
    return context.takeEvidence();
  } catch {
    return [];
  }
}
