import { z } from 'astro/zod';
import { parse } from 'yaml';
import source from '../../../content/glossary.yaml?raw';
import { formatSchemaIssues } from '../../schemas/schema-issues';

/** `content/glossary.yaml`: the terms the lessons use. Underscore prefix: not a route. */
const GlossarySchema = z.strictObject({
  terms: z
    .array(
      z.strictObject({
        term: z.string().min(2),
        /** One or two sentences; `backticks` render as code. */
        definition: z.string().min(20),
        /** The lesson that teaches the term, as `NN-module/NN-lesson`. */
        lesson: z.string().regex(/^\d\d-[a-z0-9-]+\/\d\d-[a-z0-9-]+$/),
      }),
    )
    .min(1),
});

export type Glossary = z.infer<typeof GlossarySchema>;

/** The glossary, validated; a bad entry fails the build naming its index and field. */
export function loadGlossary(): Glossary {
  const result = GlossarySchema.safeParse(parse(source));
  if (!result.success) {
    throw new Error(`content/glossary.yaml is invalid:\n${formatSchemaIssues(result.error)}`);
  }
  return { terms: [...result.data.terms].sort((a, b) => a.term.localeCompare(b.term, 'en')) };
}
