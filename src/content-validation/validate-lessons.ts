import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse, YAMLParseError } from 'yaml';
import { LessonSchema } from '../schemas/lesson';
import { ModuleSchema } from '../schemas/module';
import { findLabTags } from '../site/lesson-lab-ids';
import type { ContentProblem } from './content-problem';
import { readFrontmatter } from './read-frontmatter';
import { schemaProblems } from './schema-problems';

/** `NN-kebab-name`: the numeric prefix is the only source of order. */
const PREFIXED_NAME = /^\d\d-[a-z0-9]+(-[a-z0-9]+)*$/;

interface LessonFile {
  id: string;
  file: string;
  prerequisites: string[];
}

function duplicatePrefixes(names: string[], dir: string, what: string): ContentProblem[] {
  const seen = new Map<string, string>();
  const problems: ContentProblem[] = [];
  for (const name of names) {
    const prefix = name.slice(0, 2);
    const earlier = seen.get(prefix);
    if (earlier) {
      const message = `shares the prefix ${prefix} with ${earlier}; the prefix alone decides the ${what} order`;
      problems.push({ code: 'ERR_DUPLICATE_PREFIX', file: `${dir}${name}`, field: 'file name', message });
    }
    seen.set(prefix, name);
  }
  return problems;
}

function validateModuleMeta(root: string, moduleDir: string): ContentProblem[] {
  const file = `${moduleDir}module.yaml`;
  if (!existsSync(join(root, file))) {
    return [
      {
        code: 'ERR_MODULE_META_MISSING',
        file,
        field: 'module.yaml',
        message: 'every module folder needs one',
      },
    ];
  }
  let data: unknown;
  try {
    data = parse(readFileSync(join(root, file), 'utf8')) ?? {};
  } catch (error) {
    if (!(error instanceof YAMLParseError)) throw error;
    const line = error.linePos?.[0]?.line;
    const message = error.message.split('\n')[0] ?? '';
    return [{ code: 'ERR_MODULE_META', file, field: '(yaml)', message, ...(line ? { line } : {}) }];
  }
  const parsed = ModuleSchema.safeParse(data);
  return parsed.success ? [] : schemaProblems(parsed.error, file, 'ERR_MODULE_META');
}

function validateLesson(
  root: string,
  file: string,
  labIds: ReadonlySet<string>,
): [ContentProblem[], string[]] {
  const frontmatter = readFrontmatter(readFileSync(join(root, file), 'utf8'));
  if (frontmatter.kind === 'missing') {
    const message = 'a lesson starts with a --- YAML block (title, summary, minutes, objectives)';
    return [[{ code: 'ERR_FRONTMATTER_MISSING', file, field: '(frontmatter)', message }], []];
  }
  if (frontmatter.kind === 'invalid-yaml') {
    const located = frontmatter.line === undefined ? {} : { line: frontmatter.line };
    return [
      [
        {
          code: 'ERR_FRONTMATTER_YAML',
          file,
          field: '(frontmatter)',
          message: frontmatter.message,
          ...located,
        },
      ],
      [],
    ];
  }
  const parsed = LessonSchema.safeParse(frontmatter.data);
  const problems = parsed.success ? [] : schemaProblems(parsed.error, file, 'ERR_FRONTMATTER');
  for (const tag of findLabTags(frontmatter.body)) {
    const line = tag.line + frontmatter.bodyLine - 1;
    if (!tag.id) {
      const message = 'needs a literal id naming a folder in labs/, e.g. <Lab id="verify-access-token" />';
      problems.push({ code: 'ERR_LAB_ID_MISSING', file, line, field: '<Lab id>', message });
    } else if (!labIds.has(tag.id)) {
      const message = `"${tag.id}" names no lab: there is no folder labs/${tag.id}/`;
      problems.push({ code: 'ERR_UNKNOWN_LAB', file, line, field: '<Lab id>', message });
    }
  }
  return [problems, parsed.success ? parsed.data.prerequisites : []];
}

/** Checks `content/`: module folders and their module.yaml, lesson names and frontmatter, `<Lab id>`s. */
export function validateLessons(root: string, labIds: ReadonlySet<string>): ContentProblem[] {
  const contentDir = join(root, 'content');
  if (!existsSync(contentDir)) return [];
  const problems: ContentProblem[] = [];
  const lessons: LessonFile[] = [];
  const entries = readdirSync(contentDir, { withFileTypes: true }).sort((a, b) =>
    a.name.localeCompare(b.name),
  );
  const moduleNames = entries.filter((entry) => entry.isDirectory()).map((entry) => entry.name);
  for (const entry of entries.filter((candidate) => candidate.isFile() && candidate.name.endsWith('.mdx'))) {
    const message = 'lessons live in a module folder: content/NN-module/NN-lesson.mdx';
    problems.push({
      code: 'ERR_LESSON_FILE_NAME',
      file: `content/${entry.name}`,
      field: 'location',
      message,
    });
  }
  problems.push(
    ...duplicatePrefixes(
      moduleNames.filter((n) => PREFIXED_NAME.test(n)),
      'content/',
      'module',
    ),
  );
  for (const name of moduleNames) {
    const moduleDir = `content/${name}/`;
    if (!PREFIXED_NAME.test(name)) {
      const message =
        'module folders are named NN-kebab-name, e.g. 00-foundations (the number sets the order)';
      problems.push({ code: 'ERR_MODULE_FOLDER_NAME', file: moduleDir, field: 'folder name', message });
      continue;
    }
    problems.push(...validateModuleMeta(root, moduleDir));
    const mdx = readdirSync(join(contentDir, name))
      .filter((file) => file.endsWith('.mdx'))
      .sort();
    const wellNamed = mdx.filter((file) => PREFIXED_NAME.test(file.replace(/\.mdx$/, '')));
    for (const file of mdx.filter((candidate) => !wellNamed.includes(candidate))) {
      const message = 'lesson files are named NN-kebab-name.mdx, e.g. 01-what-is-a-jwt.mdx';
      problems.push({
        code: 'ERR_LESSON_FILE_NAME',
        file: `${moduleDir}${file}`,
        field: 'file name',
        message,
      });
    }
    problems.push(...duplicatePrefixes(wellNamed, moduleDir, 'lesson'));
    for (const file of wellNamed) {
      const [own, prerequisites] = validateLesson(root, `${moduleDir}${file}`, labIds);
      problems.push(...own);
      lessons.push({
        id: `${name}/${file.replace(/\.mdx$/, '')}`,
        file: `${moduleDir}${file}`,
        prerequisites,
      });
    }
  }
  return [...problems, ...prerequisiteProblems(lessons)];
}

/** A prerequisite must be a lesson that exists and comes earlier in the course. */
function prerequisiteProblems(lessons: LessonFile[]): ContentProblem[] {
  const order = new Map(lessons.map((lesson, index) => [lesson.id, index]));
  return lessons.flatMap((lesson, index) =>
    lesson.prerequisites.flatMap((id, position): ContentProblem[] => {
      const at = order.get(id);
      if (at !== undefined && at < index) return [];
      const message = at === undefined ? `"${id}" is not a lesson` : `"${id}" comes later in the course`;
      return [
        { code: 'ERR_UNKNOWN_PREREQUISITE', file: lesson.file, field: `prerequisites.${position}`, message },
      ];
    }),
  );
}
