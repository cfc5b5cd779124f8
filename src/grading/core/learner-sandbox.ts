import type { ConsoleCapture } from './console-capture.ts';

/** Globals a submission may use besides the JavaScript intrinsics: no DOM, storage, cookies or messaging. */
const STATIC_GLOBALS = [
  'Math',
  'crypto',
  'TextEncoder',
  'TextDecoder',
  'URL',
  'URLSearchParams',
  'Request',
  'Response',
  'Headers',
  'AbortController',
  'AbortSignal',
  'DOMException',
  'Blob',
] as const;

/**
 * Host functions that browsers refuse to run with any `this` but the real global ("Illegal invocation").
 * Inside a Compartment a free call goes through the scope's `with` object, which would be that `this`, so
 * they are passed as forwarders.
 */
const HOST_FUNCTIONS = ['atob', 'btoa', 'structuredClone', 'queueMicrotask'] as const;

/** Globals the run context replaces before every check; the sandbox always forwards to the current one. */
const TIMER_GLOBALS = ['setTimeout', 'clearTimeout', 'setInterval', 'clearInterval'] as const;

export interface LearnerSandbox {
  /** Evaluates a CommonJS-wrapped module in the sandbox and returns its wrapper function. */
  evaluate(wrappedSource: string): (...args: unknown[]) => unknown;
}

/**
 * A SES Compartment for the learner's module. It has its own global object holding only what is listed
 * above, so learner code sees no `postMessage`, `self`, `process`, `require`, `importScripts`, DOM or
 * storage, and cannot reach the runner's globals: after `hardenRealm()`, `Function`/`eval` reached through
 * any shared prototype are the compartment's own.
 *
 * `Date`, the timers and `fetch` are forwarders to whatever the run context installed for the current
 * check (virtual clock, simulated network), and are frozen so the submission cannot swap them for the checks.
 */
export function createLearnerSandbox(
  capture: ConsoleCapture,
  /** False once the checks are over: learner code still running then must not reach the real `fetch`. */
  runIsLive: () => boolean,
): LearnerSandbox {
  const realm = globalThis as unknown as Record<string, unknown>;
  const globals: Record<string, unknown> = { console: harden(capture.console) };
  for (const name of STATIC_GLOBALS) if (realm[name] !== undefined) globals[name] = realm[name];
  for (const name of [...TIMER_GLOBALS, ...HOST_FUNCTIONS]) {
    if (typeof realm[name] !== 'function') continue;
    globals[name] = harden((...args: unknown[]) => (realm[name] as (...a: unknown[]) => unknown)(...args));
  }
  globals['fetch'] = harden((...args: Parameters<typeof fetch>) =>
    runIsLive()
      ? globalThis.fetch(...args)
      : Promise.reject(new TypeError('fetch after the checks finished: there is no network outside a check')),
  );
  // The proxy refuses every write itself; harden() would try to freeze it and must not.
  globals['Date'] = forwardingDate();
  const compartment = new Compartment({ __options__: true, globals });
  return {
    evaluate(wrappedSource) {
      return compartment.evaluate(wrappedSource) as (...args: unknown[]) => unknown;
    },
  };
}

/**
 * A `Date` that always behaves as the current check's (fake) `Date`, for `new Date()`, `Date.now()` and
 * `instanceof Date`, but whose own properties the submission cannot change.
 */
function forwardingDate(): DateConstructor {
  const current = () => globalThis.Date;
  const target = function Date() {};
  const forwarding: DateConstructor = new Proxy(target as unknown as DateConstructor, {
    construct: (_, args, newTarget) =>
      Reflect.construct(current(), args, newTarget === forwarding ? current() : newTarget) as object,
    apply: (_, thisArg, args) => Reflect.apply(current(), thisArg, args) as unknown,
    get: (_, key) => (key === 'prototype' ? current().prototype : Reflect.get(current(), key)) as unknown,
    has: (_, key) => key in current(),
    set: () => false,
    defineProperty: () => false,
    deleteProperty: () => false,
    setPrototypeOf: () => false,
  });
  return forwarding;
}
