import { z } from 'astro/zod';

/**
 * The seed of one grading run: it picks the instant the run's virtual clock starts at, so no submission can
 * recognise a check by a published start instant, and a failure replays with the same seed
 * (`npm run grade -- <lab> <file> --seed <n>`). An unsigned 32-bit integer, written in decimal.
 */
export const RunSeedSchema = z.number().int().min(0).max(0xffff_ffff);

export type RunSeed = z.infer<typeof RunSeedSchema>;
