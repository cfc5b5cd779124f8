import type { CreateLabRunner } from './lab-runner-port';

/**
 * The runner and its worker are a separate chunk, requested when the island warms up (idle, after the lab
 * became visible), never with the page itself.
 */
export async function loadRunner(): Promise<CreateLabRunner> {
  return (await import('../../grading/browser/lab-runner')).createLabRunner;
}
