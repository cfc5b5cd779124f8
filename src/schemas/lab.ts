import { z } from 'astro/zod';
import { MAX_REPORT_MS, WATCHDOG_GRACE_MS } from './check-limits';

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
