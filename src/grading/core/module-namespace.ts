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
