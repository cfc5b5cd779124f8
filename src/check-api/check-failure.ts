import { CodedError } from '../errors/coded-error';

/**
 * A check's verdict on learner code, thrown by the snapshot and the assertion vocabulary. It is named
 * `AssertionError` because that is what makes every runner (the grading worker, `npm run grade`, real vitest)
 * report the check as `failed` rather than `error`: the learner's code is wrong, the check is not broken.
 * The message is built from plain data only, so it reads the same in every engine.
 */
export class CheckFailure extends CodedError<CheckFailureCode> {
  /** Every way a learner value can fail a check before any matcher sees it. */
  static readonly codes = [
    'ERR_SNAPSHOT_PROXY',
    'ERR_SNAPSHOT_ACCESSOR',
    'ERR_SNAPSHOT_THENABLE',
    'ERR_SNAPSHOT_MATCHER',
    'ERR_SNAPSHOT_SYMBOL_KEY',
    'ERR_SNAPSHOT_CYCLE',
    'ERR_SNAPSHOT_TOO_LARGE',
    'ERR_SNAPSHOT_UNSUPPORTED',
    'ERR_CHECK_EXPECTED_ACCEPTED',
    'ERR_CHECK_EXPECTED_REJECTED',
    'ERR_CHECK_EXPECTED_RESPONSE',
    'ERR_CHECK_EXPECTED_STATUS',
  ] as const;
  override readonly name = 'AssertionError';
  /** Set only when two values differ structurally: vitest then prints its diff of the two. */
  readonly expected?: unknown;
  readonly actual?: unknown;
  readonly showDiff: boolean;

  constructor(code: CheckFailureCode, message: string, diff?: { expected: unknown; actual: unknown }) {
    super(code, message);
    this.showDiff = diff !== undefined;
    if (diff) {
      this.expected = diff.expected;
      this.actual = diff.actual;
    }
  }
}

export type CheckFailureCode = (typeof CheckFailure.codes)[number];
