import { CodedError } from '../errors/coded-error';

/**
 * What a check hands to learner code, as learner code may see it. A check passes in its own functions (a
 * `vi.fn` route, a `publishJwks` callback) and objects (config, key sets); handed over as they are, learner code
 * could read a function's source through `toString`, reset or rewrite a `vi.fn`'s record of its calls (and hide
 * that the route ran for a forged token), or change an object the check reads again afterwards. `forLearner`
 * gives it a view instead:
 *
 * - a function becomes a frozen wrapper that only calls it (`this` dropped): no `mock`, `mockClear` or
 *   `mockImplementation`, no own properties, and its source is this file's, not the check's;
 * - a plain object or array becomes a frozen copy, each member passed through `forLearner` (own enumerable
 *   data properties only, each read once; getters and symbol keys are left out);
 * - a byte array becomes a copy, so learner code cannot write into the check's buffer;
 * - anything else (strings, numbers, `CryptoKey`, `Request`, `URL`, `Map` …) is handed over as it is: primitives
 *   cannot change, and host objects' prototypes are frozen before learner code loads.
 */
export function forLearner<T>(value: T): T {
  return view(value, 0) as T;
}

const MAX_DEPTH = 32;

/** A value a check tries to hand to learner code that `forLearner` cannot make a view of. */
export class ForLearnerError extends CodedError<(typeof ForLearnerError.codes)[number]> {
  static readonly codes = ['ERR_FOR_LEARNER_TOO_DEEP'] as const;
  override readonly name = 'ForLearnerError';
}

function view(value: unknown, depth: number): unknown {
  if (depth > MAX_DEPTH) {
    throw new ForLearnerError(
      'ERR_FOR_LEARNER_TOO_DEEP',
      `forLearner: the value is nested more than ${MAX_DEPTH} levels deep`,
    );
  }
  if (typeof value === 'function') return callOnly(value as (...args: unknown[]) => unknown);
  if (value === null || typeof value !== 'object') return value;
  if (value instanceof Uint8Array) return new Uint8Array(value);
  if (Array.isArray(value)) return Object.freeze(value.map((item: unknown) => view(item, depth + 1)));
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) return value;
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) {
    const descriptor = Object.getOwnPropertyDescriptor(value, key);
    if (descriptor && 'value' in descriptor) copy[key] = view(descriptor.value, depth + 1);
  }
  return Object.freeze(copy);
}

function callOnly(target: (...args: unknown[]) => unknown): (...args: unknown[]) => unknown {
  const learnerView = (...args: unknown[]): unknown => Reflect.apply(target, undefined, args);
  return Object.freeze(learnerView);
}
