/**
 * Every Proxy learner code creates, remembered so the snapshot can refuse it by name. No engine tells a Proxy
 * from its target, but learner code reaches `Proxy` only through its sandbox's global, which is the
 * constructor below: the trusted side's own proxies (module namespaces) are never in the set.
 */
const created = new WeakSet<object>();

function remember<T extends object>(proxy: T): T {
  created.add(proxy);
  return proxy;
}

/** True when `value` is a Proxy that learner code made (in any runner that sandboxes it). */
export function isLearnerProxy(value: unknown): boolean {
  return value !== null && (typeof value === 'object' || typeof value === 'function') && created.has(value);
}

/**
 * The `Proxy` global of a learner sandbox: the platform's, except that every proxy it returns is remembered.
 * Frozen by the caller (`harden`), so learner code cannot swap `revocable` for its own.
 */
export function createLearnerProxyConstructor(): ProxyConstructor {
  const Platform = Proxy;
  function LearnerProxy(this: unknown, target: object, handler: ProxyHandler<object>): object {
    if (new.target === undefined) throw new TypeError("Constructor Proxy requires 'new'");
    return remember(new Platform(target, handler));
  }
  Object.defineProperty(LearnerProxy, 'name', { value: 'Proxy' });
  Object.defineProperty(LearnerProxy, 'revocable', {
    value: function revocable(target: object, handler: ProxyHandler<object>) {
      const pair = Platform.revocable(target, handler);
      remember(pair.proxy);
      return pair;
    },
    enumerable: false,
  });
  return LearnerProxy as unknown as ProxyConstructor;
}
