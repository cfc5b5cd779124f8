import { describe, expect, it } from 'vitest';
import course from '../../course.config';
import { CourseConfigSchema, THEME_BACKGROUNDS } from '../../src/schemas/course-config';

describe('CourseConfigSchema', () => {
  it('accepts the shipped course.config.ts', () => {
    expect(CourseConfigSchema.safeParse(course).success).toBe(true);
  });

  it('accepts an accent that reads on both theme backgrounds', () => {
    const parsed = CourseConfigSchema.safeParse({ ...course, accent: { light: '#8a2be2', dark: '#ffb86b' } });
    expect(parsed.success).toBe(true);
  });

  it('rejects an accent too faint for a theme, naming the field', () => {
    const parsed = CourseConfigSchema.safeParse({ ...course, accent: { light: '#ffcc00', dark: '#6cb6ff' } });
    expect(parsed.success).toBe(false);
    const issue = parsed.error?.issues[0];
    expect(issue?.path).toEqual(['accent', 'light']);
    expect(issue?.message).toContain(THEME_BACKGROUNDS.light);
  });

  it('rejects a base path without its slashes (BASE_PATH is normalised before it gets here)', () => {
    expect(CourseConfigSchema.safeParse({ ...course, basePath: 'courses/jwt' }).success).toBe(false);
  });
});
