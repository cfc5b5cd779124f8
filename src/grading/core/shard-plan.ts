/**
 * How a lab page splits one run's checks across several grading workers (../browser/lab-runner.ts). Every check
 * already runs in a world of its own (a fresh module scope, clock, network and evidence list, ARCHITECTURE.md "Run
 * context"), so which worker runs it changes no verdict; the grading-parity suite compares the split runs with
 * `npm run grade`, which runs every check in one thread.
 */

/** One worker's share of a run: it runs the checks `planShards` gives index `index` of `count`. */
export interface ShardSpec {
  index: number;
  count: number;
  /** Each check's duration in the last run, in ms, by full name: the plan balances the workers' totals. */
  costs?: Record<string, number>;
}

/** The most workers one lab runs on at once: each holds its own copy of the grading bundle. */
export const MAX_SHARDS = 3;

/**
 * Checks per worker below which a lab is not split: a worker's fixed cost per run (linking the checks, the
 * report) would outweigh what it takes off the others.
 */
export const MIN_CHECKS_PER_SHARD = 6;

/**
 * Splits checks (full names, in collection order) into `count` lists of indices, longest check first onto the
 * least loaded list (ties to the lower index). A check costs at least 1 ms (its share of the run's fixed work),
 * and one the costs do not name counts as the mean of those they do. The same names, count
 * and costs always give the same plan, in every worker; each list keeps collection order.
 */
export function planShards(
  names: readonly string[],
  count: number,
  costs: Readonly<Record<string, number>> = {},
): number[][] {
  const lists: number[][] = Array.from({ length: Math.max(1, Math.floor(count)) }, () => []);
  // Each check's weight, read once: its given cost when that is a duration, else the mean of the given ones.
  const given = names.map((name) => {
    const cost = Object.hasOwn(costs, name) ? costs[name] : undefined;
    return typeof cost === 'number' && Number.isFinite(cost) && cost >= 0 ? cost : undefined;
  });
  const known = given.filter((cost): cost is number => cost !== undefined);
  const fallback = known.length > 0 ? known.reduce((sum, cost) => sum + cost, 0) / known.length : 1;
  const weights = given.map((cost) => Math.max(1, cost ?? fallback));
  const order = names
    .map((_, index) => index)
    .sort((a, b) => (weights[b] as number) - (weights[a] as number) || a - b);
  const loads = lists.map(() => 0);
  for (const index of order) {
    let target = 0;
    for (let list = 1; list < lists.length; list++)
      if ((loads[list] as number) < (loads[target] as number)) target = list;
    (lists[target] as number[]).push(index);
    loads[target] = (loads[target] as number) + (weights[index] as number);
  }
  for (const list of lists) list.sort((a, b) => a - b);
  return lists;
}

/** A call of `it` or `test` in a checks file: how many checks a lab has, before its checks are collected. */
const CHECK_CALL = /(?<![\w$.])(?:it|test)\s*\(/g;

/**
 * How many workers grade a lab's runs: one per core (`cores`, the page's `navigator.hardwareConcurrency`) up to
 * MAX_SHARDS, and no more than leaves each MIN_CHECKS_PER_SHARD checks. `checks` is the checks file's source;
 * counting its `it(` and `test(` calls is only an estimate, and only speed depends on it.
 */
export function shardCount(checks: string, cores: number | undefined): number {
  const estimated = checks.match(CHECK_CALL)?.length ?? 0;
  const usable = Number.isInteger(cores) && (cores as number) > 0 ? (cores as number) : 1;
  return Math.max(1, Math.min(MAX_SHARDS, usable, Math.floor(estimated / MIN_CHECKS_PER_SHARD)));
}
