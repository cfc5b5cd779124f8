/** Node only (the CLI): what the verify page embeds at build time, read from content/ and labs/. */
import { readdirSync, readFileSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { LABS_ROOT, listLabIds, loadLab, type LoadedLab } from '../lab-format/load-lab';
import { lessonLabIds } from '../site/lesson-lab-ids';
import { requiredLabIds } from './required-lab-ids';

const CONTENT_ROOT = resolve(import.meta.dirname, '../../content');

/** Lab ids embedded by the lessons, in course order (module and lesson folders sort by their prefixes). */
function embeddedLabIds(contentRoot = CONTENT_ROOT): string[] {
  const modules = readdirSync(contentRoot, { withFileTypes: true })
    .filter((entry) => entry.isDirectory())
    .map((entry) => entry.name)
    .sort();
  return modules.flatMap((module) =>
    readdirSync(join(contentRoot, module))
      .filter((name) => name.endsWith('.mdx'))
      .sort()
      .flatMap((name) => lessonLabIds(readFileSync(join(contentRoot, module, name), 'utf8'))),
  );
}

export interface DiskCourseLabs {
  labs: Map<string, LoadedLab>;
  requiredLabIds: string[];
}

export function courseLabsOnDisk(configured: readonly string[], labsRoot = LABS_ROOT): DiskCourseLabs {
  const labs = new Map(listLabIds(labsRoot).map((id) => [id, loadLab(id, labsRoot)] as const));
  return { labs, requiredLabIds: requiredLabIds(configured, embeddedLabIds()) };
}
