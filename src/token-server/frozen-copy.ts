/**
 * A deep, frozen copy of plain data (strings, numbers, booleans, arrays, plain objects): store records and
 * results handed to a grant handler, or a parsed config that servers share. Anything else is refused rather than
 * handed over live.
 */
export function frozenCopy<T>(value: T): T {
  if (value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return Object.freeze(value.map((item: unknown) => frozenCopy(item))) as T;
  const prototype: unknown = Object.getPrototypeOf(value);
  if (prototype !== Object.prototype && prototype !== null) {
    throw new TypeError(
      'an object that is not plain data cannot be copied and frozen; it would be shared live',
    );
  }
  const copy: Record<string, unknown> = {};
  for (const key of Object.keys(value)) copy[key] = frozenCopy((value as Record<string, unknown>)[key]);
  return Object.freeze(copy) as T;
}
