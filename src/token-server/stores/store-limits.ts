/**
 * Hard cap on the entries one store keeps. Expired entries are pruned by the clock on every request; the cap
 * bounds memory even when a runaway loop mints faster than anything expires (oldest entries go first).
 */
const MAX_STORE_ENTRIES = 10_000;

/** Drops entries `isDead` says are gone, then the oldest beyond the cap (Map iteration is insertion order). */
export function pruneMap<K, V>(map: Map<K, V>, isDead: (value: V) => boolean, cap = MAX_STORE_ENTRIES): void {
  for (const [key, value] of map) if (isDead(value)) map.delete(key);
  if (map.size <= cap) return;
  let excess = map.size - cap;
  for (const key of map.keys()) {
    if (excess-- <= 0) break;
    map.delete(key);
  }
}
