import { processError } from '@vitest/utils/error';
import type { CheckStatus } from '../../schemas/check-result';

/** The part of a CheckResult a failure decides. */
export interface FailureFields {
  status: Extract<CheckStatus, 'failed' | 'error' | 'timeout'>;
  message: string;
  expected?: string;
  received?: string;
  diff?: string;
}

/** vitest's serialized error shape (`task.result.errors[i]`), as far as verdicts need it. */
export interface SerializedFailure {
  name?: unknown;
  message?: unknown;
  stack?: unknown;
  expected?: unknown;
  actual?: unknown;
  diff?: unknown;
}

// Terminal colour codes vitest's diff printer may add under a TTY.
const ANSI = new RegExp(`${String.fromCharCode(27)}\\[[0-9;]*m`, 'g');

/**
 * Turns an already-serialized failure into verdict fields. Shared by the runner and by
 * `check:labs`' real-vitest parity pass, so both sides name the same thing the same way.
 * A thrown value that was not an Error (vitest serializes it without a name or stack) is said so.
 */
export function failureFromSerialized(serialized: SerializedFailure, timedOut = false): FailureFields {
  const isError = typeof serialized.name === 'string' || typeof serialized.stack === 'string';
  const rawMessage = typeof serialized.message === 'string' ? serialized.message : undefined;
  let message: string;
  if (!isError) {
    message = `Threw a non-Error value: ${rawMessage ?? safeJson(serialized)}`;
  } else {
    message = rawMessage ?? String(serialized.name);
  }
  const isAssertion = serialized.name === 'AssertionError' || typeof serialized.diff === 'string';
  const fields: FailureFields = {
    status: timedOut ? 'timeout' : isAssertion ? 'failed' : 'error',
    message: message.replace(ANSI, ''),
  };
  if (typeof serialized.expected === 'string') fields.expected = serialized.expected.replace(ANSI, '');
  if (typeof serialized.actual === 'string') fields.received = serialized.actual.replace(ANSI, '');
  if (typeof serialized.diff === 'string') fields.diff = serialized.diff.replace(ANSI, '');
  return fields;
}

/**
 * Maps anything a check threw to verdict fields, through vitest's own `processError` so the message,
 * expected/received and the diff are exactly what `vitest run` reports. Learner code can throw frozen or
 * hostile objects; if vitest's serializer trips on one, the failure is still reported.
 */
export function failureFromThrown(thrown: unknown): FailureFields {
  let serialized: SerializedFailure;
  try {
    serialized = processError(thrown) as SerializedFailure;
  } catch (problem) {
    serialized = {
      name: 'Error',
      message: `The check threw a value that cannot be reported (${String(problem)})`,
    };
  }
  if (thrown !== null && typeof thrown !== 'object' && typeof thrown !== 'function') {
    serialized = { message: String(thrown) };
  }
  return failureFromSerialized(serialized);
}

function safeJson(value: unknown): string {
  try {
    return JSON.stringify(value) ?? String(value);
  } catch {
    return String(value);
  }
}
