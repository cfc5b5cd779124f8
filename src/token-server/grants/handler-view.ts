import { frozenCopy } from '../frozen-copy';
import type { VirtualClock } from '../clock';

/**
 * The store members a handler is given. Not `prune` (housekeeping) and not `onRevoke`: a listener would run
 * handler code inside every later revocation, the checks' own included, holding the store's live grant.
 */
export const GRANT_STORE_MEMBERS = ['create', 'get', 'isActive', 'revoke', 'size'] as const;
export const REFRESH_TOKEN_STORE_MEMBERS = [
  'issue',
  'find',
  'consume',
  'revokeGrant',
  'isActive',
  'size',
] as const;
export const CODE_STORE_MEMBERS = ['find', 'isExpired', 'redeem'] as const;

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

/**
 * A frozen object with exactly `members` of `store`: methods call the store's, getters (`size`) read the
 * store's. Every value a method returns is a frozen copy (see `frozenCopy`), so a record the handler is given
 * (a refresh token's `status`, a grant's `revokedAt`) is never the one the store keeps: writing to it throws,
 * and holding on to it shows the store as it was, never as the checks change it later.
 */
export function storeView<T extends object, K extends keyof T>(store: T, members: readonly K[]): Pick<T, K> {
  const view: Record<PropertyKey, unknown> = {};
  for (const key of members) {
    const descriptor = Object.getOwnPropertyDescriptor(store, key);
    if (descriptor === undefined) throw new TypeError(`the store has no member ${String(key)}`);
    if (descriptor.get !== undefined) {
      const get = descriptor.get;
      Object.defineProperty(view, key, {
        get: () => frozenCopy(Reflect.apply(get, store, [])),
        enumerable: true,
      });
    } else if (typeof descriptor.value === 'function') {
      const method = descriptor.value as (...args: unknown[]) => unknown;
      view[key] = (...args: unknown[]) => frozenCopy(Reflect.apply(method, store, args));
    }
  }
  return Object.freeze(view) as Pick<T, K>;
}
