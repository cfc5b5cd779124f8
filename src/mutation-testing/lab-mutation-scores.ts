/** The members of a Stryker mutant result the gate reads (`MutantResult` of @stryker-mutator/api). */
export interface MutantOutcome {
  fileName: string;
  mutatorName: string;
  status: string;
  statusReason?: string | undefined;
  replacement?: string | undefined;
  location: { start: { line: number; column: number } };
}

/** A mutant switched off in `solution.ts` with `// Stryker disable next-line <mutator>: <reason>`. */
export interface DisabledMutant {
  line: number;
  mutator: string;
  reason: string;
}

/** One lab's mutation result. Errors (mutants that do not compile or crash the runner) count nowhere. */
export interface LabMutationScore {
  lab: string;
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  errors: number;
  disabled: DisabledMutant[];
  /** (killed + timeout) / (killed + timeout + survived + no coverage), in %, as Stryker computes it. */
  score: number;
  /** Disabled mutants as a share (in %) of all valid mutants, disabled ones included. */
  disabledShare: number;
}

const LAB_FILE = /(?:^|[\\/])labs[\\/]([a-z0-9-]+)[\\/]solution\.ts$/;

/** Groups Stryker's results by lab (`labs/<id>/solution.ts`) and scores each. */
export function labMutationScores(outcomes: readonly MutantOutcome[]): Map<string, LabMutationScore> {
  const scores = new Map<string, LabMutationScore>();
  for (const outcome of outcomes) {
    const lab = LAB_FILE.exec(outcome.fileName)?.[1];
    if (!lab) continue;
    const score =
      scores.get(lab) ??
      ({
        lab,
        killed: 0,
        timeout: 0,
        survived: 0,
        noCoverage: 0,
        errors: 0,
        disabled: [],
        score: 0,
        disabledShare: 0,
      } satisfies LabMutationScore);
    scores.set(lab, score);
    switch (outcome.status) {
      case 'Killed':
        score.killed++;
        break;
      case 'Timeout':
        score.timeout++;
        break;
      case 'Survived':
        score.survived++;
        break;
      case 'NoCoverage':
        score.noCoverage++;
        break;
      case 'Ignored':
        score.disabled.push({
          line: outcome.location.start.line,
          mutator: outcome.mutatorName,
          reason: outcome.statusReason ?? '',
        });
        break;
      default:
        score.errors++;
    }
  }
  for (const score of scores.values()) {
    const detected = score.killed + score.timeout;
    const valid = detected + score.survived + score.noCoverage;
    score.score = valid === 0 ? 0 : (100 * detected) / valid;
    score.disabledShare = (100 * score.disabled.length) / Math.max(1, valid + score.disabled.length);
    score.disabled.sort((a, b) => a.line - b.line || a.mutator.localeCompare(b.mutator));
  }
  return scores;
}

/** A score as a floor: rounded down to one decimal, so the same result always meets it. */
export function floorOf(score: number): number {
  return Math.floor(score * 10 + 1e-9) / 10;
}
