/**
 * `npm run mutate:labs [-- <lab-id>…] [--raise-floors]`: mutation testing of every lab's `solution.ts`
 * (StrykerJS, stryker.config.mjs) as a gate. For each lab it prints the score against the floor in
 * `labs/<id>/mutation.yaml` and every disabled mutant with its reason, and fails (exit 1) when
 * - a lab has no floor, or a floor lower than one committed before (floors only rise: ERR_MUTATION_FLOOR_LOWERED);
 * - a lab scores under its floor (ERR_MUTATION_BELOW_FLOOR);
 * - a lab disables more than 5 % of its mutants, or disables one without a reason or more broadly than one
 *   mutator on one line.
 * `--raise-floors` writes each lab's measured score (rounded down to 0.1) as its floor when it is higher;
 * it never lowers one. `npm run check:labs` proves a lab; this proves its checks kill the mutants of its
 * reference solution.
 */
import { readFileSync, writeFileSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { Stryker } from '@stryker-mutator/core';
import { committedFloors, loweredFrom } from '../src/mutation-testing/floor-history';
import { floorOf, labMutationScores } from '../src/mutation-testing/lab-mutation-scores';
import { broadDisables, mutationGate, MAX_DISABLED_SHARE } from '../src/mutation-testing/mutation-gate';
import { formatMutationProblem, type MutationProblem } from '../src/mutation-testing/mutation-problem';
import { MUTATION_FLOOR_FILE, readMutationFloor } from '../src/mutation-testing/read-mutation-floor';
import { listLabIds, LABS_ROOT } from '../src/lab-format/load-lab';
import { LAB_FILES } from '../src/lab-format/lab-layout';
import { MAX_CHECK_MS } from '../src/schemas/check-limits';

const ROOT = resolve(import.meta.dirname, '..');
const args = process.argv.slice(2);
const raise = args.includes('--raise-floors');
const asked = args.filter((arg) => !arg.startsWith('--'));
const all = listLabIds();
for (const id of asked) {
  if (!all.includes(id)) {
    process.stderr.write(
      `mutate:labs: no lab "${id}" in labs/\nusage: npm run mutate:labs [-- <lab-id>…] [--raise-floors]\n`,
    );
    process.exit(2);
  }
}
const labs = asked.length > 0 ? asked : all;
const problems: MutationProblem[] = [];
const solutionFile = (lab: string) => `labs/${lab}/${LAB_FILES.solution}`;
const floorFile = (lab: string) => `labs/${lab}/${MUTATION_FLOOR_FILE}`;

// Floors first: they are cheap to check and a lowered floor fails whatever the scores.
const floors = new Map<string, number>();
for (const lab of labs) {
  const reading = readMutationFloor(join(LABS_ROOT, lab));
  if (!reading.ok) {
    if (!(raise && reading.problem.code === 'ERR_MUTATION_FLOOR_MISSING')) problems.push(reading.problem);
    continue;
  }
  floors.set(lab, reading.floor);
  const lowered = loweredFrom(reading.floor, committedFloors(ROOT, floorFile(lab)));
  if (lowered)
    problems.push({
      code: 'ERR_MUTATION_FLOOR_LOWERED',
      lab,
      file: floorFile(lab),
      message: `floor ${reading.floor} % is below ${lowered.floor} %, committed in ${lowered.commit.slice(0, 10)}: floors only rise`,
    });
  problems.push(
    ...broadDisables(readFileSync(join(ROOT, solutionFile(lab)), 'utf8'), lab, solutionFile(lab)),
  );
}

const started = performance.now();
// A slow machine must not fail the dry run (src/grading/node/vitest-lab-setup.ts says why).
process.env['LAB_VITEST_TIMEOUT_MS'] ??= String(MAX_CHECK_MS);
// One lab: only its checks run (vitest.labs.config.ts reads LAB_ID), which shortens Stryker's dry run.
if (labs.length === 1) process.env['LAB_ID'] = labs[0];
const results = await new Stryker({
  configFile: join(ROOT, 'stryker.config.mjs'),
  mutate: labs.map(solutionFile),
}).runMutationTest();
const seconds = (performance.now() - started) / 1000;
const scores = labMutationScores(
  results.map((r) => ({ ...r, fileName: relative(ROOT, resolve(ROOT, r.fileName)) })),
);

const lines: string[] = [];
for (const lab of labs) {
  const score = scores.get(lab);
  const floor = floors.get(lab);
  if (floor !== undefined)
    problems.push(...mutationGate(score, lab, floor, { solution: solutionFile(lab), floor: floorFile(lab) }));
  if (!score) continue;
  const total = score.killed + score.timeout + score.survived + score.noCoverage;
  lines.push(
    `${lab.padEnd(24)} ${score.score.toFixed(2).padStart(6)} %  floor ${String(floor ?? '-').padStart(5)}  ` +
      `${score.killed + score.timeout}/${total} killed (${score.timeout} by timeout), ${score.survived} survived, ` +
      `${score.noCoverage} not covered, ${score.disabled.length} disabled (${score.disabledShare.toFixed(1)} %)`,
  );
  for (const disabled of score.disabled)
    lines.push(`  disabled ${solutionFile(lab)}:${disabled.line} ${disabled.mutator}: ${disabled.reason}`);
  const measured = floorOf(score.score);
  if (raise && measured > (floor ?? -1)) {
    writeFileSync(
      join(LABS_ROOT, lab, MUTATION_FLOOR_FILE),
      `# Mutation score floor (%) of solution.ts under npm run mutate:labs. It only rises.\nfloor: ${measured}\n`,
    );
    lines.push(`  raised ${floorFile(lab)}: ${floor ?? 'none'} → ${measured}`);
  }
}
process.stdout.write(
  `\nmutate:labs (limit on disabled mutants: ${MAX_DISABLED_SHARE} % per lab)\n${lines.join('\n')}\n`,
);
for (const problem of problems) process.stdout.write(`FAIL ${formatMutationProblem(problem)}\n`);
process.stdout.write(
  `\nmutate:labs: ${labs.length} labs, ${results.length} mutants in ${seconds.toFixed(0)} s\n`,
);
process.exit(problems.length === 0 ? 0 : 1);
