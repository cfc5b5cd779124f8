import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { basename, join, relative, resolve } from 'node:path';
import { readFrontmatter } from '../content-validation/read-frontmatter';
import { LabSchema, type Lab } from '../schemas/lab';
import { contentHash } from './content-hash';
import { checksFingerprint } from './checks-fingerprint';
import { LabError } from './lab-error';
import { LAB_FILES, LAB_ID_PATTERN } from './lab-layout';
import { mdxProblems } from './markdown-only';
import { readHints, type LabHint } from './read-hints';
import { parseFailsDeclarations } from './wrong-declarations';
import { parseFreedomDeclaration } from './alternative-declarations';
import { schemaIssues } from '../schemas/schema-issues';

interface WrongAnswer {
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

/** A lab folder read from disk and validated: everything the grader, the checks and the pages use. */
export interface LoadedLab {
  id: string;
  dir: string;
  meta: Lab;
  /** The task statement: lab.md's Markdown body. */
  statement: string;
  hints: LabHint[];
  starter: string;
  solution: string;
  checks: string;
  wrong: WrongAnswer[];
  alternatives: AlternativeSolution[];
  /** Short content hashes: saved code and certificates name the versions they were made against. */
  starterHash: string;
  checksHash: string;
}

export interface ReadLabOptions {
  /** Paths in errors are shown relative to this folder (the project root). */
  projectRoot?: string;
}

/** The folder labs live in: `<repo>/labs`. */
export const LABS_ROOT = resolve(import.meta.dirname, '../../labs');

/**
 * The one lab reader: reads `labs/<id>` (or any lab folder) and reports every problem it finds, so the
 * build can list them all. `loadLab` is the same read for callers that stop at the first problem.
 */
export function readLab(
  idOrDir: string,
  root = LABS_ROOT,
  { projectRoot = process.cwd() }: ReadLabOptions = {},
): { lab?: LoadedLab; problems: LabError[] } {
  const dir = idOrDir.includes('/') || idOrDir.startsWith('.') ? resolve(idOrDir) : join(root, idOrDir);
  const id = basename(dir);
  const shown = (path: string) => {
    const rel = relative(projectRoot, path).split('\\').join('/');
    return rel.startsWith('..') ? path : rel;
  };
  const problems: LabError[] = [];
  if (!existsSync(dir) || !statSync(dir).isDirectory())
    return { problems: [new LabError('ERR_LAB_NOT_FOUND', shown(dir), 'no such lab folder')] };
  if (!LAB_ID_PATTERN.test(id))
    problems.push(
      new LabError(
        'ERR_LAB_ID_INVALID',
        `${shown(dir)}/`,
        `"${id}" is not a kebab-case lab id, e.g. verify-token`,
      ),
    );
  const read = (name: string): string | undefined => {
    const path = join(dir, name);
    if (existsSync(path)) return readFileSync(path, 'utf8');
    problems.push(new LabError('ERR_LAB_FILE_MISSING', shown(path), `the lab has no ${name}`));
    return undefined;
  };
  const labMd = read(LAB_FILES.meta);
  const parsed =
    labMd === undefined ? undefined : parseLabMarkdown(labMd, shown(join(dir, LAB_FILES.meta)), problems);
  const hints = readHints(join(dir, LAB_FILES.hintsDir), shown, problems);
  const starter = read(LAB_FILES.starter);
  const solution = read(LAB_FILES.solution);
  const checks = read(LAB_FILES.checks);
  const wrong = readWrongAnswers(join(dir, LAB_FILES.wrongDir), shown, problems);
  const alternatives = readAlternatives(join(dir, LAB_FILES.alternativesDir), shown, problems);
  if (
    problems.length > 0 ||
    !parsed ||
    starter === undefined ||
    solution === undefined ||
    checks === undefined
  )
    return { problems };
  return {
    lab: {
      id,
      dir,
      ...parsed,
      hints,
      starter,
      solution,
      checks,
      wrong,
      alternatives,
      starterHash: contentHash(starter),
      checksHash: checksFingerprint(checks),
    },
    problems,
  };
}

/** Reads a lab folder and throws its first problem as a `LabError`. */
export function loadLab(idOrDir: string, root = LABS_ROOT, options?: ReadLabOptions): LoadedLab {
  const { lab, problems } = readLab(idOrDir, root, options);
  if (problems[0]) throw problems[0];
  return lab!;
}

/**
 * lab.md: frontmatter validated against `LabSchema` (errors name the field and its line), and a Markdown
 * body, the statement. Hints live in `hints/`, so a `## Hint` heading left in the body is refused.
 */
export function parseLabMarkdown(
  source: string,
  file: string,
  problems: LabError[] = [],
): { meta: Lab; statement: string } | undefined {
  const frontmatter = readFrontmatter(source);
  if (frontmatter.kind === 'missing') {
    problems.push(
      new LabError('ERR_LAB_FRONTMATTER_MISSING', file, 'must start with a "---" YAML frontmatter block'),
    );
    return undefined;
  }
  if (frontmatter.kind === 'invalid-yaml') {
    problems.push(
      new LabError(
        'ERR_LAB_META_INVALID',
        file,
        `frontmatter is not valid YAML: ${frontmatter.message}`,
        '(frontmatter)',
        frontmatter.line,
      ),
    );
    return undefined;
  }
  const parsed = LabSchema.safeParse(frontmatter.data);
  if (!parsed.success) {
    for (const issue of schemaIssues(parsed.error, '(frontmatter)')) {
      problems.push(
        new LabError(
          'ERR_LAB_META_INVALID',
          file,
          issue.message,
          issue.field,
          fieldLine(source, issue.path[0]),
        ),
      );
    }
    return undefined;
  }
  const before = problems.length;
  const hintHeading = source.split(/\r?\n/).findIndex((line) => /^##\s+Hint\s*$/.test(line));
  if (hintHeading >= 0) {
    problems.push(
      new LabError(
        'ERR_LAB_HINT_INVALID',
        file,
        'hints are files of their own, hints/NN-<id>.md, not "## Hint" sections (docs/authoring-labs.md)',
        undefined,
        hintHeading + 1,
      ),
    );
  }
  problems.push(...mdxProblems(source, file));
  return problems.length > before ? undefined : { meta: parsed.data, statement: frontmatter.body.trim() };
}

/** The line of a top-level frontmatter key (`timeoutMs:` → 5), so an error points at it. */
function fieldLine(source: string, key: string | undefined): number | undefined {
  if (!key) return undefined;
  const index = source.split(/\r?\n/).findIndex((line) => line.startsWith(`${key.split('.')[0]}:`));
  return index >= 0 ? index + 1 : undefined;
}

function readWrongAnswers(
  wrongDir: string,
  shown: (path: string) => string,
  problems: LabError[],
): WrongAnswer[] {
  const names = existsSync(wrongDir)
    ? readdirSync(wrongDir)
        .filter((name) => name.endsWith('.ts'))
        .sort()
    : [];
  if (names.length === 0) {
    problems.push(
      new LabError(
        'ERR_LAB_WRONG_MISSING',
        `${shown(wrongDir)}/`,
        'every lab needs at least one realistic wrong answer (wrong/*.ts) that its checks must fail',
      ),
    );
  }
  return names.flatMap((name): WrongAnswer[] => {
    const code = readFileSync(join(wrongDir, name), 'utf8');
    try {
      return [
        {
          file: `${LAB_FILES.wrongDir}/${name}`,
          code,
          fails: parseFailsDeclarations(code, shown(join(wrongDir, name))),
        },
      ];
    } catch (error) {
      if (!(error instanceof LabError)) throw error;
      problems.push(error);
      return [];
    }
  });
}

/** Every lab folder name under `root` (each directory is a lab; its name is the lab id), sorted. */
export function listLabIds(root = LABS_ROOT): string[] {
  if (!existsSync(root)) return [];
  return readdirSync(root, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && !entry.name.startsWith('.'))
    .map((entry) => entry.name)
    .sort();
}

/** `alternatives/*.ts`: correct solutions written differently; each names the freedom it exercises. */
function readAlternatives(
  alternativesDir: string,
  shown: (path: string) => string,
  problems: LabError[],
): AlternativeSolution[] {
  if (!existsSync(alternativesDir)) return [];
  return readdirSync(alternativesDir)
    .filter((name) => name.endsWith('.ts'))
    .sort()
    .flatMap((name): AlternativeSolution[] => {
      const code = readFileSync(join(alternativesDir, name), 'utf8');
      try {
        const freedom = parseFreedomDeclaration(code, shown(join(alternativesDir, name)));
        return [{ file: `${LAB_FILES.alternativesDir}/${name}`, code, freedom }];
      } catch (error) {
        if (!(error instanceof LabError)) throw error;
        problems.push(error);
        return [];
      }
    });
}
