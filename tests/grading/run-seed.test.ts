import { describe, expect, it } from 'vitest';
import { randomRunSeed, runEpochMs } from '../../src/grading/core/run-seed';
import { RunSeedSchema } from '../../src/schemas/run-seed';
import { LAB_EPOCH } from '../../src/token-server/clock';

describe('run seed', () => {
  it('draws a fresh unsigned 32-bit seed per run', () => {
    const seeds = Array.from({ length: 8 }, () => randomRunSeed());
    for (const seed of seeds) expect(RunSeedSchema.safeParse(seed).success).toBe(true);
    expect(new Set(seeds).size).toBeGreaterThan(1);
  });

  it('starts a run at LAB_EPOCH plus a whole number of seconds the seed picks, the same for the same seed', () => {
    const epoch = Date.parse(LAB_EPOCH);
    expect(runEpochMs(0)).toBe(epoch);
    expect(runEpochMs(7)).toBe(epoch + 7000);
    expect(runEpochMs(0xffff_ffff)).toBe(runEpochMs(0xffff_ffff));
    expect(runEpochMs(0xffff_ffff) % 1000).toBe(0);
    // Within about ten years, so token lifetimes and NumericDates stay ordinary.
    expect(runEpochMs(0xffff_ffff) - epoch).toBeLessThan(10 * 365 * 86_400_000);
  });

  it('refuses a seed that is not an unsigned 32-bit integer, with ERR_RUN_SEED_INVALID', () => {
    for (const bad of [-1, 1.5, 2 ** 32, Number.NaN])
      expect(() => runEpochMs(bad)).toThrow(expect.objectContaining({ code: 'ERR_RUN_SEED_INVALID' }));
  });
});
