// npm run typecheck (last step): type-checks every lab's checks.test.ts against its own solution.ts.
// `@lab/submission` means a different file in each lab folder, which one tsconfig `paths` entry cannot
// express, so each lab gets its own program; parsed files (lib .d.ts, jose, @lab/server) are shared.
import { existsSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import ts from 'typescript';
import { LAB_FILES } from '../src/lab-format/lab-layout';
import { listLabIds } from '../src/lab-format/load-lab';

const root = resolve(import.meta.dirname, '..');
const LAB_ROOTS = ['labs', 'bench/labs', 'tests/fixtures/labs'];

/** The grading rehearsal, a lab folder outside the course (src/grading/core/rehearsal.ts). */
const REHEARSAL_LAB = join(root, 'src/grading/rehearsal-lab');

/** Every lab folder (listed by the lab reader) that has checks and a solution to check them against. */
function labDirs(): string[] {
  return [
    ...LAB_ROOTS.flatMap((base) => listLabIds(join(root, base)).map((id) => join(root, base, id))),
    REHEARSAL_LAB,
  ].filter((dir) => existsSync(join(dir, LAB_FILES.checks)) && existsSync(join(dir, LAB_FILES.solution)));
}

const parsed = ts.getParsedCommandLineOfConfigFile(
  join(root, 'tsconfig.json'),
  {},
  {
    ...ts.sys,
    onUnRecoverableConfigFileDiagnostic: (d) => {
      throw new Error(ts.flattenDiagnosticMessageText(d.messageText, '\n'));
    },
  },
);
if (!parsed) throw new Error('tsconfig.json could not be read');

const cache = new Map<string, ts.SourceFile | undefined>();
const baseHost = ts.createCompilerHost(parsed.options);
const host: ts.CompilerHost = {
  ...baseHost,
  getSourceFile(fileName, languageVersion, onError, shouldCreate) {
    if (!cache.has(fileName))
      cache.set(fileName, baseHost.getSourceFile(fileName, languageVersion, onError, shouldCreate));
    return cache.get(fileName);
  },
};

let failures = 0;
const started = performance.now();
const dirs = labDirs();
for (const dir of dirs) {
  const options: ts.CompilerOptions = {
    ...parsed.options,
    noEmit: true,
    paths: { ...parsed.options.paths, '@lab/submission': [join(dir, LAB_FILES.solution)] },
  };
  const program = ts.createProgram({ rootNames: [join(dir, LAB_FILES.checks)], options, host });
  const diagnostics = ts
    .getPreEmitDiagnostics(program)
    .filter((d) => !d.file || d.file.fileName.startsWith(dir));
  for (const d of diagnostics) {
    failures++;
    const where = d.file && d.start !== undefined ? d.file.getLineAndCharacterOfPosition(d.start) : undefined;
    const file = d.file ? relative(root, d.file.fileName) : relative(root, dirname(join(dir, 'x')));
    console.error(
      `${file}${where ? `:${where.line + 1}:${where.character + 1}` : ''} TS${d.code}: ${ts.flattenDiagnosticMessageText(d.messageText, '\n')}`,
    );
  }
}
const seconds = ((performance.now() - started) / 1000).toFixed(1);
console.log(
  `typecheck:labs: ${dirs.length} labs' checks against their solutions, ${failures} error(s), ${seconds} s`,
);
process.exit(failures === 0 ? 0 : 1);
