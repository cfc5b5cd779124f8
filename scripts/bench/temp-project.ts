import {
  cpSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  symlinkSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';

export const REPO_ROOT = resolve(import.meta.dirname, '../..');

/** Project files a build reads; `src` is copied (not linked) so modules that resolve paths from their own location see the copy. */
const COPIED = [
  'package.json',
  'astro.config.mjs',
  'course.config.ts',
  'tsconfig.json',
  'src',
  'public',
  'content',
  'labs',
];

export interface TempProject {
  root: string;
  remove(): void;
}

/**
 * A throwaway copy of the project in the system temp folder, sharing `node_modules` by symlink, so the
 * benchmark can add content (the benchmark-only lab, 10× generated lessons) without touching the repo.
 */
export function createTempProject(label: string): TempProject {
  const root = mkdtempSync(join(tmpdir(), `jwt-deep-dive-bench-${label}-`));
  for (const name of COPIED) cpSync(join(REPO_ROOT, name), join(root, name), { recursive: true });
  symlinkSync(join(REPO_ROOT, 'node_modules'), join(root, 'node_modules'), 'dir');
  return { root, remove: () => rmSync(root, { recursive: true, force: true }) };
}

/** Adds `bench/labs/trivial` as lab `bench-trivial`, embedded by a lesson in a final benchmark module. */
export function addTrivialLabLesson(project: TempProject): { labId: string; lessonPath: string } {
  const labId = 'bench-trivial';
  cpSync(join(REPO_ROOT, 'bench/labs/trivial'), join(project.root, 'labs', labId), { recursive: true });
  const moduleDir = join(project.root, 'content', '99-benchmark');
  mkdirSync(moduleDir, { recursive: true });
  writeFileSync(
    join(moduleDir, 'module.yaml'),
    'title: Benchmark\nsummary: A module that exists only in benchmark builds, to time the grader on a trivial lab.\n',
  );
  writeFileSync(
    join(moduleDir, '01-trivial-lab.mdx'),
    [
      '---',
      'title: Trivial lab (benchmark)',
      'summary: Seven plain checks over one small function, used only to time grading.',
      'minutes: 5',
      'objectives:',
      '  - Time the grader on seven trivial checks',
      '---',
      '',
      'This page exists only in benchmark builds.',
      '',
      `<Lab id="${labId}" />`,
      '',
    ].join('\n'),
  );
  return { labId, lessonPath: '99-benchmark/01-trivial-lab/' };
}

/**
 * Multiplies the course: every module folder and every lab is copied `factor - 1` more times under new
 * ids, and the copies' `<Lab id>` tags point at the copied labs, so the build does `factor`× the work.
 */
export function multiplyCourse(project: TempProject, factor: number): { lessons: number; labs: number } {
  const contentDir = join(project.root, 'content');
  const labsDir = join(project.root, 'labs');
  const modules = readdirSync(contentDir).filter((name) => /^\d\d-/.test(name));
  const labIds = readdirSync(labsDir).filter((name) => !name.startsWith('.'));
  let lessons = 0;
  for (let copy = 1; copy < factor; copy++) {
    for (const id of labIds) cpSync(join(labsDir, id), join(labsDir, `${id}-x${copy}`), { recursive: true });
    modules.forEach((name, index) => {
      const target = join(
        contentDir,
        `${String(10 + copy * modules.length + index).padStart(2, '0')}-copy${copy}-${name.slice(3)}`,
      );
      cpSync(join(contentDir, name), target, { recursive: true });
      for (const file of readdirSync(target).filter((f) => f.endsWith('.mdx'))) {
        const path = join(target, file);
        const text = readFileSync(path, 'utf8')
          .replace(/<Lab id="([a-z0-9-]+)"/g, `<Lab id="$1-x${copy}"`)
          // Prerequisites name lessons of the original modules, which still exist.
          .replace(/^title: (.*)$/m, `title: $1 (copy ${copy})`);
        writeFileSync(path, text);
        lessons++;
      }
    });
  }
  return { lessons, labs: labIds.length * (factor - 1) };
}
