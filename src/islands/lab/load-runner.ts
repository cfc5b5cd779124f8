import type { CreateLabRunner } from './lab-runner-port';

// Lazy: the runner and its worker download when the island asks for them (on idle after it becomes visible),
// never with the page.
const runnerModules = import.meta.glob<{ createLabRunner: CreateLabRunner }>(
  '../../grading/browser/lab-runner.ts',
);

export async function loadRunner(): Promise<CreateLabRunner> {
  const load = runnerModules['../../grading/browser/lab-runner.ts'];
  if (!load) throw new Error('this build has no lab runner (src/grading/browser/lab-runner.ts)');
  return (await load()).createLabRunner;
}
