import type { z } from 'astro/zod';
import { schemaIssues } from '../schemas/schema-issues';
import type { ContentProblem, ContentProblemCode } from './content-problem';

/** A zod error as located content problems, one per issue (`schemaIssues` reads it). */
export function schemaProblems(error: z.ZodError, file: string, code: ContentProblemCode): ContentProblem[] {
  return schemaIssues(error, '(frontmatter)').map(({ field, message }) => ({ code, file, field, message }));
}
