import { isLearnerProxy } from '../../../check-api/learner-proxies';
import { SnapshotError } from '../../../check-api/snapshot';

/** How far the guard looks into an actual value: past this, a value is judged as it is. */
const MAX_DEPTH = 12;
const MAX_NODES = 5_000;

/**
 * `@vitest/expect` lets an actual value that has an `asymmetricMatch` method decide an equality itself, and
 * runs a Proxy's traps while it compares. Checks should snapshot learner values first (docs/check-design.md);
 * for checks that hand one to `expect` directly, every matcher of the runner's `expect` first looks through the
 * actual value's own data properties (never calling a getter) and fails the check by name when it finds a
 * learner Proxy or an `asymmetricMatch` member. Real vitest has no such guard: only cheating code behaves
 * differently there.
 */
export function guardActual(value: unknown): void {
  const seen = new Set<object>();
  const visit = (item: unknown, path: string, depth: number): void => {
    if (item === null || (typeof item !== 'object' && typeof item !== 'function')) return;
    if (isLearnerProxy(item))
      throw new SnapshotError('ERR_SNAPSHOT_PROXY', path, 'is a Proxy; the checks read plain data only');
    if (seen.has(item) || depth > MAX_DEPTH || seen.size > MAX_NODES) return;
    seen.add(item);
    for (const key of Reflect.ownKeys(item)) {
      const descriptor = Reflect.getOwnPropertyDescriptor(item, key);
      if (!descriptor || !('value' in descriptor)) continue;
      const keyPath = `${path}.${String(key)}`;
      if (key === 'asymmetricMatch' && typeof item === 'object')
        throw new SnapshotError(
          'ERR_SNAPSHOT_MATCHER',
          keyPath,
          'would make the value answer the assertion itself; the checks compare plain data only',
        );
      visit(descriptor.value, keyPath, depth + 1);
    }
    const proto = Reflect.getPrototypeOf(item);
    if (proto !== null && isLearnerProxy(proto))
      throw new SnapshotError(
        'ERR_SNAPSHOT_PROXY',
        path,
        'inherits from a Proxy; the checks read plain data only',
      );
  };
  visit(value, '', 0);
}
