import { describe, expect, it } from 'vitest';
import { LabError } from '../../src/lab-format/lab-error.ts';
import { loadLab, parseLabMarkdown, readLab } from '../../src/lab-format/load-lab.ts';
import { parseLabBody } from '../../src/lab-format/parse-hints.ts';
import { parseFailsDeclarations } from '../../src/lab-format/wrong-declarations.ts';

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

describe('parseLabBody', () => {
  it('splits the task from hints and ties hints to several checks', () => {
    const body =
      'Do the thing.\n\n## Hint\n\nFor: a > one | a > two\n\nLook at `aud`.\n\n## Hint\n\nGeneral advice.\n';
    expect(parseLabBody(body, 'lab.md')).toEqual({
      statement: 'Do the thing.',
      hints: [
        { id: 'hint-1', for: ['a > one', 'a > two'], markdown: 'Look at `aud`.', file: 'lab.md' },
        { id: 'hint-2', for: [], markdown: 'General advice.', file: 'lab.md' },
      ],
    });
  });

  it('ignores "## Hint" inside code fences', () => {
    const body = 'Intro\n\n```md\n## Hint\n```\n';
    expect(parseLabBody(body, 'lab.md').hints).toEqual([]);
  });

  it('rejects an empty hint', () => {
    expect(codeOf(() => parseLabBody('## Hint\n\nFor: x\n', 'lab.md'))).toMatchObject({
      code: 'ERR_LAB_HINT_INVALID',
      field: 'hints[0]',
    });
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
