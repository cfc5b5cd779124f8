/** Every way a lab fails the mutation gate. Tests assert these codes, never the wording. */
export type MutationProblemCode =
  | 'ERR_MUTATION_FLOOR_MISSING'
  | 'ERR_MUTATION_FLOOR_INVALID'
  | 'ERR_MUTATION_FLOOR_LOWERED'
  | 'ERR_MUTATION_BELOW_FLOOR'
  | 'ERR_MUTATION_NO_MUTANTS'
  | 'ERR_MUTATION_TOO_MANY_DISABLED'
  | 'ERR_MUTATION_DISABLE_UNEXPLAINED'
  | 'ERR_MUTATION_DISABLE_TOO_BROAD';

/** One failure of the gate, naming the lab and the file to fix. */
export interface MutationProblem {
  code: MutationProblemCode;
  lab: string;
  file: string;
  message: string;
}

export function formatMutationProblem(problem: MutationProblem): string {
  return `${problem.code}: ${problem.lab}: ${problem.file}: ${problem.message}`;
}
