import { z } from 'astro/zod';
import { describe, expect, it } from 'vitest';
import { formatSchemaIssues, schemaIssues } from '../../src/schemas/schema-issues';

const Schema = z.strictObject({ title: z.string(), tags: z.array(z.string()).optional() });
const errorFor = (data: unknown): z.ZodError => {
  const parsed = Schema.safeParse(data);
  if (parsed.success) throw new Error('expected a schema error');
  return parsed.error;
};

describe('schemaIssues', () => {
  it('names a nested field by its dotted path', () => {
    expect(schemaIssues(errorFor({ title: 'x', tags: ['a', 1] }))).toEqual([
      { path: ['tags', '1'], field: 'tags.1', message: expect.any(String) },
    ]);
  });

  it('names unknown keys themselves, not the object that holds them', () => {
    expect(schemaIssues(errorFor({ title: 'x', titel: 'y', tagz: [] }))).toEqual([
      { path: ['titel'], field: 'titel, tagz', message: 'is not a known field (check the spelling)' },
    ]);
  });

  it('names the whole document with the top label, and prefixes where the value sits', () => {
    const [top] = schemaIssues(z.string().safeParse(1).error as z.ZodError, '(frontmatter)');
    expect(top?.field).toBe('(frontmatter)');
    expect(formatSchemaIssues(errorFor({ title: 1 }), undefined, ['progress'])).toMatch(/^progress\.title: /);
  });
});
