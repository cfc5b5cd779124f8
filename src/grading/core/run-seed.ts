import { CodedError } from '../../errors/coded-error';
import { LAB_EPOCH } from '../../token-server/clock';
import type { RunSeed } from '../../schemas/run-seed';

/** A seed that names no run start (`npm run grade -- … --seed <n>`, `LabRunner.run(…, seed)`). */
export class RunSeedError extends CodedError<(typeof RunSeedError.codes)[number]> {
  static readonly codes = ['ERR_RUN_SEED_INVALID'] as const;
  override readonly name = 'RunSeedError';
}

/** How far after LAB_EPOCH a run may start: about ten years of whole seconds. */
const SPAN_SECONDS = 10 * 365 * 86_400;
const EPOCH_MS = Date.parse(LAB_EPOCH);

/** A fresh seed from the platform CSPRNG (the grader, the worker and check:labs draw one per run). */
export function randomRunSeed(): RunSeed {
  return crypto.getRandomValues(new Uint32Array(1))[0] ?? 0;
}

/**
 * The instant (ms since the epoch) every check of a run starts at: LAB_EPOCH plus a whole number of seconds
 * the seed picks, so token times stay whole NumericDates and the same seed always gives the same instant.
 */
export function runEpochMs(seed: RunSeed): number {
  // Checked by hand, not with RunSeedSchema: zod stays out of the grading worker's bundle.
  if (!Number.isInteger(seed) || seed < 0 || seed > 0xffff_ffff)
    throw new RunSeedError(
      'ERR_RUN_SEED_INVALID',
      `a run seed is an integer from 0 to 4294967295, got ${String(seed)}`,
    );
  return EPOCH_MS + (seed % SPAN_SECONDS) * 1000;
}
