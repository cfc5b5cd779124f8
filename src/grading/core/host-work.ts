/**
 * WebCrypto operations and body reads (`request.text()`, `response.json()`, `blob.arrayBuffer()` …) run on the
 * platform's own schedule, not the grading thread's: while one is in flight the grading thread looks idle,
 * exactly as it does while a check waits on a promise that never settles. A busy machine makes them slow (a
 * signature that takes 1 ms on a quiet machine can take 30 ms beside another build; Chromium reads a body in
 * tasks of its own), so a deadline that counted that time would call a correct, slow check hung, and a check
 * that waits for the simulation to go idle (../../check-api/until-idle.ts) would think it idle mid-read. This
 * module counts them, so both can tell "waiting on the machine" from "waiting on nothing".
 *
 * Reads through a stream reader (`body.getReader().read()`) are not counted: a stream the code under test made
 * itself may never end, and its reads would hold a deadline off for good.
 */
export interface HostWork {
  /** Operations started and not yet settled. */
  inFlight: number;
  /** Operations settled so far: a change between two looks means the host worked in between. */
  settled: number;
}

const work: HostWork = { inFlight: 0, settled: 0 };
let watching = false;

/** Every asynchronous method of `SubtleCrypto` (WebCrypto, W3C Recommendation, §14.3). */
const SUBTLE_METHODS = [
  'encrypt',
  'decrypt',
  'sign',
  'verify',
  'digest',
  'generateKey',
  'deriveKey',
  'deriveBits',
  'importKey',
  'exportKey',
  'wrapKey',
  'unwrapKey',
];

/** The Fetch standard's body-reading methods (its Body mixin), which `Request` and `Response` include. */
const BODY_METHODS = ['arrayBuffer', 'blob', 'bytes', 'formData', 'json', 'text'];

/** The reading methods of `Blob` (W3C File API). */
const BLOB_METHODS = ['arrayBuffer', 'bytes', 'text'];

/** Each platform class whose asynchronous methods are counted, with those methods. */
const WATCHED: [string, string[]][] = [
  ['SubtleCrypto', SUBTLE_METHODS],
  ['Request', BODY_METHODS],
  ['Response', BODY_METHODS],
  ['Blob', BLOB_METHODS],
];

/**
 * Wraps the watched classes' prototype methods to count their operations. Call it before lockdown freezes the
 * prototypes (./harden-realm.ts does); later calls do nothing. A class the realm lacks counts nothing.
 */
export function watchHostWork(): void {
  if (watching) return;
  watching = true;
  const realm = globalThis as unknown as Record<string, { prototype?: object } | undefined>;
  for (const [className, methods] of WATCHED) {
    const prototype = realm[className]?.prototype;
    if (prototype) watchMethods(prototype, methods);
  }
}

function watchMethods(prototype: object, methods: string[]): void {
  for (const name of methods) {
    const descriptor = Object.getOwnPropertyDescriptor(prototype, name);
    const original = descriptor?.value as unknown;
    if (!descriptor || typeof original !== 'function') continue;
    // A method, not an arrow: `this` is the object the caller used, which the platform checks.
    const counted = {
      [name](this: unknown, ...args: unknown[]): Promise<unknown> {
        const pending = Reflect.apply(original, this, args) as Promise<unknown>;
        work.inFlight += 1;
        const settle = () => {
          work.inFlight -= 1;
          work.settled += 1;
        };
        pending.then(settle, settle);
        return pending;
      },
    }[name] as (...args: unknown[]) => Promise<unknown>;
    Object.defineProperty(prototype, name, { ...descriptor, value: counted });
  }
}

/** What the host is doing now (a copy: compare two looks). */
export function hostWork(): HostWork {
  return { ...work };
}

/**
 * Whether the host worked between two looks: an operation still in flight beyond the `held` ones the caller keeps
 * open itself, or one settled since the first.
 */
export function hostWorkedBetween(before: HostWork | undefined, after: HostWork, held = 0): boolean {
  return after.inFlight > held || after.settled !== before?.settled;
}
