import type { LabHint } from '../../components/lab-page/lab-island-props';

/** The minimal view of a check result the hint order needs. */
export interface CheckVerdict {
  name: string;
  status: string;
}

/**
 * The id of the hint to reveal next: the first unrevealed hint tied to the first failing check, otherwise
 * the first unrevealed hint in the author's order. `undefined` when every hint is shown.
 */
export function nextHint(
  hints: readonly LabHint[],
  revealed: readonly string[],
  results: readonly CheckVerdict[],
): string | undefined {
  const hidden = hints.filter((hint) => !revealed.includes(hint.id));
  const firstFailing = results.find((r) => r.status !== 'passed' && r.status !== 'not run');
  const tied = firstFailing ? hidden.find((hint) => hint.forChecks.includes(firstFailing.name)) : undefined;
  return (tied ?? hidden[0])?.id;
}

/** The id of the first unrevealed hint whose `for:` names this check. */
export function hintForCheck(
  hints: readonly LabHint[],
  revealed: readonly string[],
  checkName: string,
): string | undefined {
  return hints.find((hint) => !revealed.includes(hint.id) && hint.forChecks.includes(checkName))?.id;
}
