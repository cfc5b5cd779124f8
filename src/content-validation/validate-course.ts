import type { ContentProblem } from './content-problem';
import { courseLabIds, validateLabs } from './validate-labs';
import { validateLessons } from './validate-lessons';

/**
 * Everything the build checks about `content/` and `labs/` under `root`, beyond what the content
 * collections' schemas see: names and order prefixes, module.yaml, lesson and lab frontmatter, every
 * `<Lab id>` naming a lab folder, and every lab folder holding its required files.
 */
export function validateCourse(root: string): ContentProblem[] {
  const labIds = new Set(courseLabIds(root));
  return [...validateLessons(root, labIds), ...validateLabs(root)];
}
