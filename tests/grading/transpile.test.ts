import { describe, expect, it } from 'vitest';
import { transpile } from '../../src/grading/core/transpile';

describe('transpile', () => {
  it('keeps every output line on its source line, types stripped and imports required', () => {
    const result = transpile(
      "import { a } from 'x';\nconst n: number = a;\nexport { n };\n",
      'checks.test.ts',
    );
    expect(result.ok).toBe(true);
    if (!result.ok) return;
    const lines = result.code.split('\n');
    expect(lines.findIndex((line) => line.includes('require('))).toBe(0);
    expect(lines[1]).toMatch(/const n = _x\.a;/);
  });

  it('reports a syntax error at its file, line and column', () => {
    expect(transpile('const ok = 1;\nconst broken = ;\n', 'lab.ts')).toMatchObject({
      ok: false,
      error: { file: 'lab.ts', line: 2 },
    });
  });

  it('hands out results nobody can change: the next session of a reused worker gets the same one', () => {
    const source = 'export const answer: number = 42;\n';
    const first = transpile(source, 'a.ts');
    expect(() => {
      (first as { code: string }).code = 'tampered';
    }).toThrow(TypeError);
    expect(transpile(source, 'a.ts')).toEqual(first);
    const failed = transpile('const = ;', 'b.ts');
    expect(() => {
      if (!failed.ok) (failed.error as { line: number }).line = 99;
    }).toThrow(TypeError);
    expect(transpile('const = ;', 'b.ts')).toEqual(failed);
    // The file name is part of what is kept: another file's error names that file.
    expect(transpile('const = ;', 'c.ts')).toMatchObject({ ok: false, error: { file: 'c.ts' } });
  });
});
