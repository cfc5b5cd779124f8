import { cpSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { dirname, join } from 'node:path';
import { afterEach, beforeEach, describe, expect, it } from 'vitest';
import { LabError } from '../../src/lab-format/lab-error';
import { loadLab, parseLabMarkdown, readLab } from '../../src/lab-format/load-lab';
import { mdxProblems } from '../../src/lab-format/markdown-only';
import { parseFailsDeclarations } from '../../src/lab-format/wrong-declarations';

function codeOf(run: () => unknown): { code: string; file: string; field: string | undefined } {
  try {
    run();
  } catch (error) {
    if (error instanceof LabError) return { code: error.code, file: error.file, field: error.field };
    throw error;
  }
  throw new Error('expected a LabError');
}

describe('loadLab', () => {
  it('reads a lab folder: meta, hints, sources and wrong answers with their declarations', () => {
    const lab = loadLab('tests/fixtures/labs/verify-token');
    expect(lab.id).toBe('verify-token');
    expect(lab.meta).toMatchObject({ editableFile: 'verify-token.ts', timeoutMs: 1500 });
    expect(lab.hints).toHaveLength(2);
    expect(lab.hints[0]?.for).toEqual(['verifyToken > rejects a token minted for another API']);
    expect(lab.statement).toMatch(/^Resolve to the token's claims/);
    expect(lab.hints[1]?.for).toEqual([]);
    expect(lab.wrong.map((w) => [w.file, w.fails])).toEqual([
      ['wrong/day-long-tolerance.ts', ['verifyToken > rejects a token once the clock passes its exp']],
      ['wrong/forgot-audience.ts', ['verifyToken > rejects a token minted for another API']],
    ]);
  });

  it('names the missing file', () => {
    expect(codeOf(() => loadLab('tests/fixtures/labs/broken-missing-starter'))).toEqual({
      code: 'ERR_LAB_FILE_MISSING',
      file: 'tests/fixtures/labs/broken-missing-starter/starter.ts',
      field: undefined,
    });
  });

  it('reports every problem of a folder, not just the first', () => {
    const { lab, problems } = readLab('tests/fixtures/content/valid-course/labs/decode-segment');
    expect(lab?.id).toBe('decode-segment');
    expect(problems).toEqual([]);
    expect(readLab('tests/fixtures/labs/broken-missing-starter').problems.map((p) => p.code)).toEqual([
      'ERR_LAB_FILE_MISSING',
    ]);
  });

  it('hashes the starter and the checks, so saved code and certificates name their versions', () => {
    const lab = loadLab('tests/fixtures/labs/verify-token');
    expect(lab.starterHash).toMatch(/^[0-9a-f]{16}$/);
    expect(lab.checksHash).toMatch(/^[0-9a-f]{16}$/);
    expect(lab.starterHash).not.toBe(lab.checksHash);
  });

  it('names the invalid lab.md field', () => {
    expect(codeOf(() => loadLab('tests/fixtures/labs/broken-bad-meta'))).toEqual({
      code: 'ERR_LAB_META_INVALID',
      file: 'tests/fixtures/labs/broken-bad-meta/lab.md',
      field: 'timeoutMs',
    });
  });

  it('rejects a folder that does not exist', () => {
    expect(codeOf(() => loadLab('tests/fixtures/labs/no-such-lab')).code).toBe('ERR_LAB_NOT_FOUND');
  });
});

describe('parseLabMarkdown', () => {
  const problemsOf = (source: string) => {
    const problems: LabError[] = [];
    expect(parseLabMarkdown(source, 'lab.md', problems)).toBeUndefined();
    return problems.map(({ code, field, line }) => ({ code, field, line }));
  };

  it('requires frontmatter', () => {
    expect(problemsOf('# no frontmatter')).toEqual([
      { code: 'ERR_LAB_FRONTMATTER_MISSING', field: undefined, line: undefined },
    ]);
  });

  it('names a missing required field', () => {
    const source = '---\ntitle: A lab\nsummary: Something long enough.\neditableFile: x.ts\n---\n';
    expect(problemsOf(source)).toEqual([
      { code: 'ERR_LAB_META_INVALID', field: 'references', line: undefined },
    ]);
  });

  it('names a misspelt field and its line, and the line of YAML that does not parse', () => {
    const source =
      '---\ntitle: A lab\nsummary: Something long enough.\neditableFile: x.ts\ntimeout: 5\nreferences:\n  - spec: RFC 8725\n    section: "3.1"\n---\n';
    expect(problemsOf(source)).toEqual([{ code: 'ERR_LAB_META_INVALID', field: 'timeout', line: 5 }]);
    expect(problemsOf('---\ntitle: [unclosed\n---\n')).toMatchObject([
      { code: 'ERR_LAB_META_INVALID', line: expect.any(Number) },
    ]);
  });
});

describe('hints', () => {
  let dir: string;
  beforeEach(() => {
    dir = join(mkdtempSync(join(tmpdir(), 'lab-')), 'verify-token');
    cpSync('tests/fixtures/labs/verify-token', dir, { recursive: true });
  });
  afterEach(() => rmSync(dirname(dir), { recursive: true, force: true }));
  const problemsOf = () =>
    readLab(dir, undefined, { projectRoot: dirname(dir) }).problems.map(({ code, file, field, line }) => ({
      code,
      file,
      field,
      line,
    }));
  const write = (path: string, text: string) => writeFileSync(join(dir, path), text);

  it('reads hints/NN-<id>.md in order, with the checks each is for', () => {
    write('hints/03-general.md', 'Read the **RFC**.\n');
    expect(loadLab(dir).hints.map(({ id, for: checks }) => [id, checks])).toEqual([
      ['pass-audience-jwtverify', ['verifyToken > rejects a token minted for another API']],
      ['build-key-set-from', []],
      ['general', []],
    ]);
    expect(loadLab(dir).hints[2]?.markdown).toBe('Read the **RFC**.');
  });

  it('refuses a badly named file, an empty hint, an unknown field and a duplicate id, naming each file', () => {
    write('hints/hint.md', 'Text.\n');
    write('hints/04-empty.md', '---\nfor:\n  - a > b\n---\n\n');
    write('hints/05-typo.md', '---\nfro:\n  - a > b\n---\n\nText.\n');
    write('hints/06-general.md', 'Text.\n');
    write('hints/07-general.md', 'Text.\n');
    expect(problemsOf()).toEqual([
      {
        code: 'ERR_LAB_HINT_INVALID',
        file: 'verify-token/hints/04-empty.md',
        field: undefined,
        line: undefined,
      },
      { code: 'ERR_LAB_HINT_INVALID', file: 'verify-token/hints/05-typo.md', field: 'fro', line: undefined },
      {
        code: 'ERR_LAB_HINT_INVALID',
        file: 'verify-token/hints/07-general.md',
        field: undefined,
        line: undefined,
      },
      { code: 'ERR_LAB_HINT_INVALID', file: 'verify-token/hints/hint.md', field: undefined, line: undefined },
    ]);
  });

  it('refuses a "## Hint" section left in lab.md, with its line', () => {
    write('lab.md', `${readFileSync(join(dir, 'lab.md'), 'utf8')}\n## Hint\n\nFor: a > b\n\nText.\n`);
    const line = readFileSync(join(dir, 'lab.md'), 'utf8').split('\n').indexOf('## Hint') + 1;
    expect(problemsOf()).toEqual([
      { code: 'ERR_LAB_HINT_INVALID', file: 'verify-token/lab.md', field: undefined, line },
    ]);
  });
});

describe('MDX in lab Markdown', () => {
  const mdx = (source: string) =>
    mdxProblems(source, 'labs/x/lab.md').map(({ code, line }) => ({ code, line }));

  it('refuses a component, a fragment and an import, naming each line', () => {
    const source =
      '---\ntitle: x\n---\n\nText <Callout>inline</Callout>.\n\n<Figure src="a" />\n\nimport X from "./x"\n\n<>fragment</>\n';
    expect(mdx(source)).toEqual([
      { code: 'ERR_LAB_MDX', line: 5 },
      { code: 'ERR_LAB_MDX', line: 5 },
      { code: 'ERR_LAB_MDX', line: 7 },
      { code: 'ERR_LAB_MDX', line: 9 },
      { code: 'ERR_LAB_MDX', line: 11 },
    ]);
  });

  it('accepts HTML, components shown as code, and every Markdown construct', () => {
    const source =
      'A <kbd>Ctrl</kbd> key and `<Lab id="x" />` in code.\n\n```tsx\n<Callout />\nimport x from "y";\n```\n';
    expect(mdx(source)).toEqual([]);
    expect(mdx(readFileSync('tests/fixtures/labs/verify-token/lab.md', 'utf8'))).toEqual([]);
  });

  it('stops a lab folder whose hint uses a component, naming the hint file and line', () => {
    const dir = join(mkdtempSync(join(tmpdir(), 'lab-')), 'verify-token');
    cpSync('tests/fixtures/labs/verify-token', dir, { recursive: true });
    writeFileSync(join(dir, 'hints/03-component.md'), 'Look:\n\n<Callout>no</Callout>\n');
    try {
      expect(codeOf(() => loadLab(dir))).toMatchObject({ code: 'ERR_LAB_MDX' });
      expect(readLab(dir).problems[0]?.line).toBe(3);
    } finally {
      rmSync(dirname(dir), { recursive: true, force: true });
    }
  });
});

describe('parseFailsDeclarations', () => {
  it('reads one @fails line per check from the header comment', () => {
    const source = '/**\n * Mistake.\n *\n * @fails a > b\n * @fails a > c d\n */\nexport {};\n';
    expect(parseFailsDeclarations(source, 'wrong/x.ts')).toEqual(['a > b', 'a > c d']);
  });

  it('requires at least one declaration', () => {
    expect(codeOf(() => parseFailsDeclarations('export {};\n', 'wrong/x.ts')).code).toBe(
      'ERR_LAB_WRONG_UNDECLARED',
    );
  });
});
