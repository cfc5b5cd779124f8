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
