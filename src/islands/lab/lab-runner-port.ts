import type { CheckResult } from "../../schemas/check-result";

/** One simulated request of a run, as the runner reports it (shape owned by the lab engine). */
export type NetworkEntry = Record<string, unknown>;

/** What one "Run checks" produced (the contract of src/grading/browser/lab-runner.ts). */
export interface RunReport {
  status: "completed" | "compile-error" | "crashed";
  results: CheckResult[];
  passed: number;
  total: number;
  durationMs: number;
  compileError?:
    { message: string; file: string; line: number; column: number } | undefined;
  network: NetworkEntry[];
}

export type RunEvent =
  | { type: "check-start"; name: string }
  | { type: "check-end"; result: CheckResult };

export interface LabRunner {
  run(code: string, onEvent: (event: RunEvent) => void): Promise<RunReport>;
  dispose(): void;
}

export interface LabRunnerOptions {
  labId: string;
  checks: string;
  editableFile: string;
  timeoutMs: number;
}

export type CreateLabRunner = (options: LabRunnerOptions) => LabRunner;
