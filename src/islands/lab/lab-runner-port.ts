import type { NetworkEntry, RunReport, RunnerEvent } from '../../grading/core/runner-events';

export type { NetworkEntry, RunReport, RunnerEvent };

/** What the island needs of src/grading/browser/lab-runner.ts (ARCHITECTURE.md, "Runner API for the UI"). */
export interface LabRunner {
  run(code: string, onEvent: (event: RunnerEvent) => void): Promise<RunReport>;
  dispose(): void;
}

export interface LabRunnerOptions {
  labId: string;
  checks: string;
  editableFile: string;
  timeoutMs: number;
}

export type CreateLabRunner = (options: LabRunnerOptions) => LabRunner;
