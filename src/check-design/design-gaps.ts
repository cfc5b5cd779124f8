import { CHECK_DESIGN_CLASSES, type CheckDesign } from '../schemas/check-design';
import type { DesignProblem } from './design-problem';

/** A `does-not-apply` reason shorter than this says nothing (e.g. "n/a"). */
export const MIN_REASON_LENGTH = 20;

export interface DesignContext {
  lab: string;
  /** The design.yaml path to name in problems. */
  file: string;
  /** Full names of the lab's checks, as the runner reports them. */
  checks: readonly string[];
  /** The wrong answers and the checks each fails (its exact `@fails` set). */
  wrong: readonly { file: string; fails: readonly string[] }[];
}

/**
 * What keeps a lab's design.yaml from being complete and true: a class with no row, a row both or neither
 * applying, a `does-not-apply` without a reason, a check name that does not exist, or an `applies` row that
 * no wrong answer fails (so nothing shows its checks catch a real mistake).
 */
export function designGaps(design: CheckDesign, context: DesignContext): DesignProblem[] {
  const problems: DesignProblem[] = [];
  const problem = (code: DesignProblem['code'], message: string) =>
    problems.push({ code, lab: context.lab, file: context.file, message });
  for (const name of CHECK_DESIGN_CLASSES) {
    const row = design.classes[name];
    if (!row) {
      problem(
        'ERR_DESIGN_CLASS_MISSING',
        `class "${name}" has no row (applies: [checks] or does-not-apply: reason)`,
      );
      continue;
    }
    const reason = row['does-not-apply'];
    if ((row.applies === undefined) === (reason === undefined)) {
      problem(
        'ERR_DESIGN_ROW_AMBIGUOUS',
        `class "${name}" must have exactly one of applies or does-not-apply`,
      );
      continue;
    }
    if (reason !== undefined) {
      if (reason.trim().length < MIN_REASON_LENGTH)
        problem('ERR_DESIGN_REASON_MISSING', `class "${name}" does not apply but gives no reason why`);
      continue;
    }
    const checks = row.applies ?? [];
    if (checks.length === 0) {
      problem('ERR_DESIGN_UNKNOWN_CHECK', `class "${name}" applies but names no check that covers it`);
      continue;
    }
    const unknown = checks.filter((check) => !context.checks.includes(check));
    for (const check of unknown)
      problem('ERR_DESIGN_UNKNOWN_CHECK', `class "${name}" names no check: "${check}"`);
    if (unknown.length > 0) continue;
    if (!context.wrong.some((wrong) => wrong.fails.some((failed) => checks.includes(failed))))
      problem(
        'ERR_DESIGN_NO_WRONG_ANSWER',
        `class "${name}" applies, but no wrong/*.ts fails any of its checks (${checks.map((c) => `"${c}"`).join(', ')})`,
      );
  }
  return problems;
}
