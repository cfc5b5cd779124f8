import { z } from 'astro/zod';

/**
 * When the reference solution may be shown as a diff in the lab UI: the course's `solutions` setting, handed
 * to each lab island as it is.
 */
export const SolutionVisibilitySchema = z.discriminatedUnion('mode', [
  /** Always available: solutions ship in the bundle. */
  z.strictObject({ mode: z.literal('always') }),
  /** Offered after the learner has run the checks this many times: solutions ship in the bundle. */
  z.strictObject({ mode: z.literal('after-attempts'), attempts: z.number().int().min(1).max(50) }),
  /** Never: no solution, wrong answer or source map of them is anywhere in the build. */
  z.strictObject({ mode: z.literal('never') }),
]);

export type SolutionVisibility = z.infer<typeof SolutionVisibilitySchema>;
