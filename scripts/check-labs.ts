/**
 * `npm run check:labs [-- <lab folder>…]` proves every lab (default: every folder in labs/):
 * - lab.md is valid and every required file exists (errors name the file and field);
 * - the checks use only vitest APIs the runner supports, and check names are unique;
 * - the solution passes every check, the starter fails at least one;
 * - each alternatives/*.ts (a correct solution written differently) passes every check;
 * - each wrong/*.ts fails exactly the checks its `@fails` lines declare (and those checks exist);
 * - every lab has a design.yaml, with a row per check-design class naming real checks, each `applies` row
 *   failed by some wrong answer and each `does-not-apply` row giving its reason (docs/check-design.md);
 * - the built-in mutants (reject-all, decode-only) each fail at least one check;
 * - every hint's `for:` list names real checks;
 * - every cheating submission in tests/fixtures/cheats/<lab>/ fails at least one check in the Node grader
 *   (cheats are not run under real vitest, which does not sandbox learner code);
 * - real vitest gives the same status and message per check as the runner, for the solution, the starter
 *   every alternative and every wrong answer (one vitest invocation for everything).
 * Run over every lab, it saves the runner's reports (src/grading/node/report-cache.ts) for the browser parity suite.
 *
 * Both sides start every check at the instant one seed picks: random per invocation, printed, and replayed
 * with `LAB_RUN_SEED=<n> npm run check:labs`.
 */
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import * as jose from 'jose';
import * as labServer from '../src/check-api/index';
import { MUTANTS } from '../src/grading/core/mutants';
import { randomRunSeed } from '../src/grading/core/run-seed';
import { RunSeedSchema } from '../src/schemas/run-seed';
import type { RunReport } from '../src/grading/core/runner-events';
import { gradeSubmissions, type SubmissionJob } from '../src/grading/node/grade-submission';
import { saveReports } from '../src/grading/node/report-cache';
import {
  parityKey,
  runUnderVitest,
  type ParityVariant,
  type VitestVerdict,
} from '../src/grading/node/vitest-parity';
import { designGaps } from '../src/check-design/design-gaps';
import { formatDesignProblem } from '../src/check-design/design-problem';
import { readCheckDesign } from '../src/check-design/read-check-design';
import { lintChecksSource } from '../src/lab-format/lint-checks';
import { listLabIds, readLab, LABS_ROOT, type LoadedLab } from '../src/lab-format/load-lab';

const started = performance.now();
const targets = process.argv.slice(2);
const dirs =
  targets.length > 0 ? targets.map((t) => resolve(t)) : listLabIds().map((id) => resolve(LABS_ROOT, id));
const problems = new Map<string, string[]>();
const notes: string[] = [];
const complain = (lab: string, problem: string) => problems.set(lab, [...(problems.get(lab) ?? []), problem]);

/** Concrete cheating submissions per lab (docs/check-design.md): each must fail in the sandboxed grader. */
const CHEATS_ROOT = resolve(import.meta.dirname, '../tests/fixtures/cheats');
function cheatsOf(lab: LoadedLab): { file: string; code: string }[] {
  const dir = join(CHEATS_ROOT, lab.id);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((name) => name.endsWith('.ts'))
    .sort()
    .map((name) => ({ file: name, code: readFileSync(join(dir, name), 'utf8') }));
}

const labs: LoadedLab[] = [];
for (const dir of dirs) {
  const { lab, problems: labProblems } = readLab(dir);
  labProblems.forEach((problem) => complain(basename(dir), `${problem.code}: ${problem.message}`));
  if (lab) {
    const lint = lintChecksSource(lab.checks, `${basename(dir)}/checks.test.ts`, {
      '@lab/server': Object.keys(labServer),
      jose: Object.keys(jose),
    });
    if (lint.length > 0) lint.forEach((problem) => complain(lab.id, problem));
    else labs.push(lab);
  }
}

interface Variant {
  lab: LoadedLab;
  variant: string;
  job: SubmissionJob;
}
const variants: Variant[] = labs.flatMap((lab) => [
  { lab, variant: 'solution', job: { lab, code: lab.solution } },
  { lab, variant: 'starter', job: { lab, code: lab.starter } },
  ...lab.alternatives.map((alternative) => ({
    lab,
    variant: `alternative-${basename(alternative.file, '.ts')}`,
    job: { lab, code: alternative.code },
  })),
  ...lab.wrong.map((wrong) => ({
    lab,
    variant: `wrong-${basename(wrong.file, '.ts')}`,
    job: { lab, code: wrong.code },
  })),
  ...MUTANTS.map((mutant) => ({
    lab,
    variant: `mutant-${mutant}`,
    job: { lab, code: lab.solution, mutant },
  })),
  ...cheatsOf(lab).map((cheat) => ({
    lab,
    variant: `cheat-${basename(cheat.file, '.ts')}`,
    job: { lab, code: cheat.code },
  })),
]);

