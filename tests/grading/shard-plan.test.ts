import { describe, expect, it } from 'vitest';
import { MAX_SHARDS, MIN_CHECKS_PER_SHARD, planShards, shardCount } from '../../src/grading/core/shard-plan';

const names = (count: number) => Array.from({ length: count }, (_, index) => `suite > check ${index}`);

describe('planShards', () => {
  it('gives every check to exactly one share, each share in collection order', () => {
    const plan = planShards(names(11), 3);
    expect(plan.flat().sort((a, b) => a - b)).toEqual(names(11).map((_, index) => index));
    for (const share of plan) expect(share).toEqual([...share].sort((a, b) => a - b));
    expect(plan.map((share) => share.length)).toEqual([4, 4, 3]);
  });

  it('balances the last run’s durations: the long check alone, the short ones together', () => {
    const costs = { 'suite > check 0': 2, 'suite > check 1': 60, 'suite > check 2': 3, 'suite > check 3': 4 };
    expect(planShards(names(4), 2, costs)).toEqual([[1], [0, 2, 3]]);
  });

  it('counts checks the costs do not name as the mean of those they do, and no check as free', () => {
    // check 2 is new: it counts as (50 + 10) / 2 = 30, so it joins the 10 ms check, not the 50 ms one.
    expect(planShards(names(3), 2, { 'suite > check 0': 50, 'suite > check 1': 10 })).toEqual([[0], [1, 2]]);
    // Checks that took 0 ms still spread over the shares.
    const zero = Object.fromEntries(names(4).map((name) => [name, 0]));
    expect(planShards(names(4), 2, zero)).toEqual([
      [0, 2],
      [1, 3],
    ]);
  });

  it('ignores costs that are not durations', () => {
    const odd = {
      'suite > check 0': Number.NaN,
      'suite > check 1': -5,
      'suite > check 2': Infinity,
    } as Record<string, number>;
    expect(planShards(names(4), 2, odd)).toEqual(planShards(names(4), 2));
  });

  it('plans the same way in every worker that is given the same names, count and costs', () => {
    const costs = Object.fromEntries(names(30).map((name, index) => [name, (index * 37) % 11]));
    expect(planShards(names(30), 3, costs)).toEqual(planShards(names(30), 3, { ...costs }));
  });
});

describe('shardCount', () => {
  const checks = (count: number) =>
    `describe('x', () => {\n${Array.from({ length: count }, (_, i) => `  it('c${i}', () => {});`).join('\n')}\n});`;

  it('keeps a small lab on one worker', () => {
    expect(shardCount(checks(MIN_CHECKS_PER_SHARD * 2 - 1), 8)).toBe(1);
  });

  it('uses one worker per core, up to the cap, for a lab with enough checks', () => {
    expect(shardCount(checks(45), 2)).toBe(2);
    expect(shardCount(checks(45), 16)).toBe(MAX_SHARDS);
    expect(shardCount(checks(45), 1)).toBe(1);
    expect(shardCount(checks(45), undefined)).toBe(1);
  });

  it('counts it( and test( calls, not words that end in them', () => {
    const source = `${checks(12)}\nsubmit(); const digit = 1; latest(); it.each; myit(); ctx.test(`;
    expect(shardCount(source, 8)).toBe(2);
  });
});
