import { equals, iterableEquality, subsetEquality, getObjectSubset } from '@vitest/expect';
import { CheckFailure } from './check-failure';
import { describeValue } from './describe-value';
import { describeThrown, firstLine, settle, snapshotThrown, type ThrownSnapshot } from './settle';
import { isPlatformResponse, snapshot, type Plain } from './snapshot';

/**
 * Learner code to call (a function, called with no arguments), the promise it returned (awaited), or a value it
 * returned (used as is). Prefer the function: a synchronous throw is then caught too.
 */
export type LearnerCall = unknown;

interface Labelled {
  /** Names the case on the failure's first line when one check tries several (`alg none: expected …`). */
  label?: string;
}

export interface RejectedOptions extends Labelled {
  /** The `err.code` the rejection must carry (jose's `ERR_JWT_EXPIRED`…). */
  code?: string;
  /** The `err.claim` the rejection must carry (jose's claim validation failures). */
  claim?: string;
}

export interface StatusOptions extends Labelled {
  /** The RFC 6750 `error` attribute the `WWW-Authenticate` challenge must carry; `null` for none at all. */
  error?: string | null;
}

/** A `Response`, as the snapshot reads it through the platform's own getters. */
export interface ResponseSnapshot {
  status: number;
  statusText: string;
  headers: Record<string, string>;
  /** The `WWW-Authenticate` challenge, parsed (RFC 9110 §11.6.1, RFC 6750 §3), when there is one. */
  challenge: { scheme: string; params: Record<string, string> } | undefined;
}

const prefix = (options: Labelled | undefined) => (options?.label ? `${options.label}: ` : '');

/**
 * Requires learner code to accept: resolve (or return) instead of throwing. With `shape`, what it returned must
 * match it the way `toMatchObject` does, and vitest's diff of the two is shown. Returns the snapshot.
 *
 * @example
 * const claims = await expectAccepted(() => verify(token), { sub: 'user-alice' });
 */
export async function expectAccepted(run: LearnerCall, shape?: object, options?: Labelled): Promise<Plain> {
  const outcome = await settle(run);
  if (!outcome.accepted) {
    throw new CheckFailure(
      'ERR_CHECK_EXPECTED_ACCEPTED',
      `${prefix(options)}expected: accepted; your code rejected it: it ${describeThrown(outcome.error)}`,
    );
  }
  if (shape !== undefined && !equals(outcome.value, shape, [iterableEquality, subsetEquality])) {
    throw new CheckFailure(
      'ERR_CHECK_EXPECTED_ACCEPTED',
      `${prefix(options)}expected: accepted, returning ${describeValue(shape as Plain, 80)}; your code returned ${describeValue(outcome.value, 80)}`,
      { expected: shape, actual: getObjectSubset(outcome.value, shape, [iterableEquality]).subset },
    );
  }
  return outcome.value;
}

/**
 * Requires learner code to reject: throw (or return a rejected promise). With `code`/`claim`, the thrown value
 * must carry them. Returns what was thrown, as plain data.
 *
 * @example
 * await expectRejected(() => verify(expired), { code: 'ERR_JWT_EXPIRED' });
 */
export async function expectRejected(
  run: LearnerCall,
  options: RejectedOptions = {},
): Promise<ThrownSnapshot> {
  const outcome = await settle(run);
  const wanted = [
    options.code ? `code ${options.code}` : '',
    options.claim ? `claim "${options.claim}"` : '',
  ].filter(Boolean);
  const expected = `expected: rejected (${wanted.length > 0 ? `an error with ${wanted.join(' and ')}` : 'any error'})`;
  if (outcome.accepted) {
    throw new CheckFailure(
      'ERR_CHECK_EXPECTED_REJECTED',
      `${prefix(options)}${expected}; your code accepted it and returned ${describeValue(outcome.value, 80)}`,
    );
  }
  const { error } = outcome;
  if ((options.code && error.code !== options.code) || (options.claim && error.claim !== options.claim)) {
    const carried = error.claim
      ? `${error.code ?? 'no code'}, claim "${error.claim}"`
      : (error.code ?? 'no code');
    throw new CheckFailure(
      'ERR_CHECK_EXPECTED_REJECTED',
      `${prefix(options)}${expected}; your code rejected it with ${carried}: it ${describeThrown(error)}`,
    );
  }
  return error;
}

/**
 * Requires learner code to answer with a genuine `Response` of `status` (and, with `error`, the RFC 6750
 * challenge attribute). Returns the response as plain data.
 *
 * @example
 * await expectStatus(() => handle(request), 401, { error: 'invalid_token' });
 */
export async function expectStatus(
  run: LearnerCall,
  status: number,
  options: StatusOptions = {},
): Promise<ResponseSnapshot> {
  const wanted =
    options.error === undefined
      ? `status ${status}`
      : options.error === null
        ? `status ${status} with a challenge that names no error`
        : `status ${status} with WWW-Authenticate error="${options.error}"`;
  let returned: unknown;
  try {
    returned = await (typeof run === 'function' ? run() : run);
  } catch (thrown) {
    throw new CheckFailure(
      'ERR_CHECK_EXPECTED_RESPONSE',
      `${prefix(options)}expected: ${wanted}; your code ${describeThrown(snapshotThrown(thrown))}`,
    );
  }
  if (!isPlatformResponse(returned)) {
    throw new CheckFailure(
      'ERR_CHECK_EXPECTED_RESPONSE',
      `${prefix(options)}expected: a Response with ${wanted}; your code returned ${describeValue(snapshot(returned), 80)}`,
    );
  }
  const response = asResponse(snapshot(returned));
  const error = response.challenge?.params['error'];
  const statusWrong = response.status !== status;
  const errorWrong =
    options.error !== undefined && (options.error === null ? error !== undefined : error !== options.error);
  if (statusWrong || errorWrong) {
    const got = response.headers['www-authenticate'];
    throw new CheckFailure(
      'ERR_CHECK_EXPECTED_STATUS',
      `${prefix(options)}expected: ${wanted}; your code answered ${response.status}${
        options.error === undefined
          ? ''
          : got === undefined
            ? ' with no WWW-Authenticate'
            : ` with WWW-Authenticate: ${firstLine(got, 120)}`
      }`,
    );
  }
  return response;
}

/** The snapshot of a platform `Response` (see `snapshot`), with its challenge parsed. */
function asResponse(value: Plain): ResponseSnapshot {
  const record = value as { status: number; statusText: string; headers: Record<string, string> };
  return { ...record, challenge: parseChallenge(record.headers['www-authenticate']) };
}

/** `Bearer realm="x", error="invalid_token"` → scheme (lower case) and quoted parameters (RFC 6750 §3). */
export function parseChallenge(header: string | undefined): ResponseSnapshot['challenge'] {
  if (header === undefined) return undefined;
  const [, scheme = '', rest = ''] = /^\s*([^\s,]+)\s*(.*)$/s.exec(header) ?? [];
  const params: Record<string, string> = {};
  for (const match of rest.matchAll(/([A-Za-z_]+)\s*=\s*"((?:[^"\\]|\\.)*)"/g)) {
    params[(match[1] ?? '').toLowerCase()] = match[2] ?? '';
  }
  return { scheme: scheme.toLowerCase(), params };
}