const replayed = process.env['LAB_RUN_SEED'];
const seed = replayed ? RunSeedSchema.parse(Number(replayed)) : randomRunSeed();
// The real-vitest side reads the same seed (src/grading/node/vitest-lab-setup.ts).
process.env['LAB_RUN_SEED'] = String(seed);
process.stdout.write(`check:labs: run seed ${seed} (replay with LAB_RUN_SEED=${seed})\n`);

const gradeStarted = performance.now();
const jobs = variants.map((v) => ({ ...v.job, seed }));
const reports = await gradeSubmissions(jobs);
const gradeMs = performance.now() - gradeStarted;
// The browser parity suite (tests/e2e/grading-parity.e2e.test.ts) compares against these instead of grading again.
// Only a run over every lab: a run over a few folders (the CLI specs run fixture labs) must not replace them.
if (targets.length === 0) await saveReports(seed, jobs, reports);
const byKey = new Map<string, RunReport>(
  variants.map((v, i) => [parityKey(v.lab.id, v.variant), reports[i] as RunReport]),
);

const failedNames = (report: RunReport) =>
  report.results.filter((r) => r.status !== 'passed').map((r) => r.name);

for (const lab of labs) {
  const solution = byKey.get(parityKey(lab.id, 'solution')) as RunReport;
  if (solution.status !== 'completed' || solution.total === 0) {
    complain(
      lab.id,
      `solution.ts did not run: ${solution.status} ${solution.error ?? JSON.stringify(solution.compileError ?? '')}`,
    );
    continue;
  }
  const names = solution.results.map((r) => r.name);
  const duplicates = names.filter((name, i) => names.indexOf(name) !== i);
  for (const name of new Set(duplicates)) complain(lab.id, `check name is not unique: "${name}"`);
  for (const result of solution.results) {
    if (result.status !== 'passed')
      complain(lab.id, `solution.ts fails "${result.name}": ${result.status} ${result.message ?? ''}`);
  }
  const starter = byKey.get(parityKey(lab.id, 'starter')) as RunReport;
  if (starter.total > 0 && starter.passed === starter.total)
    complain(lab.id, 'starter.ts passes every check');
  for (const alternative of lab.alternatives) {
    const report = byKey.get(
      parityKey(lab.id, `alternative-${basename(alternative.file, '.ts')}`),
    ) as RunReport;
    if (report.status !== 'completed' || report.total === 0)
      complain(lab.id, `${alternative.file} did not run: ${report.status} ${report.error ?? ''}`);
    for (const result of report.results) {
      if (result.status !== 'passed')
        complain(
          lab.id,
          `${alternative.file} (${alternative.freedom}) fails "${result.name}": ${result.status} ${result.message ?? ''}`,
        );
    }
  }
  for (const wrong of lab.wrong) {
    const report = byKey.get(parityKey(lab.id, `wrong-${basename(wrong.file, '.ts')}`)) as RunReport;
    const failed = failedNames(report);
    for (const declared of wrong.fails) {
      if (!names.includes(declared)) complain(lab.id, `${wrong.file}: @fails names no check: "${declared}"`);
      else if (!failed.includes(declared))
        complain(lab.id, `${wrong.file}: passes "${declared}", which it declares it fails`);
    }
    // Exactly: a wrong answer is one mistake, so failing a check it does not declare means the declaration
    // is incomplete or the file holds a second mistake.
    for (const name of failed.filter((name) => !wrong.fails.includes(name))) {
      const result = report.results.find((r) => r.name === name);
      complain(
        lab.id,
        `ERR_WRONG_FAILS_UNDECLARED: ${wrong.file}: fails "${name}" (${result?.status} ${result?.message ?? ''}), which it does not declare with @fails`,
      );
    }
  }
  const design = readCheckDesign(lab.dir);
  const designProblems = design.ok
    ? designGaps(design.design, { lab: lab.id, file: design.file, checks: names, wrong: lab.wrong })
    : [design.problem];
  for (const problem of designProblems) complain(lab.id, formatDesignProblem(problem));
  for (const mutant of MUTANTS) {
    const report = byKey.get(parityKey(lab.id, `mutant-${mutant}`)) as RunReport;
    if (report.total > 0 && report.passed === report.total) {
      // decode-only has nothing to replace when no function of the lab ever receives a token (an issuer).
      if (mutant === 'decode-only' && report.mutantActivations === 0)
        notes.push(`${lab.id}: decode-only mutant not applicable (no function received a token)`);
      else complain(lab.id, `the built-in ${mutant} mutant passes every check: the checks do not test that`);
    } else if (report.total === 0) {
      complain(lab.id, `the built-in ${mutant} mutant did not run: ${report.status} ${report.error ?? ''}`);
    }
  }
  for (const cheat of cheatsOf(lab)) {
    const report = byKey.get(parityKey(lab.id, `cheat-${basename(cheat.file, '.ts')}`)) as RunReport;
    if (report.total > 0 && report.passed === report.total)
      complain(
        lab.id,
        `tests/fixtures/cheats/${lab.id}/${cheat.file} passes every check without solving the lab`,
      );
  }
  lab.hints.forEach((hint) => {
    for (const name of hint.for) {
      if (!names.includes(name)) complain(lab.id, `${hint.file} (for): names no check: "${name}"`);
    }
  });
}

