import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import type { RunReport } from '../../src/grading/core/runner-events';
import { gradeSubmissionsCached, readSavedReports } from '../../src/grading/node/report-cache';
import { LabError } from '../../src/lab-format/lab-error';
import { listLabIds, loadLab, type LoadedLab } from '../../src/lab-format/load-lab';
import { startRunnerHarness, type RunnerHarness } from '../grading/browser-harness';
import { randomRunSeed } from '../../src/grading/core/run-seed';

/**
 * Every lab that loads (check:labs reports the others), plus the engine's own fixture lab. `PARITY_LABS=a,b`
 * narrows it to those labs (and the fixture lab), to prove a change to their checks without grading every lab.
 */
function parityLabs(): LoadedLab[] {
  const only = process.env['PARITY_LABS']?.split(',').map((id) => id.trim());
  const labs = [loadLab('tests/fixtures/labs/verify-token')];
  for (const id of listLabIds()) {
    if (only && !only.includes(id)) continue;
    try {
      labs.push(loadLab(id));
    } catch (error) {
      if (!(error instanceof LabError)) throw error;
    }
  }
  return labs;
}

interface Variant {
  lab: LoadedLab;
  name: string;
  code: string;
  /** An alternative solution: correct, written differently, so it passes every check in both runtimes. */
  correct?: true;
}

const variants: Variant[] = parityLabs().flatMap((lab) => [
  { lab, name: 'solution', code: lab.solution },
  { lab, name: 'starter', code: lab.starter },
  ...lab.alternatives.map((alternative): Variant => ({
    lab,
    name: alternative.file,
    code: alternative.code,
    correct: true,
  })),
  ...lab.wrong.map((wrong) => ({ lab, name: wrong.file, code: wrong.code })),
]);

let harness: RunnerHarness;
let nodeReports: RunReport[];
/**
 * One seed for both runtimes, so both start every check at the same instant (named when a case fails). It is
 * check:labs' seed when check:labs saved its grades (as `npm test` runs it first): `npm run grade`'s reports for
 * the same engine, lab, code and seed are then reused instead of graded again; any other variant is graded here.
 */
const saved = readSavedReports();
const seed = saved?.seed ?? randomRunSeed();

beforeAll(async () => {
  let graded: { reports: RunReport[]; cached: number };
  [harness, graded] = await Promise.all([
    startRunnerHarness(),
    gradeSubmissionsCached(
      variants.map(({ lab, code }) => ({ lab, code, seed })),
      saved,
    ),
  ]);
  nodeReports = graded.reports;
  process.stdout.write(
    `grading-parity: seed ${seed}, ${graded.cached} of ${variants.length} npm run grade reports saved by check:labs\n`,
  );
});

afterAll(async () => {
  await harness?.close();
});

const verdicts = (report: RunReport) =>
  report.results.map(({ name, status, message }) => ({ name, status, message: message ?? '' }));

describe('the browser runner and npm run grade', () => {
  it.each(variants.map((variant, index) => [`${variant.lab.id} ${variant.name}`, index] as const))(
    'give the same status and message per check for %s',
    async (_, index) => {
      const { lab, code, correct } = variants[index] as Variant;
      const browser = await harness.grade(lab, code, seed);
      const node = nodeReports[index] as RunReport;
      expect({ seed: browser.seed, status: browser.status }).toEqual({ seed, status: node.status });
      expect(verdicts(browser), `seed ${seed}`).toEqual(verdicts(node));
      if (correct) expect(browser.results.filter((r) => r.status !== 'passed')).toEqual([]);
    },
  );
});
