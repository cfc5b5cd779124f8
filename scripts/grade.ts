/**
 * `npm run grade -- <lab-id | lab-folder> <file.ts | folder> [--json | --csv] [--seed <n>]`
 *
 * Grades one submission, or every `.ts` file in a folder, with the same runner as the browser, in worker
 * threads inside a permission-restricted child process (reused for the next file as the browser reuses its worker). Exit 0 when every check of every
 * submission passes, 1 when any fails, does not compile or has no complete report (status `error`), 2 for
 * a usage error. A folder reports every file.
 *
 * `--json` prints one GradeReport (`{ lab, status, seed, passed, total, checks }`) for a file, and an array of
 * `{ file, report }` for a folder. `--csv` prints `file,check,status,message`, one row per check.
 *
 * Every run starts its clock at an instant its seed picks (random unless `--seed` replays one); the text
 * output and the report name the seed, so a failure reproduces with `--seed <n>`.
 */
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, resolve } from 'node:path';
import { toGradeReport } from '../src/grading/node/grade-report';
import { gradeSubmissions } from '../src/grading/node/grade-submission';
import { LabError } from '../src/lab-format/lab-error';
import { loadLab, type LoadedLab } from '../src/lab-format/load-lab';
import type { GradeReport } from '../src/schemas/check-result';
import { RunSeedSchema } from '../src/schemas/run-seed';

const USAGE =
  'usage: npm run grade -- <lab-id | lab-folder> <file.ts | folder> [--json | --csv] [--seed <n>]';

function usage(problem: string): never {
  process.stderr.write(`grade: ${problem}\n${USAGE}\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
const seedAt = args.indexOf('--seed');
let seed: number | undefined;
if (seedAt !== -1) {
  const [, value = ''] = args.splice(seedAt, 2);
  const parsed = RunSeedSchema.safeParse(/^\d+$/.test(value) ? Number(value) : Number.NaN);
  if (!parsed.success) usage(`--seed expects an integer from 0 to 4294967295, got "${value}"`);
  seed = parsed.data;
}
const flags = args.filter((arg) => arg.startsWith('--'));
const positional = args.filter((arg) => !arg.startsWith('--'));
for (const flag of flags) if (flag !== '--json' && flag !== '--csv') usage(`unknown option ${flag}`);
if (flags.length > 1) usage('choose one of --json and --csv');
if (positional.length !== 2) usage('expected a lab and a submission');
const [labArg = '', target = ''] = positional;
const format = flags[0] === '--json' ? 'json' : flags[0] === '--csv' ? 'csv' : 'text';

let lab: LoadedLab;
try {
  lab = loadLab(labArg.includes('/') ? resolve(labArg) : labArg);
} catch (error) {
  if (
    error instanceof LabError &&
    (error.code === 'ERR_LAB_NOT_FOUND' || error.code === 'ERR_LAB_ID_INVALID')
  ) {
    usage(error.message);
  }
  throw error;
}
const targetPath = resolve(target);
if (!existsSync(targetPath)) usage(`no such file or folder: ${target}`);
const files = statSync(targetPath).isDirectory()
  ? readdirSync(targetPath)
      .filter((name) => name.endsWith('.ts'))
      .sort()
      .map((name) => join(targetPath, name))
  : [targetPath];
if (files.length === 0) usage(`no .ts files in ${target}`);

const reports = await gradeSubmissions(
  files.map((file) => ({ lab, code: readFileSync(file, 'utf8'), ...(seed === undefined ? {} : { seed }) })),
);
// One entry per file, whatever came back: a missing report is an `error` report, never a skipped slot.
const graded: { file: string; report: GradeReport }[] = files.map((file, index) => ({
  file,
  report: toGradeReport(lab.id, reports[index]),
}));

function csvCell(value: string | undefined): string {
  const text = value ?? '';
  return /[",\n]/.test(text) ? `"${text.replaceAll('"', '""')}"` : text;
}

if (format === 'json') {
  const out = graded.length === 1 && !statSync(targetPath).isDirectory() ? graded[0]?.report : graded;
  process.stdout.write(`${JSON.stringify(out, null, 2)}\n`);
} else if (format === 'csv') {
  process.stdout.write('file,check,status,message\n');
  for (const { file, report } of graded) {
    for (const check of report.checks) {
      process.stdout.write(
        `${[basename(file), check.name, check.status, check.message].map(csvCell).join(',')}\n`,
      );
    }
  }
} else {
  for (const { file, report } of graded) {
    process.stdout.write(
      `\n${basename(file)}: ${report.passed}/${report.total} passed${report.status === 'error' ? ` (error: ${report.error ?? 'no report'})` : ''}${report.seed === undefined ? '' : ` (seed ${report.seed}; replay with --seed ${report.seed})`}\n`,
    );
    for (const check of report.checks) {
      const mark = check.status === 'passed' ? 'ok  ' : check.status.padEnd(4).slice(0, 7);
      process.stdout.write(`  ${mark} ${check.name}\n`);
      if (check.status !== 'passed' && check.message) {
        process.stdout.write(`${check.message.replace(/^/gm, '         ')}\n`);
      }
    }
  }
  if (graded.length > 1) {
    process.stdout.write('\nsummary\n');
    const width = Math.max(...graded.map(({ file }) => basename(file).length));
    for (const { file, report } of graded) {
      process.stdout.write(
        `  ${basename(file).padEnd(width)}  ${report.passed}/${report.total}${report.status === 'error' ? ' error' : ''}\n`,
      );
    }
  }
}

const allPassed = graded.length === files.length && graded.every(({ report }) => report.status === 'passed');
// Exit only once stdout has drained: writes to a pipe are asynchronous, and exiting at once cut a report of
// more than 64 KB mid-string, so whatever read it got JSON that does not parse.
process.stdout.write('', () => process.exit(allPassed ? 0 : 1));
