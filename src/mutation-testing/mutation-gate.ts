import type { LabMutationScore } from './lab-mutation-scores';
import type { MutationProblem } from './mutation-problem';

/** At most this share (in %) of a lab's mutants may be disabled as equivalent. */
export const MAX_DISABLED_SHARE = 5;

/** Stryker's reason for a disable comment that gives none. */
const NO_REASON = 'Ignored using a comment';

/**
 * Judges one lab's mutation result against its floor: under the floor, more than 5 % of its mutants
 * disabled, or a disabled mutant without a reason, each fail the gate.
 */
export function mutationGate(
  score: LabMutationScore | undefined,
  lab: string,
  floor: number,
  files: { solution: string; floor: string },
): MutationProblem[] {
  if (!score || score.killed + score.timeout + score.survived + score.noCoverage === 0)
    return [
      { code: 'ERR_MUTATION_NO_MUTANTS', lab, file: files.solution, message: 'Stryker made no mutant of it' },
    ];
  const problems: MutationProblem[] = [];
  if (score.score < floor)
    problems.push({
      code: 'ERR_MUTATION_BELOW_FLOOR',
      lab,
      file: files.floor,
      message: `mutation score ${score.score.toFixed(2)} % is under the floor ${floor} % (${score.survived} survived, ${score.noCoverage} not covered)`,
    });
  if (score.disabledShare > MAX_DISABLED_SHARE)
    problems.push({
      code: 'ERR_MUTATION_TOO_MANY_DISABLED',
      lab,
      file: files.solution,
      message: `${score.disabled.length} mutants disabled (${score.disabledShare.toFixed(1)} %), more than ${MAX_DISABLED_SHARE} %`,
    });
  for (const disabled of score.disabled.filter((d) => d.reason.trim() === '' || d.reason === NO_REASON))
    problems.push({
      code: 'ERR_MUTATION_DISABLE_UNEXPLAINED',
      lab,
      file: `${files.solution}:${disabled.line}`,
      message: `${disabled.mutator} is disabled without a reason ("// Stryker disable next-line ${disabled.mutator}: <why it is equivalent>")`,
    });
  return problems;
}

/**
 * Only `// Stryker disable next-line <one mutator>: <reason>` is allowed: a whole-file or `all` disable
 * would hide mutants nobody argued were equivalent.
 */
export function broadDisables(source: string, lab: string, file: string): MutationProblem[] {
  return source.split('\n').flatMap((line, index): MutationProblem[] => {
    const directive = /Stryker\s+(disable|restore)\b(.*)$/.exec(line);
    if (!directive) return [];
    if (directive[1] === 'disable' && /^\s+next-line\s+(?!all\b)[A-Za-z]+\s*:\s*\S/.test(directive[2] ?? ''))
      return [];
    return [
      {
        code: 'ERR_MUTATION_DISABLE_TOO_BROAD',
        lab,
        file: `${file}:${index + 1}`,
        message: 'only "// Stryker disable next-line <mutator>: <reason>" may disable a mutant',
      },
    ];
  });
}
