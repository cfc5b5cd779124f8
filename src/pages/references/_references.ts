import { z } from 'astro/zod';
import { parse } from 'yaml';
import source from '../../../content/references.yaml?raw';
import { formatSchemaIssues } from '../../schemas/schema-issues';

const Https = z.url({ protocol: /^https$/ });

/** `content/references.yaml`: every standard, guide and CVE the lessons cite. Underscore prefix: not a route. */
const ReferencesSchema = z.strictObject({
  standards: z.array(
    z.strictObject({
      id: z.string().regex(/^RFC \d{4}$/),
      title: z.string().min(3),
      year: z.number().int().min(1990).max(2100),
      url: Https,
      /** What the course uses it for. */
      use: z.string().min(10),
    }),
  ),
  guides: z.array(
    z.strictObject({ id: z.string().min(2), title: z.string().min(3), url: Https, use: z.string().min(10) }),
  ),
  vulnerabilities: z.array(
    z.strictObject({
      id: z.string().regex(/^CVE-\d{4}-\d{4,}$/),
      /** Product and affected versions as published on NVD. */
      product: z.string().min(3),
      summary: z.string().min(10),
      url: Https,
    }),
  ),
});

export type References = z.infer<typeof ReferencesSchema>;

/** The reference list, validated; a bad entry fails the build naming its path. */
export function loadReferences(): References {
  const result = ReferencesSchema.safeParse(parse(source));
  if (!result.success) {
    throw new Error(`content/references.yaml is invalid:\n${formatSchemaIssues(result.error)}`);
  }
  return result.data;
}
