import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { LabSchema } from '../schemas/lab';
import { LAB_FILES, LAB_ID_PATTERN } from '../lab-format/lab-layout';
import type { ContentProblem } from './content-problem';
import { readFrontmatter } from './read-frontmatter';
import { schemaProblems } from './schema-problems';

const REQUIRED_FILES = [LAB_FILES.meta, LAB_FILES.starter, LAB_FILES.solution, LAB_FILES.checks] as const;

/** The lab folders under `labs/` (every directory is a lab; its name is the lab id). */
export function listLabIds(root: string): string[] {
  const labs = join(root, 'labs');
  if (!existsSync(labs)) return [];
  return readdirSync(labs, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
}

/** Checks one `labs/<id>/` folder: its name, the required files, at least one wrong answer, lab.md. */
export function validateLabFolder(root: string, id: string): ContentProblem[] {
  const dir = `labs/${id}/`;
  const problems: ContentProblem[] = [];
  if (!LAB_ID_PATTERN.test(id)) {
    problems.push({
      code: 'ERR_LAB_FOLDER_NAME',
      file: dir,
      field: 'folder name',
      message: 'a lab id is lower-case kebab-case, e.g. verify-access-token',
    });
  }
  for (const name of REQUIRED_FILES) {
    if (!existsSync(join(root, dir, name))) {
      problems.push({
        code: 'ERR_LAB_FILE_MISSING',
        file: dir,
        field: name,
        message: 'is required in every lab',
      });
    }
  }
  const wrongDir = join(root, dir, LAB_FILES.wrongDir);
  const wrong = existsSync(wrongDir) ? readdirSync(wrongDir).filter((name) => name.endsWith('.ts')) : [];
  if (wrong.length === 0) {
    problems.push({
      code: 'ERR_LAB_FILE_MISSING',
      file: dir,
      field: `${LAB_FILES.wrongDir}/*.ts`,
      message: 'every lab needs at least one realistic wrong answer that its checks must fail',
    });
  }
  const metaFile = join(root, dir, LAB_FILES.meta);
  if (existsSync(metaFile))
    problems.push(...validateLabMeta(readFileSync(metaFile, 'utf8'), `${dir}${LAB_FILES.meta}`));
  return problems;
}

function validateLabMeta(source: string, file: string): ContentProblem[] {
  const frontmatter = readFrontmatter(source);
  if (frontmatter.kind === 'missing') {
    return [
      {
        code: 'ERR_FRONTMATTER_MISSING',
        file,
        field: '(frontmatter)',
        message: 'starts with a --- YAML block',
      },
    ];
  }
  if (frontmatter.kind === 'invalid-yaml') {
    const located = frontmatter.line === undefined ? {} : { line: frontmatter.line };
    return [
      {
        code: 'ERR_FRONTMATTER_YAML',
        file,
        field: '(frontmatter)',
        message: frontmatter.message,
        ...located,
      },
    ];
  }
  const parsed = LabSchema.safeParse(frontmatter.data);
  return parsed.success ? [] : schemaProblems(parsed.error, file, 'ERR_LAB_META');
}

/** Every lab folder under `labs/`. */
export function validateLabs(root: string): ContentProblem[] {
  return listLabIds(root).flatMap((id) => validateLabFolder(root, id));
}
