import type { VirtualClock } from '../clock';

/** What a grant handler may do with the server's clock: read it. Moving it is the checks' business. */
export type ReadonlyClock = Pick<VirtualClock, 'now' | 'nowMs' | 'nowSeconds'>;

/**
 * A grant handler is learner code in the refresh-rotation lab: it gets views of the server's clock and stores,
 * never the objects themselves, so it can neither move the checks' clock (`advance`, `set`) nor replace a
 * store's method (`isActive`, `consume`) that the checks call afterwards to see what the handler did.
 */
export function readOnlyClock(clock: VirtualClock): ReadonlyClock {
  return Object.freeze({
    now: () => clock.now(),
    nowMs: () => clock.nowMs(),
    nowSeconds: () => clock.nowSeconds(),
  });
}

/** A frozen object whose methods call the store's, and whose getters (`size`) read the store's. */
export function storeView<T extends object>(store: T): T {
  const view: Record<string, unknown> = {};
  for (const key of Object.keys(store)) {
    const descriptor = Object.getOwnPropertyDescriptor(store, key);
    if (descriptor === undefined) continue;
    if (descriptor.get !== undefined) {
      const get = descriptor.get;
      Object.defineProperty(view, key, { get: () => Reflect.apply(get, store, []), enumerable: true });
    } else if (typeof descriptor.value === 'function') {
      const method = descriptor.value as (...args: unknown[]) => unknown;
      view[key] = (...args: unknown[]) => Reflect.apply(method, store, args);
    }
  }
  return Object.freeze(view) as T;
}