// Real vitest, once, for every variant except the mutants (which exist only inside the runner) and the cheats
// (real vitest runs learner code unsandboxed, so a cheat can do there what the sandbox refuses).
const parityStarted = performance.now();
const parityVariants: ParityVariant[] = variants
  .filter((v) => !v.variant.startsWith('mutant-') && !v.variant.startsWith('cheat-'))
  .map((v) => ({ lab: v.lab, variant: v.variant, code: v.job.code }));
const vitestVerdicts =
  parityVariants.length > 0 ? await runUnderVitest(parityVariants) : new Map<string, VitestVerdict[]>();
const parityMs = performance.now() - parityStarted;
for (const { lab, variant } of parityVariants) {
  const key = parityKey(lab.id, variant);
  const ours = (byKey.get(key) as RunReport).results;
  const theirs = vitestVerdicts.get(key);
  if (!theirs) {
    complain(lab.id, `${variant}: real vitest produced no result`);
    continue;
  }
  for (const result of ours) {
    const other = theirs.find((t) => t.name === result.name);
    if (!other) complain(lab.id, `${variant}: "${result.name}" is missing under real vitest`);
    // Two timeouts agree whatever limit their messages name: real vitest's is MAX_CHECK_MS of wall clock here.
    else if (other.status === 'timeout' && result.status === 'timeout') continue;
    else if (other.status !== result.status || (other.message ?? '') !== (result.message ?? '')) {
      complain(
        lab.id,
        `${variant}: "${result.name}" differs: runner ${result.status} ${JSON.stringify(result.message ?? '')}, vitest ${other.status} ${JSON.stringify(other.message ?? '')}`,
      );
    }
  }
  for (const other of theirs) {
    if (!ours.some((r) => r.name === other.name))
      complain(lab.id, `${variant}: "${other.name}" ran under vitest only`);
  }
}

for (const dir of dirs) {
  const id = basename(dir);
  const list = problems.get(id) ?? [];
  const lab = labs.find((l) => l.id === id);
  const checks = lab ? (byKey.get(parityKey(id, 'solution'))?.total ?? 0) : 0;
  process.stdout.write(
    `${list.length === 0 ? 'ok  ' : 'FAIL'} ${id}${lab ? ` (${checks} checks, ${lab.wrong.length} wrong answers, ${lab.alternatives.length} alternatives, ${cheatsOf(lab).length} cheats)` : ''}\n`,
  );
  for (const problem of list) process.stdout.write(`     ${problem.replace(/\n/g, '\n     ')}\n`);
}
for (const note of notes) process.stdout.write(`note ${note}\n`);
const total = performance.now() - started;
process.stdout.write(
  `\ncheck:labs: ${dirs.length} labs, ${variants.length} runner grades in ${(gradeMs / 1000).toFixed(1)} s, ` +
    `real vitest parity in ${(parityMs / 1000).toFixed(1)} s, total ${(total / 1000).toFixed(1)} s\n`,
);
process.exit(problems.size === 0 ? 0 : 1);
