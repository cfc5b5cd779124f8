import { z } from 'astro/zod';

/** Bumped whenever the stored shape changes incompatibly; older documents are migrated, newer ones left alone. */
export const PROGRESS_VERSION = 1;

/** The learner's latest code for one lab, with the versions of the starter and checks it was written against. */
export const SavedLabCodeSchema = z.strictObject({
  code: z.string(),
  starterHash: z.string(),
  checksHash: z.string(),
  savedAt: z.string(),
});

export const LabScoreSchema = z.strictObject({
  passed: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
});

export const LabProgressSchema = z.strictObject({
  saved: SavedLabCodeSchema.optional(),
  /** How many times "Run checks" produced a report (drives the `after-attempts` solution mode). */
  attempts: z.number().int().nonnegative().default(0),
  best: LabScoreSchema.optional(),
});

/** The whole stored document for one course at one base path. */
export const ProgressDocumentSchema = z.looseObject({
  version: z.literal(PROGRESS_VERSION),
  labs: z.record(z.string(), LabProgressSchema).default({}),
});

export type SavedLabCode = z.infer<typeof SavedLabCodeSchema>;
export type LabScore = z.infer<typeof LabScoreSchema>;
export type LabProgress = z.infer<typeof LabProgressSchema>;
export type ProgressDocument = z.infer<typeof ProgressDocumentSchema>;
