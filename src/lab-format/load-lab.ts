import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { parse as parseYaml } from 'yaml';
import { LabSchema, type Lab } from '../schemas/lab.ts';
import { LabError } from './lab-error.ts';
import { LAB_FILES, LAB_ID_PATTERN } from './lab-layout.ts';
import { parseLabBody, type LabHint } from './parse-hints.ts';
import { parseFailsDeclarations } from './wrong-declarations.ts';
import { parseFreedomDeclaration } from './alternative-declarations.ts';

export interface WrongAnswer {
  /** `wrong/<name>.ts`, relative to the lab folder. */
  file: string;
  code: string;
  /** Full names of the checks it declares it fails. */
  fails: string[];
}

export interface AlternativeSolution {
  /** `alternatives/<name>.ts`, relative to the lab folder. */
  file: string;
  code: string;
  /** What it does differently from `solution.ts`: a choice the checks must leave to the learner. */
  freedom: string;
}

/** A lab folder read from disk and validated. */
export interface LoadedLab {
  id: string;
  dir: string;
  meta: Lab;
  intro: string;
  hints: LabHint[];
  starter: string;
  solution: string;
  checks: string;
  wrong: WrongAnswer[];
  alternatives: AlternativeSolution[];
}

/** The folder labs live in: `<repo>/labs`. */
export const LABS_ROOT = resolve(import.meta.dirname, '../../labs');

function display(path: string): string {
  const shown = relative(process.cwd(), path);
  return shown.startsWith('..') ? path : shown;
}

function readRequired(dir: string, name: string): string {
  const path = join(dir, name);
  if (!existsSync(path)) throw new LabError('ERR_LAB_FILE_MISSING', display(path), `the lab has no ${name}`);
  return readFileSync(path, 'utf8');
}

/** Frontmatter validated against LabSchema; errors name the field. */
export function parseLabMarkdown(
  source: string,
  file: string,
): { meta: Lab; intro: string; hints: LabHint[] } {
  const match = /^---\r?\n([\s\S]*?)\r?\n---\r?\n?([\s\S]*)$/.exec(source);
  if (!match)
    throw new LabError('ERR_LAB_FRONTMATTER_MISSING', file, 'must start with a "---" YAML frontmatter block');
  let data: unknown;
  try {
    data = parseYaml(match[1] ?? '');
  } catch (error) {
    throw new LabError(
      'ERR_LAB_META_INVALID',
      file,
      `frontmatter is not valid YAML: ${(error as Error).message}`,
    );
  }
  const parsed = LabSchema.safeParse(data ?? {});
  if (!parsed.success) {
    const issue = parsed.error.issues[0];
    const field = issue?.path.length ? issue.path.join('.') : '(frontmatter)';
    throw new LabError('ERR_LAB_META_INVALID', file, issue?.message ?? 'invalid frontmatter', field);
  }
  return { meta: parsed.data, ...parseLabBody(match[2] ?? '', file) };
}

/** Reads `labs/<id>` (or any folder path) and validates every file the lab format requires. */
export function loadLab(idOrDir: string, root = LABS_ROOT): LoadedLab {
  const dir = idOrDir.includes('/') || idOrDir.startsWith('.') ? resolve(idOrDir) : join(root, idOrDir);
  const id = basename(dir);
  if (!LAB_ID_PATTERN.test(id))
    throw new LabError('ERR_LAB_ID_INVALID', display(dir), `"${id}" is not a kebab-case lab id`);
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    throw new LabError('ERR_LAB_NOT_FOUND', display(dir), 'no such lab folder');
  const metaFile = join(dir, LAB_FILES.meta);
  const { meta, intro, hints } = parseLabMarkdown(readRequired(dir, LAB_FILES.meta), display(metaFile));
  const wrongDir = join(dir, LAB_FILES.wrongDir);
  const wrong = existsSync(wrongDir)
    ? readdirSync(wrongDir)
        .filter((name) => name.endsWith('.ts'))
        .sort()
        .map((name): WrongAnswer => {
          const code = readFileSync(join(wrongDir, name), 'utf8');
          return {
            file: `${LAB_FILES.wrongDir}/${name}`,
            code,
            fails: parseFailsDeclarations(code, display(join(wrongDir, name))),
          };
        })
    : [];
  const alternativesDir = join(dir, LAB_FILES.alternativesDir);
  const alternatives = existsSync(alternativesDir)
    ? readdirSync(alternativesDir)
        .filter((name) => name.endsWith('.ts'))
        .sort()
        .map((name): AlternativeSolution => {
          const code = readFileSync(join(alternativesDir, name), 'utf8');
          return {
            file: `${LAB_FILES.alternativesDir}/${name}`,
            code,
            freedom: parseFreedomDeclaration(code, display(join(alternativesDir, name))),
          };
        })
    : [];
  return {
    id,
    dir,
    meta,
    intro,
    hints,
    starter: readRequired(dir, LAB_FILES.starter),
    solution: readRequired(dir, LAB_FILES.solution),
    checks: readRequired(dir, LAB_FILES.checks),
    wrong,
    alternatives,
  };
}

/** Every lab id under `root`, sorted. */
export function listLabIds(root = LABS_ROOT): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
}
