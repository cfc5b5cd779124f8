/**
 * WebCrypto operations run on the platform's own threads, not the grading thread: while one is in flight the
 * grading thread looks idle, exactly as it does while a check waits on a promise that never settles. A busy
 * machine makes them slow (a signature that takes 1 ms on a quiet machine can take 30 ms beside another
 * build), so a deadline that counted that time would call a correct, slow check hung. This module counts them,
 * so the check deadline (./check-deadline.ts) can tell "waiting on the machine" from "waiting on nothing".
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
] as const;

/**
 * Wraps `SubtleCrypto.prototype`'s methods to count their operations. Call it before lockdown freezes the
 * prototype (./harden-realm.ts does); later calls do nothing. A realm without WebCrypto counts nothing.
 */
export function watchHostWork(): void {
  if (watching) return;
  watching = true;
  const prototype = (globalThis as unknown as { SubtleCrypto?: { prototype: object } }).SubtleCrypto
    ?.prototype;
  if (!prototype) return;
  for (const name of SUBTLE_METHODS) {
    const descriptor = Object.getOwnPropertyDescriptor(prototype, name);
    const original = descriptor?.value as unknown;
    if (!descriptor || typeof original !== 'function') continue;
    // A method, not an arrow: `this` is the SubtleCrypto the caller used, which the platform checks.
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

/** Whether the host worked between two looks: an operation still in flight, or one settled since the first. */
export function hostWorkedBetween(before: HostWork | undefined, after: HostWork): boolean {
  return after.inFlight > 0 || after.settled !== before?.settled;
}
