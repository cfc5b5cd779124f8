import type { CheckResult } from '../../schemas/check-result';

/** Check names join describe blocks and the test name with " > " (see CheckResultSchema). */
const SEPARATOR = ' > ';

export interface ShownCheck {
  result: CheckResult;
  /** The test's own name, without its describe blocks. */
  title: string;
}

export interface CheckGroup {
  /** The describe blocks below the ones every check shares, joined with " > "; empty for none. */
  heading: string;
  checks: ShownCheck[];
}

export interface GroupedResults {
  /** Failed, timed-out and errored checks, by describe block, in the order they ran. */
  failures: CheckGroup[];
  passes: ShownCheck[];
  notRun: ShownCheck[];
}

const isFailure = (r: CheckResult) => r.status !== 'passed' && r.status !== 'not run';

/** The describe blocks every check sits in: they say nothing that tells two checks apart. */
function commonPrefix(paths: readonly string[][]): number {
  if (paths.length === 0) return 0;
  let shared = Math.min(...paths.map((p) => p.length - 1));
  for (let i = 0; i < shared; i++) {
    if (paths.some((p) => p[i] !== paths[0]![i])) shared = i;
  }
  return shared;
}

/** Failures first, grouped by describe block (the shared outer blocks dropped), then passes and checks not run. */
export function groupResults(results: readonly CheckResult[]): GroupedResults {
  const paths = results.map((r) => r.name.split(SEPARATOR));
  const drop = commonPrefix(paths);
  const shown = results.map((result, i): ShownCheck & { heading: string } => {
    const path = paths[i]!;
    return {
      result,
      title: path.at(-1)!,
      heading: path.slice(drop, -1).join(SEPARATOR),
    };
  });
  const failures: CheckGroup[] = [];
  for (const { heading, ...check } of shown.filter((s) => isFailure(s.result))) {
    const group = failures.find((g) => g.heading === heading);
    if (group) group.checks.push(check);
    else failures.push({ heading, checks: [check] });
  }
  // Folded lists have no headings: their names keep the describe blocks that tell them apart.
  const strip = ({ result, title, heading }: ShownCheck & { heading: string }): ShownCheck => ({
    result,
    title: heading ? `${heading}${SEPARATOR}${title}` : title,
  });
  return {
    failures,
    passes: shown.filter((s) => s.result.status === 'passed').map(strip),
    notRun: shown.filter((s) => s.result.status === 'not run').map(strip),
  };
}
