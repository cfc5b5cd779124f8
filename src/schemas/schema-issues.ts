import type { z } from 'astro/zod';

/** One zod issue, located: what a person fixes, and where. */
export interface SchemaIssue {
  /** Path to the offending value; for unknown keys, to the first unknown key. */
  path: string[];
  /** The dotted field (`objectives.0`), the unknown keys (`titel, minuts`), or `top` for the whole document. */
  field: string;
  message: string;
}

/**
 * The one reading of a zod error, used for every file the project validates (lab files, hints, design.yaml,
 * mutation.yaml, lessons, quizzes, certificates, progress): one located issue per problem, unknown keys named
 * by their own name rather than by the object that holds them.
 */
export function schemaIssues(
  error: z.ZodError,
  top = '(document)',
  /** Where the validated value sits in its file, when it is not the whole file. */
  within: readonly string[] = [],
): SchemaIssue[] {
  return error.issues.map((issue) => {
    const path = [...within, ...issue.path.map(String)];
    if (issue.code === 'unrecognized_keys') {
      return {
        path: [...path, ...issue.keys.slice(0, 1)],
        field: issue.keys.map((key) => [...path, key].join('.')).join(', '),
        message: 'is not a known field (check the spelling)',
      };
    }
    return { path, field: path.join('.') || top, message: issue.message };
  });
}

/** The issues as text, one `field: message` line each, for errors that are only read. */
export function formatSchemaIssues(error: z.ZodError, top?: string, within?: readonly string[]): string {
  return schemaIssues(error, top, within)
    .map((issue) => `${issue.field}: ${issue.message}`)
    .join('\n');
}
