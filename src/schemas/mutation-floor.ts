import { z } from 'astro/zod';

/**
 * `labs/<id>/mutation.yaml`: the lowest mutation score (in %) of the lab's `solution.ts` that
 * `npm run mutate:labs` accepts. It starts at the measured score and only rises.
 */
export const MutationFloorSchema = z.strictObject({
  floor: z.number().min(0).max(100),
});
