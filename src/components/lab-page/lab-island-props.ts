import { z } from 'astro/zod';
import { SpecReferenceSchema } from '../../schemas/lab';
import { SolutionVisibilitySchema } from '../../schemas/solution-visibility';

/**
 * One hint as the island knows it: its id and the checks it is about. Its text is rendered into the page
 * once, hidden (`<template data-hint-id>` in Lab.astro), and revealed by id; no HTML travels in props.
 */
export const LabHintSchema = z.strictObject({
  id: z.string(),
  forChecks: z.array(z.string()),
});

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
  /** When "Compare with solution" is offered. The solution itself is only serialised when it may be shown. */
  solutionOffer: SolutionVisibilitySchema,
  /** Absent when the course's solution mode is `never`. */
  solution: z.string().optional(),
  /** Short content hashes: saved code made against other versions is kept, and the learner is told. */
  starterHash: z.string(),
  checksHash: z.string(),
  courseId: z.string(),
  basePath: z.string(),
});

export type LabHint = z.infer<typeof LabHintSchema>;
export type LabIslandProps = z.infer<typeof LabIslandPropsSchema>;
