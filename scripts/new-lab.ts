/**
 * `npm run new:lab -- <lab-id> [--root <folder>]` scaffolds `labs/<lab-id>/` (or `<folder>/<lab-id>/`) with
 * every file the lab format requires, as a small working lab that passes `npm run check:labs`.
 * Exit 0 on success, 1 when the folder already exists, 2 for a usage error.
 */
import { existsSync, mkdirSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { labTemplate } from '../src/lab-format/lab-template';
import { LAB_ID_PATTERN } from '../src/lab-format/lab-layout';
import { LABS_ROOT } from '../src/lab-format/load-lab';

const USAGE = 'usage: npm run new:lab -- <lab-id> [--root <folder>]';
function usage(problem: string): never {
  process.stderr.write(`new:lab: ${problem}\n${USAGE}\n`);
  process.exit(2);
}

const args = process.argv.slice(2);
const rootIndex = args.indexOf('--root');
const root = rootIndex >= 0 ? resolve(args[rootIndex + 1] ?? usage('--root needs a folder')) : LABS_ROOT;
const rest = rootIndex >= 0 ? args.filter((_, i) => i !== rootIndex && i !== rootIndex + 1) : args;
if (rest.length !== 1) usage('expected one lab id');
const id = rest[0] as string;
if (!LAB_ID_PATTERN.test(id))
  usage(`"${id}" is not a lab id: use lower-case kebab-case, e.g. verify-audience`);

const dir = join(root, id);
if (existsSync(dir)) {
  process.stderr.write(`new:lab: ${relative(process.cwd(), dir)} already exists; choose another id\n`);
  process.exit(1);
}
for (const [file, content] of Object.entries(labTemplate(id))) {
  const path = join(dir, file);
  mkdirSync(dirname(path), { recursive: true });
  writeFileSync(path, content);
}
const shown = relative(process.cwd(), dir);
process.stdout.write(
  `Created ${shown}/ (lab.md, starter.ts, solution.ts, checks.test.ts, alternatives/, wrong/, design.yaml, mutation.yaml).\n` +
    `Next: edit it into your lab, then run  npm run check:labs -- ${shown}\n` +
    `and raise its mutation floor:  npm run mutate:labs -- ${id} --raise-floors\n` +
    'Guide: docs/authoring-labs.md\n',
);
