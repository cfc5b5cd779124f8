import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import course from '../../course.config';
import { compareVersions, parseChangelog } from '../../src/pages/what-changed/_changelog';

const SOURCE = readFileSync(join(import.meta.dirname, '../../content/changelog.yaml'), 'utf8');

const entry = (version: string) => `  - version: ${version}
    date: '2026-12-06'
    summary: What this version is about.
    learners: [Something a learner notices.]
    instructors: [Something an instructor runs.]
`;

function codeOf(fn: () => unknown): string | undefined {
  try {
    fn();
  } catch (error) {
    return (error as { code?: string }).code;
  }
  return undefined;
}

describe('the changelog behind /what-changed/', () => {
  it('starts with the version course.config.ts publishes, so every release says what changed', () => {
    expect(parseChangelog(SOURCE).versions[0]?.version).toBe(course.version);
  });

  it('lists versions newest first, each once, with something for learners and for instructors', () => {
    const { versions } = parseChangelog(SOURCE);
    expect(versions.length).toBeGreaterThanOrEqual(2);
    for (const v of versions) {
      expect(v.learners.length).toBeGreaterThan(0);
      expect(v.instructors.length).toBeGreaterThan(0);
    }
  });

  it('refuses versions out of order or repeated', () => {
    expect(codeOf(() => parseChangelog(`versions:\n${entry('1.0.0')}${entry('1.1.0')}`))).toBe(
      'ERR_CHANGELOG_ORDER',
    );
    expect(codeOf(() => parseChangelog(`versions:\n${entry('1.1.0')}${entry('1.1.0')}`))).toBe(
      'ERR_CHANGELOG_ORDER',
    );
    expect(codeOf(() => parseChangelog(`versions:\n${entry('1.10.0')}${entry('1.9.0')}`))).toBeUndefined();
  });

  it('refuses an entry without instructors, or with a version that is not MAJOR.MINOR.PATCH', () => {
    const noInstructors = `versions:\n${entry('1.1.0').replace(/ {4}instructors:.*\n/, '')}`;
    expect(codeOf(() => parseChangelog(noInstructors))).toBe('ERR_CHANGELOG_INVALID');
    expect(codeOf(() => parseChangelog(`versions:\n${entry('v1.1')}`))).toBe('ERR_CHANGELOG_INVALID');
  });

  it('compares versions numerically, part by part', () => {
    expect(compareVersions('1.10.0', '1.9.9')).toBeGreaterThan(0);
    expect(compareVersions('1.1.0', '2.0.0')).toBeLessThan(0);
    expect(compareVersions('1.1.0', '1.1.0')).toBe(0);
  });
});
