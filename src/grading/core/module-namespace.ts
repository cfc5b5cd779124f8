/**
 * A builtin module's namespace as `require` returns it: `__esModule` set, so sucrase's interop helpers use it
 * as is, and a missing export fails the way native ES modules do. Without this, sucrase's
 * `_jose.foo.call(void 0, …)` would fail with "Cannot read properties of undefined (reading 'call')".
 */
export function moduleNamespace(specifier: string, exports: object): object {
  const namespace = Object.freeze({ __esModule: true, ...exports });
  return new Proxy(namespace, {
    get(target, key, receiver) {
      if (typeof key === 'string' && !(key in target) && key !== 'then') {
        throw new SyntaxError(
          `The requested module '${specifier}' does not provide an export named '${key}'`,
        );
      }
      return Reflect.get(target, key, receiver) as unknown;
    },
  });
}

function isNamespaceLike(value: unknown): value is object {
  if (value === null || typeof value !== 'object') return false;
  const keys = Reflect.ownKeys(value);
  return (
    keys.length > 0 && keys.every((key) => Reflect.getOwnPropertyDescriptor(value, key)?.get !== undefined)
  );
}

/**
 * A plain-object snapshot of a module namespace, nested namespaces included (jose's `errors`). Bundlers
 * expose namespaces as objects of getters, and `harden()` freezes a getter, not what it returns; a
 * snapshot of values lets `harden()` reach and freeze every class and prototype a submission can touch.
 */
export function snapshotNamespace(namespace: object): Record<string, unknown> {
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(namespace)) {
    const value: unknown = Reflect.get(namespace, key);
    copy[key] = isNamespaceLike(value) ? snapshotNamespace(value) : value;
  }
  return copy;
}

/**
 * Gives exported classes their export name back when a minifier renamed them (`Rl` for `JWTExpired`).
 * jose names its errors after `this.constructor.name`, and that name is part of every verdict message
 * ("JWTExpired: \"exp\" claim timestamp check failed"), which must read the same in the browser as in Node.
 * Runs on a snapshot before it is hardened.
 */
export function restoreClassNames(snapshot: Record<string, unknown>, depth = 0): Record<string, unknown> {
  for (const [key, value] of Object.entries(snapshot)) {
    if (
      typeof value === 'function' &&
      value.name !== key &&
      /^class\b/.test(Function.prototype.toString.call(value))
    ) {
      Object.defineProperty(value, 'name', { value: key, configurable: true });
    } else if (
      depth < 1 &&
      value !== null &&
      typeof value === 'object' &&
      Object.getPrototypeOf(value) === Object.prototype
    ) {
      // One level down: nested namespaces such as jose's `errors`.
      restoreClassNames(value as Record<string, unknown>, depth + 1);
    }
  }
  return snapshot;
}
