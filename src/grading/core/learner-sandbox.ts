import { createLearnerProxyConstructor } from '../../check-api/learner-proxies';
import { learnerRandom } from '../../check-api/run-context';
import type { ConsoleCapture } from './console-capture';
import { lockedDownDate } from './harden-realm';

/** Globals a submission may use besides the JavaScript intrinsics: no DOM, storage, cookies or messaging. */
const STATIC_GLOBALS = [
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
  /** Evaluates a CommonJS-wrapped module in a fresh global scope of the sandbox and returns its wrapper function. */
  evaluate(wrappedSource: string): (...args: unknown[]) => unknown;
}

/**
 * A SES Compartment for the learner's module. It has its own global object holding only what is listed
 * above, so learner code sees no `postMessage`, `self`, `process`, `require`, `importScripts`, DOM or
 * storage, and cannot reach the runner's globals: after `hardenRealm()`, `Function`/`eval` reached through
 * any shared prototype are the compartment's own.
 *
 * `Date`, `Math.random`, the timers and `fetch` are forwarders to whatever the run context installed for the current
 * check (virtual clock, simulated network), and are frozen so the submission cannot swap them for the checks.
 * `Proxy` is the platform's, except that the proxies it makes are remembered (`isLearnerProxy`).
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
  globals['Date'] = learnerDate();
  globals['Math'] = learnerMath();
  // Every Proxy the submission makes is remembered, so the snapshot can refuse it by name.
  globals['Proxy'] = harden(createLearnerProxyConstructor());
  return {
    evaluate(wrappedSource) {
      // A new Compartment, so a new global object, per evaluation: nothing the code left on `globalThis` in
      // one check is there in the next.
      const compartment = new Compartment({ __options__: true, globals });
      return compartment.evaluate(wrappedSource) as (...args: unknown[]) => unknown;
    },
  };
}

/**
 * The learner's `Date`: exactly the standard API (`new Date(…)`, `Date()`, `Date.now`, `Date.parse`, `Date.UTC`,
 * `Date.prototype`), following the current check's virtual clock. It is a frozen function of its own, never the
 * clock's fake `Date`, so no property leads to the fake-timers clock, the saved real timers or the runner's
 * deadline; its prototype is the realm's frozen `Date.prototype`, so `instanceof Date` holds for every date.
 */
function learnerDate(): DateConstructor {
  const Frozen = lockedDownDate();
  const current = () => globalThis.Date;
  const LearnerDate = function Date(...args: unknown[]): unknown {
    if (new.target === undefined) return Reflect.apply(current(), undefined, []) as unknown;
    return Reflect.construct(current(), args, new.target) as unknown;
  };
  Object.defineProperty(LearnerDate, 'length', { value: 7 });
  Object.defineProperty(LearnerDate, 'prototype', { value: Frozen.prototype, writable: false });
  Object.defineProperties(LearnerDate, {
    now: {
      value: function now() {
        return current().now();
      },
    },
    parse: { value: Frozen.parse },
    UTC: { value: Frozen.UTC },
  });
  return harden(LearnerDate) as unknown as DateConstructor;
}

/**
 * The learner's `Math`: the realm's, member for member, except `random`, which answers what the current check
 * says (`labRandom()`: the platform's generator unless a check fixed it). Frozen, like the realm's.
 */
function learnerMath(): Math {
  const members = Object.getOwnPropertyDescriptors(Math);
  const math = Object.create(Object.getPrototypeOf(Math) as object | null, {
    ...members,
    random: {
      ...members.random,
      value: function random() {
        return learnerRandom();
      },
    },
  }) as Math;
  return harden(math);
}
