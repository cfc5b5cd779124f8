import 'ses';

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
  const realm = globalThis as Record<string, unknown>;
  for (const name of HOST_GLOBALS) {
    const value = realm[name];
    if (value !== undefined && value !== null) harden(value);
  }
  hardened = true;
}

/**
 * `@sinonjs/fake-timers` builds its fake `Date` as `class ClockDate extends Date` and then assigns
 * `ClockDate.now = …`. After lockdown `Date.now` is a frozen data property, so that assignment hits the
 * "override mistake" and throws. A subclass that owns writable `now`/`parse`/`UTC`/`toString` lets the fake
 * shadow them, while `Date.prototype` itself stays frozen.
 */
function installClockCompatibleDate(): void {
  const NativeDate = globalThis.Date;
  class LabDate extends NativeDate {}
  for (const key of ['now', 'parse', 'UTC', 'toString'] as const) {
    const value =
      key === 'toString'
        ? function toString(this: unknown) {
            return Function.prototype.toString.call(this);
          }
        : NativeDate[key];
    Object.defineProperty(LabDate, key, {
      value,
      writable: true,
      configurable: true,
    });
  }
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
