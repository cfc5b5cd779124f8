// Before `ses`: SES keeps whatever `Error.prototype.stack` accessor exists when it loads (see the module).
import './learner-stack-getter';
import 'ses';
import { learnerStackFile } from './learner-stack';
import { watchHostWork } from './host-work';

/**
 * Host classes learner code can reach (directly or through objects checks hand it). Their prototypes are
 * shared with the checks and the simulation, so they are frozen before learner code loads: otherwise a
 * submission could redefine `Response.prototype.status` and make every check see what it wants.
 */
const HOST_GLOBALS = [
  'Request',
  'Response',
  'Headers',
  'URL',
  'URLSearchParams',
  'TextEncoder',
  'TextDecoder',
  'AbortController',
  'AbortSignal',
  'Blob',
  'FormData',
  'crypto',
  'Crypto',
  'SubtleCrypto',
  'CryptoKey',
  'DOMException',
  'Event',
  'EventTarget',
  'atob',
  'btoa',
  'structuredClone',
  'queueMicrotask',
] as const;

let hardened = false;

/** The realm's `Date` as lockdown left it (frozen, with the frozen `Date.prototype`), before `LabDate` replaced it. */
const lockedDown: { Date?: DateConstructor } = {};

/** The locked-down realm's own `Date` (after `hardenRealm()`): learner code's `Date` shares its prototype. */
export function lockedDownDate(): DateConstructor {
  if (!lockedDown.Date) throw new Error('lockedDownDate() needs hardenRealm() first');
  return lockedDown.Date;
}

/**
 * Locks down this realm (SES): every JavaScript intrinsic — `Object.prototype`, `Array.prototype`,
 * `Promise`, `JSON`, `Function.prototype` … — becomes immutable, and `Function`/`eval` reached through
 * prototypes can no longer produce the realm's global object. Learner code then runs in a Compartment
 * (see learner-sandbox.ts), so it cannot patch the runner's matchers, timers, result channel or jose.
 *
 * Call it once, after the runner's modules are loaded and before any learner code. Options:
 * - `errorTaming: 'unsafe'` keeps `error.stack`, which reports the learner's own lines;
 * - `overrideTaming: 'severe'` lets libraries assign properties that shadow frozen prototype ones
 *   (jose's and chai's error classes set `name`, `message`, `toString`);
 * - `evalTaming: 'unsafe-eval'` keeps indirect eval in the trusted start compartment for the checks module;
 * - `consoleTaming: 'unsafe'` leaves the host console alone (the runner captures its own).
 */
export function hardenRealm(): void {
  if (hardened) return;
  // Before lockdown and the freeze of SubtleCrypto below: the check deadline sees the host's crypto work.
  watchHostWork();
  lockdown({
    errorTaming: 'unsafe',
    overrideTaming: 'severe',
    consoleTaming: 'unsafe',
    evalTaming: 'unsafe-eval',
    stackFiltering: 'verbose',
    domainTaming: 'unsafe',
    reporting: 'none',
  });
  installClockCompatibleDate();
  installClockCompatibleTemporal();
  installLearnerOnlyStacks();
  const realm = globalThis as Record<string, unknown>;
  for (const name of HOST_GLOBALS) {
    const value = realm[name];
    if (value !== undefined && value !== null) harden(value);
  }
  hardened = true;
}

interface CallSite {
  getFileName(): string | null | undefined;
  toString(): string;
}

/**
 * Stacks would otherwise name the checks' frames (`lab:///checks.test.ts:<line>`, helper names) and the host's
 * files, and the checks file is public: a table from caller line to answer would pass a lab. V8 (Chromium,
 * Node) formats every stack of the realm through `Error.prepareStackTrace`; this one keeps only the frames of
 * the learner's own file, still as `at fn (lab:///file.ts:line:col)`. SpiderMonkey's accessor is filtered by
 * `learner-stack-getter.ts` with the same rule (`learner-stack.ts`).
 */
function installLearnerOnlyStacks(): void {
  const ErrorWithHook = Error as ErrorConstructor & {
    prepareStackTrace?: (error: unknown, sites: CallSite[]) => string;
  };
  ErrorWithHook.prepareStackTrace = (error, sites) => {
    let head: string;
    try {
      head = String(error);
    } catch {
      head = 'Error';
    }
    const frames = sites
      .filter((site) => {
        const file = learnerStackFile();
        return file !== undefined && site.getFileName() === file;
      })
      .map((site) => `\n    at ${site.toString()}`);
    return `${head}${frames.join('')}`;
  };
}

/**
 * `@sinonjs/fake-timers` builds its fake `Date` as `class ClockDate extends Date` and then assigns
 * `ClockDate.now = …`. After lockdown `Date.now` is a frozen data property, so that assignment hits the
 * "override mistake" and throws. `LabDate` is a subclass whose `now`/`parse`/`UTC`/`toString` are
 * getter/setter pairs (as SES makes frozen prototype properties overridable): a subclass assigning one gets
 * its own property, while `LabDate` itself, its prototype and everything they reach are hardened. Every fake
 * `Date` instance names `LabDate` as its `constructor`, so learner code holding any date reaches it: frozen,
 * it cannot change the time trusted code reads.
 */
function installClockCompatibleDate(): void {
  const NativeDate = globalThis.Date;
  lockedDown.Date = NativeDate;
  class LabDate extends NativeDate {}
  for (const key of ['now', 'parse', 'UTC', 'toString'] as const) {
    const value: unknown =
      key === 'toString'
        ? function toString(this: unknown) {
            return Function.prototype.toString.call(this);
          }
        : NativeDate[key];
    Object.defineProperty(LabDate, key, {
      get() {
        return value;
      },
      set(this: unknown, replacement: unknown) {
        if (this === LabDate) throw new TypeError(`Cannot assign to read only property '${key}' of Date`);
        Object.defineProperty(this, key, {
          value: replacement,
          writable: true,
          enumerable: true,
          configurable: true,
        });
      },
      configurable: false,
    });
  }
  harden(LabDate);
  globalThis.Date = LabDate as DateConstructor;
}

/**
 * Where `Temporal` exists (Chromium), fake-timers copies its property descriptors onto a fake and then
 * redefines `Now`; after lockdown those descriptors are non-configurable and the redefinition throws.
 * A same-shaped object with configurable copies lets every clock install, with the frozen Temporal
 * classes themselves unchanged.
 */
function installClockCompatibleTemporal(): void {
  const realm = globalThis as Record<string, unknown>;
  const native = realm['Temporal'];
  if (native === null || typeof native !== 'object') return;
  const compatible = Object.create(Object.getPrototypeOf(native) as object | null) as object;
  for (const key of Reflect.ownKeys(native)) {
    const descriptor = Reflect.getOwnPropertyDescriptor(native, key);
    if (descriptor) Object.defineProperty(compatible, key, { ...descriptor, configurable: true });
  }
  realm['Temporal'] = compatible;
}
