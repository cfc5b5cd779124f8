import { describeValue } from './describe-value';
import { snapshot, type Plain } from './snapshot';

/** What learner code threw, as plain data. */
export interface ThrownSnapshot {
  /** False when the code threw something that is not an Error (a string, a plain object). */
  isError: boolean;
  name: string | undefined;
  message: string | undefined;
  /** jose's `err.code` (`ERR_JWT_EXPIRED`…), or the thrower's own `code`. */
  code: string | undefined;
  /** jose's `err.claim` for claim validation failures. */
  claim: string | undefined;
  /** Every own enumerable data property (an Error's `name` and `message` included). */
  value: Plain;
}

/** The outcome of calling learner code: what it returned or what it threw, both snapshotted. */
export type Settled = { accepted: true; value: Plain } | { accepted: false; error: ThrownSnapshot };

/**
 * Calls learner code (or awaits a promise it returned) and snapshots the outcome: nothing the learner returned
 * or threw reaches a matcher, and a value the snapshot refuses fails the check with its `ERR_SNAPSHOT_*` code.
 * `run` is a function (called with no arguments; a synchronous throw is caught too), a promise (awaited) or a
 * value learner code returned (used as is).
 *
 * @example
 * const outcome = await settle(() => verify(token));
 * if (!outcome.accepted) outcome.error.code; // 'ERR_JWT_EXPIRED'
 */
export async function settle(run: unknown): Promise<Settled> {
  let returned: unknown;
  try {
    returned = await (typeof run === 'function' ? run() : run);
  } catch (thrown) {
    return { accepted: false, error: snapshotThrown(thrown) };
  }
  return { accepted: true, value: snapshot(returned) };
}

/** A thrown value as plain data (see `ThrownSnapshot`). */
export function snapshotThrown(thrown: unknown): ThrownSnapshot {
  const value = snapshot(thrown);
  const record = value !== null && typeof value === 'object' && !Array.isArray(value) ? value : undefined;
  const text = (key: string): string | undefined => {
    const member = (record as Record<string, Plain> | undefined)?.[key];
    return typeof member === 'string' ? member : undefined;
  };
  return {
    isError: record !== undefined && 'name' in record && thrown instanceof Error,
    name: text('name'),
    message: record ? text('message') : typeof value === 'string' ? value : undefined,
    code: text('code'),
    claim: text('claim'),
    value,
  };
}

/**
 * Chromium words a Web API's failure through its bindings, `Failed to execute 'json' on 'Response': ` before the
 * engine's own message, where Node gives that message alone (`Unexpected token 'a', "abc" is not valid JSON` from
 * V8's JSON.parse in both). Without the prefix the grading worker, `npm run grade` and real vitest give the same
 * words.
 */
const BINDING_PREFIX =
  /^Failed to (?:execute '[^']*' on|construct|read the '[^']*' property from|set the '[^']*' property on) '[^']*': /;

/**
 * `JWTExpired (ERR_JWT_EXPIRED): "exp" claim timestamp check failed`, or what a non-Error throw was. An engine's
 * own error keeps its message (`TypeError: Cannot read properties of undefined (reading 'sub')`): it is the
 * learner's best clue to the line that failed.
 */
export function describeThrown(error: ThrownSnapshot): string {
  if (!error.isError) return `threw ${describeValue(error.value, 80)}`;
  const label = [error.name ?? 'Error', error.code ? `(${error.code})` : ''].filter(Boolean).join(' ');
  const message = error.message?.replace(BINDING_PREFIX, '');
  return message ? `threw ${label}: ${firstLine(message)}` : `threw ${label}`;
}

/** The first line of a message, shortened at a word boundary. */
export function firstLine(text: string, maxChars = 100): string {
  const line = text.split('\n')[0] ?? '';
  if (line.length <= maxChars) return line;
  const cut = line.lastIndexOf(' ', maxChars);
  return `${line.slice(0, cut > 0 ? cut : maxChars)} …`;
}
