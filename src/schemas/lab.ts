import { z } from 'astro/zod';

/** The page watchdog adds this much to a check's timeout before it terminates the worker. */
export const WATCHDOG_GRACE_MS = 1000;
/** A hung check must be reported within 3 s, whatever the lab says. */
export const MAX_REPORT_MS = 3000;
/**
 * A check's timeout counts only time it waits on nothing (src/grading/core/check-deadline.ts): on a busy machine
 * a slow check is not a hung one. This bounds it on the wall clock, for code that keeps the machine busy forever.
 */
export const MAX_CHECK_MS = 10_000;

/** A standards reference a lab enforces, e.g. `{ spec: 'RFC 8725', section: '3.1' }`. */
export const SpecReferenceSchema = z.strictObject({
  /** Document id, e.g. "RFC 8725" or "OWASP JWT Cheat Sheet". */
  spec: z.string().min(3),
  /** Section number without the §, e.g. "3.1". */
  section: z.string().min(1),
  /** Short paraphrase of what that section asks for. */
  title: z.string().min(3).optional(),
});

/** Frontmatter of `labs/<lab-id>/lab.md`. The body holds the hints as `## Hint` sections. */
export const LabSchema = z.strictObject({
  /** Lab title shown above the editor. */
  title: z.string().min(3),
  /** One sentence: what the learner must make true. */
  summary: z.string().min(10),
  /** The file name the editor shows for `starter.ts` (what checks import as `@lab/submission`). */
  editableFile: z
    .string()
    .regex(/^[a-z0-9-]+\.ts$/, 'a lower-case kebab-case file name ending in .ts, e.g. verify-token.ts'),
  /** Per-check timeout in ms. With the watchdog's grace it must stay within 3 s. */
  timeoutMs: z
    .number()
    .int()
    .min(100)
    .max(MAX_REPORT_MS - WATCHDOG_GRACE_MS)
    .default(1500),
  /** The standards clauses this lab grades. */
  references: z.array(SpecReferenceSchema).min(1),
});

export type Lab = z.infer<typeof LabSchema>;
export type SpecReference = z.infer<typeof SpecReferenceSchema>;
