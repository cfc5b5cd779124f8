import { cpSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join, resolve } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { ContentValidationError, formatProblem } from '../../src/content-validation/content-problem';
import { validateCourse } from '../../src/content-validation/validate-course';

const FIXTURE = resolve(import.meta.dirname, '../fixtures/content/valid-course');
let root: string;

/** Each test starts from a copy of the valid fixture course and breaks exactly one thing. */
beforeEach(() => {
  root = mkdtempSync(join(tmpdir(), 'course-'));
  cpSync(FIXTURE, root, { recursive: true });
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const write = (path: string, text: string) => writeFileSync(join(root, path), text);
const remove = (path: string) => rmSync(join(root, path), { recursive: true });
const located = () =>
  validateCourse(root).map(({ code, file, field, line }) => ({ code, file, field, line }));

const LESSON = (frontmatter: string, body = '') => `---\n${frontmatter}\n---\n${body}`;
const VALID_FRONTMATTER =
  'title: Parts\nsummary: Three parts joined by dots.\nminutes: 10\nobjectives:\n  - Split a token';

describe('validateCourse', () => {
  it('accepts a valid course, ignoring <Lab> tags shown in code', () => {
    expect(validateCourse(root)).toEqual([]);
  });

  it('rejects a lesson field of the wrong type, naming the file and the field', () => {
    write('content/00-basics/01-parts.mdx', LESSON(VALID_FRONTMATTER.replace('minutes: 10', 'minutes: ten')));
    expect(located()).toEqual([
      { code: 'ERR_FRONTMATTER', file: 'content/00-basics/01-parts.mdx', field: 'minutes', line: undefined },
    ]);
  });

  it('rejects a misspelt lesson field', () => {
    write('content/00-basics/01-parts.mdx', LESSON(`${VALID_FRONTMATTER}\nobjective: typo`));
    expect(located()).toMatchObject([{ code: 'ERR_FRONTMATTER', field: 'objective' }]);
  });

  it('rejects a missing required lesson field and an empty objective list', () => {
    write('content/00-basics/01-parts.mdx', LESSON('title: Parts\nminutes: 10\nobjectives: []'));
    const fields = located().map((problem) => problem.field);
    expect(fields).toEqual(expect.arrayContaining(['summary', 'objectives']));
  });

  it('rejects a lesson without frontmatter and one whose YAML does not parse, with the line', () => {
    write('content/00-basics/01-parts.mdx', '# No frontmatter');
    write('content/01-tokens/01-verify.mdx', '---\ntitle: Verifying\nsummary: [unclosed\n---\n');
    expect(located()).toMatchObject([
      { code: 'ERR_FRONTMATTER_MISSING', file: 'content/00-basics/01-parts.mdx' },
      { code: 'ERR_FRONTMATTER_YAML', file: 'content/01-tokens/01-verify.mdx', line: expect.any(Number) },
    ]);
  });

  it('rejects a <Lab id> that names no lab folder, with its line', () => {
    write(
      'content/01-tokens/01-verify.mdx',
      LESSON(VALID_FRONTMATTER, '\nIntro.\n\n<Lab id="verify-tokne" />\n'),
    );
    expect(located()).toEqual([
      { code: 'ERR_UNKNOWN_LAB', file: 'content/01-tokens/01-verify.mdx', field: '<Lab id>', line: 11 },
    ]);
  });

  it('rejects a <Lab> without a literal id', () => {
    write('content/01-tokens/01-verify.mdx', LESSON(VALID_FRONTMATTER, '<Lab id={labId} />\n'));
    expect(located()).toMatchObject([{ code: 'ERR_LAB_ID_MISSING', field: '<Lab id>' }]);
  });

  it.each(['lab.md', 'starter.ts', 'solution.ts', 'checks.test.ts'])(
    'rejects a lab folder without %s',
    (file) => {
      remove(`labs/decode-segment/${file}`);
      expect(located()).toEqual([
        {
          code: 'ERR_LAB_FILE_MISSING',
          file: `labs/decode-segment/${file}`,
          field: '(file)',
          line: undefined,
        },
      ]);
    },
  );

  it('rejects a lab without a wrong answer', () => {
    remove('labs/decode-segment/wrong');
    expect(located()).toMatchObject([{ code: 'ERR_LAB_WRONG_MISSING', file: 'labs/decode-segment/wrong/' }]);
  });

  it('rejects lab.md frontmatter that breaks the lab schema, naming the field', () => {
    write(
      'labs/decode-segment/lab.md',
      '---\ntitle: Decode\nsummary: Decode one segment of a token.\neditableFile: Decode.TS\nreferences: []\n---\n',
    );
    const fields = located().map((problem) => `${problem.code} ${problem.field}:${problem.line}`);
    expect(fields).toEqual(['ERR_LAB_META_INVALID editableFile:4', 'ERR_LAB_META_INVALID references:5']);
  });

  it('rejects a lab folder whose name is not a kebab-case id', () => {
    cpSync(join(root, 'labs/decode-segment'), join(root, 'labs/Decode_Segment'), { recursive: true });
    expect(located()).toMatchObject([{ code: 'ERR_LAB_ID_INVALID', file: 'labs/Decode_Segment/' }]);
  });

  it('rejects a module folder without module.yaml, or with an invalid one', () => {
    remove('content/01-tokens/module.yaml');
    write('content/00-basics/module.yaml', 'title: Basics\nsummary: short\n');
    expect(located()).toMatchObject([
      { code: 'ERR_MODULE_META', file: 'content/00-basics/module.yaml', field: 'summary' },
      { code: 'ERR_MODULE_META_MISSING', file: 'content/01-tokens/module.yaml' },
    ]);
  });

  it('rejects folders and lessons without a numeric prefix, and two lessons with one prefix', () => {
    cpSync(join(root, 'content/01-tokens'), join(root, 'content/tokens'), { recursive: true });
    cpSync(join(root, 'content/01-tokens/01-verify.mdx'), join(root, 'content/01-tokens/verify-again.mdx'));
    cpSync(
      join(root, 'content/01-tokens/01-verify.mdx'),
      join(root, 'content/01-tokens/01-verify-twice.mdx'),
    );
    expect(located().map(({ code, file }) => `${code} ${file}`)).toEqual([
      'ERR_LESSON_FILE_NAME content/01-tokens/verify-again.mdx',
      'ERR_DUPLICATE_PREFIX content/01-tokens/01-verify.mdx',
      'ERR_MODULE_FOLDER_NAME content/tokens/',
    ]);
  });

  it('rejects a prerequisite that is not an earlier lesson', () => {
    const body = `${VALID_FRONTMATTER}\nprerequisites:\n  - 01-tokens/01-verify\n  - 00-basics/09-missing`;
    write('content/00-basics/01-parts.mdx', LESSON(body));
    expect(located()).toMatchObject([
      { code: 'ERR_UNKNOWN_PREREQUISITE', field: 'prerequisites.0' },
      { code: 'ERR_UNKNOWN_PREREQUISITE', field: 'prerequisites.1' },
    ]);
  });
});

describe('ContentValidationError', () => {
  it('lists every problem with its location', () => {
    remove('labs/decode-segment/solution.ts');
    write('content/00-basics/01-parts.mdx', LESSON(VALID_FRONTMATTER.replace('minutes: 10', 'minutes: -1')));
    const error = new ContentValidationError(validateCourse(root));
    expect(error.code).toBe('ERR_CONTENT_INVALID');
    expect(error.problems).toHaveLength(2);
    expect(error.message).toContain(formatProblem(error.problems[0]!));
    expect(error.message).toContain('content/00-basics/01-parts.mdx › minutes');
    expect(error.message).toContain('labs/decode-segment/solution.ts › (file)');
  });
});
