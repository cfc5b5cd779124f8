import type { LabHint } from '../../components/lab-page/lab-island-props';

/** The minimal view of a check result the hint order needs. */
export interface CheckVerdict {
  name: string;
  status: string;
}

/**
 * Which hint to reveal next: the first unrevealed hint tied to the first failing check, otherwise the
 * first unrevealed hint in the author's order. `undefined` when every hint is shown.
 */
export function nextHint(
  hints: readonly LabHint[],
  revealed: readonly number[],
  results: readonly CheckVerdict[],
) {
  const hidden = hints.map((_, i) => i).filter((i) => !revealed.includes(i));
  const firstFailing = results.find((r) => r.status !== 'passed' && r.status !== 'not run');
  const tied = firstFailing ? hidden.find((i) => hints[i]!.forChecks.includes(firstFailing.name)) : undefined;
  return tied ?? hidden[0];
}
