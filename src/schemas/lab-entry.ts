import { z } from 'astro/zod';
import { LabSchema } from './lab';

/** One hint as the page holds it: rendered once at build time, revealed by id. */
export const LabEntryHintSchema = z.strictObject({
  /** Unique within its lab: the key the editor island reveals it by. */
  id: z.string().regex(/^[a-z0-9]+(-[a-z0-9]+)*$/),
  /** Full names of the checks the hint is about; empty when it is general. */
  for: z.array(z.string().min(1)),
  /** The hint's Markdown rendered by Astro's Markdown pipeline (author content, never learner input). */
  html: z.string(),
});

/**
 * An entry of the `labs` content collection (`labsLoader()`): lab.md's frontmatter plus what the page, the
 * island and the certificate need from the folder. The statement is the entry's rendered body.
 */
export const LabEntrySchema = LabSchema.extend({
  hints: z.array(LabEntryHintSchema),
  starter: z.string(),
  solution: z.string(),
  checks: z.string(),
  starterHash: z.string(),
  checksHash: z.string(),
});

export type LabEntry = z.infer<typeof LabEntrySchema>;
