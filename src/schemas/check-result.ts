import { z } from 'astro/zod';
import { RunSeedSchema } from './run-seed';

const CheckStatusSchema = z.enum(['passed', 'failed', 'timeout', 'error', 'not run']);

/** What a check recorded about the attack it ran: shown next to its verdict. */
export const CheckEvidenceSchema = z.strictObject({
  /** The (hostile) token the check presented, in compact form. */
  token: z.string().optional(),
  /** Standards clauses the check enforces, e.g. "RFC 8725 §3.1". */
  clauses: z.array(z.string()).default([]),
  /** One sentence on what the attack does. */
  note: z.string().optional(),
});

const ConsoleEntrySchema = z.strictObject({
  level: z.enum(['log', 'info', 'warn', 'error', 'debug']),
  text: z.string(),
});

/** The verdict of one check, identical from the browser runner, `npm run grade` and real vitest. */
const CheckResultSchema = z.strictObject({
  /** Full name: describe blocks and the test name joined with " > ". */
  name: z.string(),
  status: CheckStatusSchema,
  message: z.string().optional(),
  expected: z.string().optional(),
  received: z.string().optional(),
  /** vitest-style "- Expected / + Received" diff, when the matcher gave both sides. */
  diff: z.string().optional(),
  durationMs: z.number().nonnegative().default(0),
  console: z.array(ConsoleEntrySchema).default([]),
  evidence: z.array(CheckEvidenceSchema).default([]),
});

/**
 * `npm run grade -- <lab> <file> --json` output, one per submission. `status` is `passed` only when every check
 * ran and passed; `error` when the grader could not produce a complete report (it crashed, the report was
 * missing or could not be read), with `error` saying why.
 */
export const GradeReportSchema = z.strictObject({
  lab: z.string(),
  status: z.enum(['passed', 'failed', 'error']),
  error: z.string().optional(),
  /** The run's seed: `npm run grade -- <lab> <file> --seed <n>` replays it (absent when no run started). */
  seed: RunSeedSchema.optional(),
  passed: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  checks: z.array(CheckResultSchema),
});

export type CheckStatus = z.infer<typeof CheckStatusSchema>;
export type CheckEvidence = z.infer<typeof CheckEvidenceSchema>;
export type ConsoleEntry = z.infer<typeof ConsoleEntrySchema>;
export type CheckResult = z.infer<typeof CheckResultSchema>;
export type GradeReport = z.infer<typeof GradeReportSchema>;
