import { z } from 'astro/zod';

/** Frontmatter of a hint file, `labs/<lab-id>/hints/NN-<hint-id>.md` (optional: a hint may be general). */
export const LabHintSchema = z.strictObject({
  /** Full names of the checks the hint is about: the editor offers it first when one of them fails. */
  for: z.array(z.string().min(1)).min(1).optional(),
});
