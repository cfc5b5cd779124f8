/** Every way a lab can fall short of the check-design standard. Tests assert these codes, never the wording. */
export type DesignProblemCode =
  | 'ERR_DESIGN_MISSING'
  | 'ERR_DESIGN_INVALID'
  | 'ERR_DESIGN_CLASS_MISSING'
  | 'ERR_DESIGN_ROW_AMBIGUOUS'
  | 'ERR_DESIGN_REASON_MISSING'
  | 'ERR_DESIGN_UNKNOWN_CHECK'
  | 'ERR_DESIGN_NO_WRONG_ANSWER';

/** One shortfall, naming the lab, the file and what is missing. */
export interface DesignProblem {
  code: DesignProblemCode;
  lab: string;
  /** Path of the file to fix, relative to the repository when possible. */
  file: string;
  message: string;
}

export function formatDesignProblem(problem: DesignProblem): string {
  return `${problem.code}: ${problem.file}: ${problem.message}`;
}
