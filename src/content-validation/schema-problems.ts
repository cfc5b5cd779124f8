import type { z } from 'astro/zod';
import type { ContentProblem, ContentProblemCode } from './content-problem';

/** Turns zod issues into located problems, one per field (unknown keys name the key itself). */
export function schemaProblems(error: z.ZodError, file: string, code: ContentProblemCode): ContentProblem[] {
  return error.issues.map((issue) => {
    const path = issue.path.map(String).join('.');
    if (issue.code === 'unrecognized_keys') {
      const keys = issue.keys.map((key) => (path ? `${path}.${key}` : key)).join(', ');
      return { code, file, field: keys, message: 'is not a known field (check the spelling)' };
    }
    return { code, file, field: path || '(frontmatter)', message: issue.message };
  });
}
