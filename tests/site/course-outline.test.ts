import { describe, expect, it } from 'vitest';
import {
  buildCourseOutline,
  lessonsInOrder,
  moduleIdOf,
  type LessonSource,
} from '../../src/site/course-outline';

const lesson = (id: string, title: string, body = ''): LessonSource => ({
  id,
  body,
  data: { title, summary: `${title} summary.`, minutes: 10, objectives: ['Do a thing'], prerequisites: [] },
});
const module = (id: string, title: string) => ({
  id: `${id}/module`,
  data: { title, summary: `${title} summary.` },
});

describe('buildCourseOutline', () => {
  // Deliberately shuffled: order must come from the numeric prefixes alone.
  const outline = buildCourseOutline(
    [module('01-tokens', 'Tokens'), module('00-basics', 'Basics')],
    [
      lesson('01-tokens/02-verify', 'Verify', '<Lab id="verify-access-token" />'),
      lesson('00-basics/01-parts', 'Parts'),
      lesson('01-tokens/01-issue', 'Issue', '<Lab id="issue-access-token" />\n<Lab id="deny-list" />'),
    ],
    '/courses/jwt/',
  );

  it('orders modules and lessons by their numeric prefixes', () => {
    expect(outline.map((m) => m.id)).toEqual(['00-basics', '01-tokens']);
    expect(lessonsInOrder(outline).map((l) => l.id)).toEqual([
      '00-basics/01-parts',
      '01-tokens/01-issue',
      '01-tokens/02-verify',
    ]);
  });

  it('builds links under the base path and numbers by position', () => {
    const [basics, tokens] = outline;
    expect(basics?.href).toBe('/courses/jwt/00-basics/');
    expect(tokens?.lessons[1]).toMatchObject({
      href: '/courses/jwt/01-tokens/02-verify/',
      number: '2.2',
      slug: '02-verify',
      moduleId: '01-tokens',
    });
  });

  it("takes each lesson's labs from its <Lab id> tags", () => {
    expect(lessonsInOrder(outline).map((l) => l.labIds)).toEqual([
      [],
      ['issue-access-token', 'deny-list'],
      ['verify-access-token'],
    ]);
  });
});

describe('moduleIdOf', () => {
  it('is the folder of the module.yaml entry', () => {
    expect(moduleIdOf('00-foundations/module')).toBe('00-foundations');
  });
});
