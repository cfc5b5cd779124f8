import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { parse } from 'yaml';
import { readFrontmatter } from '../../../src/content-validation/read-frontmatter';
import { lessonLabIds } from '../../../src/site/lesson-lab-ids';
import { REPO_ROOT } from './build-site';

export interface ShippedLesson {
  id: string;
  title: string;
  /** Labs embedded with `<Lab id>`, in order. */
  labIds: string[];
}
export interface ShippedModule {
  id: string;
  title: string;
  lessons: ShippedLesson[];
}

const PREFIXED = /^\d\d-/;

/**
 * The modules and lessons in content/, read straight from the files (not from the site), so suites can
 * compare what the built site shows with what ships.
 */
export function readShippedOutline(root = REPO_ROOT): ShippedModule[] {
  const content = join(root, 'content');
  const modules = readdirSync(content, { withFileTypes: true })
    .filter((entry) => entry.isDirectory() && PREFIXED.test(entry.name))
    .map((entry) => entry.name)
    .sort();
  return modules.map((id) => {
    const meta = parse(readFileSync(join(content, id, 'module.yaml'), 'utf8')) as { title: string };
    const lessons = readdirSync(join(content, id))
      .filter((name) => PREFIXED.test(name) && name.endsWith('.mdx'))
      .sort()
      .map((name) => {
        const source = readFileSync(join(content, id, name), 'utf8');
        const frontmatter = readFrontmatter(source);
        if (frontmatter.kind !== 'ok') throw new Error(`content/${id}/${name}: no readable frontmatter`);
        const labIds = lessonLabIds(frontmatter.body);
        const data = frontmatter.data as { title: string };
        return { id: `${id}/${name.replace(/\.mdx$/, '')}`, title: data.title, labIds };
      });
    return { id, title: meta.title, lessons };
  });
}
