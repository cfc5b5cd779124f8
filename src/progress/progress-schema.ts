import { z } from 'astro/zod';
import { CertificateFileSchema } from '../certificate/certificate-schema';
import { PROGRESS_VERSION } from './progress-migrate';

export { PROGRESS_VERSION };

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

/** The code of the latest run that passed every check: what a certificate captures. */
export const PassingCodeSchema = z.strictObject({
  code: z.string(),
  starterHash: z.string(),
  checksHash: z.string(),
  passedAt: z.string(),
});

/** The latest run's score and the checks it ran against: shown again after a reload. */
export const LastRunSchema = z.strictObject({
  passed: z.number().int().nonnegative(),
  total: z.number().int().nonnegative(),
  checksHash: z.string(),
  ranAt: z.string(),
});

export const LabProgressSchema = z.strictObject({
  saved: SavedLabCodeSchema.optional(),
  /** How many times "Run checks" produced a report (drives the `after-attempts` solution mode). */
  attempts: z.number().int().nonnegative().default(0),
  best: LabScoreSchema.optional(),
  /** When a run first reported passed === total. */
  firstPassAt: z.string().optional(),
  passing: PassingCodeSchema.optional(),
  lastRun: LastRunSchema.optional(),
  /**
   * The hints the learner revealed, by hint id, in the order revealed: they stay revealed after a reload.
   * A number is a hint's index in file-name order, as earlier versions stored it; the lab session turns it
   * into that hint's id (lab-session.ts), so nothing revealed is lost.
   */
  revealedHints: z.array(z.union([z.string(), z.number().int().nonnegative()])).optional(),
});

/** What the quiz element stores: the picked choice indexes per question, once checked. */
const QuizResultSchema = z.strictObject({
  answers: z.array(z.array(z.number().int().nonnegative())),
  checkedAt: z.string(),
});

export type QuizResult = z.infer<typeof QuizResultSchema>;

/** The lesson the learner last opened, for "continue where you left off" (written by progress-marks.ts). */
export const LastLessonSchema = z.strictObject({
  /** The lesson's h1. */
  title: z.string(),
  /** Path below the base path, e.g. `01-issuance-and-validation/02-verifying-access-tokens/`. */
  path: z.string(),
});

export const LessonsProgressSchema = z.looseObject({
  /** Lesson id (`NN-module/NN-lesson`) → first visit time. */
  visited: z.record(z.string(), z.string()).default({}),
  /** Lesson id → when the learner marked it done: only a lesson with no lab and no quiz (lessonCompleted). */
  completed: z.record(z.string(), z.string()).default({}),
  last: LastLessonSchema.optional(),
});

/** The whole stored document for one course at one base path. */
export const ProgressDocumentSchema = z.looseObject({
  version: z.literal(PROGRESS_VERSION),
  labs: z.record(z.string(), LabProgressSchema).default({}),
  lessons: LessonsProgressSchema.default({ visited: {}, completed: {} }),
  /** Quiz id → the learner's checked answers. */
  quizzes: z.record(z.string(), QuizResultSchema).default({}),
  /** The certificate the learner last claimed, shown again when they come back to the certificate page. */
  certificate: CertificateFileSchema.optional(),
});

export type SavedLabCode = z.infer<typeof SavedLabCodeSchema>;
export type LabScore = z.infer<typeof LabScoreSchema>;
export type LabProgress = z.infer<typeof LabProgressSchema>;
export type LastRun = z.infer<typeof LastRunSchema>;
export type ProgressDocument = z.infer<typeof ProgressDocumentSchema>;
