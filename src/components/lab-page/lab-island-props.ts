import { z } from 'astro/zod';
import { SpecReferenceSchema } from '../../schemas/lab';

/** One hint, shown one at a time; `forChecks` ties it to full check names (the `For:` line). */
export const LabHintSchema = z.strictObject({
  text: z.string().min(1),
  forChecks: z.array(z.string()).default([]),
});

/** When "Compare with solution" is offered. The solution itself is only serialised when it may be shown. */
export const SolutionOfferSchema = z.discriminatedUnion('mode', [
  z.strictObject({ mode: z.literal('always') }),
  z.strictObject({
    mode: z.literal('after-attempts'),
    attempts: z.number().int().min(1),
  }),
  z.strictObject({ mode: z.literal('never') }),
]);

/** Everything `Lab.astro` hands the React island: plain JSON, serialised into the page. */
export const LabIslandPropsSchema = z.strictObject({
  labId: z.string(),
  title: z.string(),
  editableFile: z.string(),
  starter: z.string(),
  /** Source of `checks.test.ts`, shown read-only and handed to the runner. */
  checks: z.string(),
  hints: z.array(LabHintSchema),
  timeoutMs: z.number().int().positive(),
  references: z.array(SpecReferenceSchema),
  solutionOffer: SolutionOfferSchema,
  /** Absent when the course's solution mode is `never`. */
  solution: z.string().optional(),
  /** Short content hashes: saved code made against other versions is kept, and the learner is told. */
  starterHash: z.string(),
  checksHash: z.string(),
  courseId: z.string(),
  basePath: z.string(),
});

export type LabHint = z.infer<typeof LabHintSchema>;
export type SolutionOffer = z.infer<typeof SolutionOfferSchema>;
export type LabIslandProps = z.infer<typeof LabIslandPropsSchema>;
