import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

/**
 * What every lesson must contain: objectives, a case-study narrative of 800–1800 words, at least
 * one diagram with a text alternative, "Key insights", a knowledge check, and exactly the labs the course
 * plan in ARCHITECTURE.md assigns to it.
 */
const ROOT = join(import.meta.dirname, '../..');
const CONTENT = join(ROOT, 'content');
const DIAGRAMS = join(ROOT, 'src/assets/diagrams');

const lessons = readdirSync(CONTENT, { recursive: true, encoding: 'utf8' })
  .filter((file) => file.endsWith('.mdx'))
  .map((file) => {
    const text = readFileSync(join(CONTENT, file), 'utf8');
    const [, frontmatter = '', body = ''] = /^---\n([\s\S]*?)\n---\n([\s\S]*)$/.exec(text) ?? [];
    return {
      id: file.replace(/\.mdx$/, ''),
      frontmatter: parse(frontmatter) as { objectives: string[] },
      body,
    };
  });

/** The "Course plan" table of ARCHITECTURE.md: lesson id → lab ids. */
function coursePlan(): Map<string, string[]> {
  const architecture = readFileSync(join(ROOT, 'ARCHITECTURE.md'), 'utf8');
  const start = architecture.indexOf('## Course plan');
  const end = architecture.indexOf('\n## ', start + 1);
  const section = architecture.slice(start, end === -1 ? undefined : end);
  const plan = new Map<string, string[]>();
  for (const [, lesson, labs] of section.matchAll(/^\| +`([^`]+)` +\|([^|]*)\|/gm)) {
    plan.set(
      lesson!,
      [...labs!.matchAll(/`([a-z0-9-]+)`/g)].map((m) => m[1]!),
    );
  }
  return plan;
}

function proseWords(body: string): number {
  const prose = body
    .replace(/```[\s\S]*?```/g, ' ')
    .replace(/<(Figure|Quiz|Lab|TokenInspector)\b[\s\S]*?\/>/g, ' ')
    .replace(/<\/?[A-Za-z][^>]*>/g, ' ');
  return prose.split(/\s+/).filter((word) => /[A-Za-z0-9]/.test(word)).length;
}

describe('every lesson', () => {
  const plan = coursePlan();

  it('is in the course plan, and the plan has no lesson missing', () => {
    expect(lessons.map((l) => l.id).sort()).toEqual([...plan.keys()].sort());
  });

  it.each(lessons)('$id embeds exactly the labs the course plan gives it', ({ id, body }) => {
    const embedded = [...body.matchAll(/<Lab\s+id="([^"]+)"\s*\/>/g)].map((m) => m[1]);
    expect(embedded).toEqual(plan.get(id));
  });

  it.each(lessons)(
    '$id has objectives, 800–1800 words of prose and key insights',
    ({ frontmatter, body }) => {
      expect(frontmatter.objectives.length).toBeGreaterThanOrEqual(3);
      const words = proseWords(body);
      expect(words).toBeGreaterThanOrEqual(800);
      expect(words).toBeLessThanOrEqual(1800);
      expect(body).toMatch(/^## Key insights$/m);
    },
  );

  it.each(lessons)('$id has a diagram with a text alternative', ({ body }) => {
    const figures = [...body.matchAll(/<Figure\s+src="([^"]+)"\s+alt="([^"]+)"/g)];
    expect(figures.length).toBeGreaterThanOrEqual(1);
    for (const [, src, alt] of figures) {
      expect(existsSync(join(DIAGRAMS, `${src}.svg`))).toBe(true);
      expect(alt!.length).toBeGreaterThan(80);
    }
  });
});

describe('every diagram', () => {
  const svgs = readdirSync(DIAGRAMS).filter((file) => file.endsWith('.svg'));

  it.each(svgs)('%s has a title and a description and follows the theme', (file) => {
    const svg = readFileSync(join(DIAGRAMS, file), 'utf8');
    expect(svg).toMatch(/<title[^>]*>[^<]{10,}<\/title>/);
    expect(svg).toMatch(/<desc[^>]*>[^<]{40,}<\/desc>/);
    expect(svg).toContain('fill="currentColor"');
    // Black or white text would vanish in one of the two themes.
    expect(svg).not.toMatch(/(fill|stroke)="(#000|#000000|black|#fff|#ffffff|white)"/i);
  });

  it('uses ids no other diagram uses, since several diagrams are inlined into one page', () => {
    const ids = svgs.flatMap((file) =>
      [...readFileSync(join(DIAGRAMS, file), 'utf8').matchAll(/\bid="([^"]+)"/g)].map((m) => m[1]!),
    );
    expect(ids.length).toBe(new Set(ids).size);
  });
});
