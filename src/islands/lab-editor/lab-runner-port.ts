import type { createLabRunner } from '../../grading/browser/lab-runner';

/** The runner contract the island is written against (ARCHITECTURE.md, "Runner API for the UI"). */
export type { LabRunner, RunnerEvent, RunReport } from '../../grading/browser/lab-runner';
export type { NetworkEntry } from '../../grading/core/runner-events';
export type CreateLabRunner = typeof createLabRunner;
