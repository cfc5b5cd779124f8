import { decodeJwt } from 'jose';

/**
 * Built-in wrong answers `check:labs` runs against every lab: each must fail at least one check, or the
 * lab would pass code that does no security work at all.
 * - `reject-all`: every exported function throws (or rejects, when it is async).
 * - `decode-only`: every function that receives a JWT-looking string or a Request carrying a bearer token
 *   returns `decodeJwt` of it (or a 200 Response) without verifying anything; functions it returns are
 *   wrapped the same way, so factories like `createVerifier(config)(token)` are covered.
 */
export const MUTANTS = ['reject-all', 'decode-only'] as const;
export type Mutant = (typeof MUTANTS)[number];

/** Any exported function of a submission. */
type AnyFunction = (this: unknown, ...args: unknown[]) => unknown;

const JWT_LIKE = /^[A-Za-z0-9_-]+\.[A-Za-z0-9_-]+\.[A-Za-z0-9_-]*$/;

let activations = 0;

/**
 * How often a mutant replaced behaviour in this thread so far (a run reports the difference across it). A lab
 * whose functions never receive a token (an issuer, say) gives the decode-only mutant nothing to do.
 */
export function mutantActivations(): number {
  return activations;
}

function isAsync(fn: AnyFunction): boolean {
  return fn.constructor.name === 'AsyncFunction';
}

function bearerOf(value: unknown): string | undefined {
  if (typeof Request === 'undefined' || !(value instanceof Request)) return undefined;
  const match = /^(?:Bearer|DPoP)\s+(\S+)$/i.exec(value.headers.get('authorization') ?? '');
  return match?.[1];
}

function jwtIn(args: unknown[]): { token: string; request: boolean } | undefined {
  for (const arg of args) {
    if (typeof arg === 'string' && JWT_LIKE.test(arg)) return { token: arg, request: false };
    const bearer = bearerOf(arg);
    if (bearer) return { token: bearer, request: true };
    if (arg && typeof arg === 'object' && !Array.isArray(arg)) {
      for (const value of Object.values(arg as Record<string, unknown>)) {
        if (typeof value === 'string' && JWT_LIKE.test(value)) return { token: value, request: false };
      }
    }
  }
  return undefined;
}

function decodeOnly(fn: AnyFunction): AnyFunction {
  const wrapped = function (this: unknown, ...args: unknown[]): unknown {
    const found = jwtIn(args);
    if (found) {
      activations += 1;
      let answer: unknown;
      try {
        const claims = decodeJwt(found.token);
        answer = found.request ? Response.json(claims, { status: 200 }) : claims;
      } catch {
        answer = found.request ? new Response('ok', { status: 200 }) : {};
      }
      return isAsync(fn) ? Promise.resolve(answer) : answer;
    }
    const result: unknown = fn.apply(this, args);
    if (result instanceof Promise) return result.then(wrapValue);
    return wrapValue(result);
  };
  return wrapped;
}

function wrapValue(value: unknown): unknown {
  if (typeof value === 'function') return decodeOnly(value as AnyFunction);
  return value;
}

function rejectAll(fn: AnyFunction, name: string): AnyFunction {
  const error = () => {
    activations += 1;
    return new Error(`mutant reject-all: ${name} always fails`);
  };
  return isAsync(fn)
    ? async () => {
        throw error();
      }
    : () => {
        throw error();
      };
}

/** The submission's exports with every function replaced by the mutant's behaviour. */
export function applyMutant(mutant: Mutant, exports: Record<string, unknown>): Record<string, unknown> {
  const mutated: Record<string, unknown> = { __esModule: true };
  for (const [name, value] of Object.entries(exports)) {
    if (typeof value !== 'function' || /^class\s/.test(Function.prototype.toString.call(value))) {
      mutated[name] = value;
      continue;
    }
    mutated[name] =
      mutant === 'reject-all' ? rejectAll(value as AnyFunction, name) : decodeOnly(value as AnyFunction);
  }
  return mutated;
}
