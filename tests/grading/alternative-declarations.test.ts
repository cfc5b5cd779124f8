import { describe, expect, it } from 'vitest';
import { parseFreedomDeclaration } from '../../src/lab-format/alternative-declarations';
import { LabError } from '../../src/lab-format/lab-error';
import { loadLab } from '../../src/lab-format/load-lab';

describe('parseFreedomDeclaration', () => {
  it('reads the @freedom line of a block header comment', () => {
    const source =
      '/**\n * Alternative solution: uses `<`.\n *\n * @freedom compares with `<`\n */\nexport {};\n';
    expect(parseFreedomDeclaration(source, 'alternatives/a.ts')).toBe('compares with `<`');
  });

  it('reads it from leading line comments', () => {
    expect(parseFreedomDeclaration('// @freedom checks typ first\nexport {};\n', 'alternatives/b.ts')).toBe(
      'checks typ first',
    );
  });

  it('refuses an alternative that does not name its freedom, naming the file and the tag', () => {
    let caught: unknown;
    try {
      parseFreedomDeclaration('/** Alternative solution. */\nexport {};\n', 'labs/x/alternatives/c.ts');
    } catch (error) {
      caught = error;
    }
    expect(caught).toBeInstanceOf(LabError);
    expect(caught).toMatchObject({
      code: 'ERR_LAB_ALTERNATIVE_UNDECLARED',
      file: 'labs/x/alternatives/c.ts',
      field: '@freedom',
    });
  });
});

describe('loadLab alternatives', () => {
  it('reads alternatives/*.ts with the freedom each exercises', () => {
    const lab = loadLab('logout-cutoff');
    expect(lab.alternatives.map((a) => a.file)).toContain('alternatives/strictly-before-the-cutoff.ts');
    const strict = lab.alternatives.find((a) => a.file === 'alternatives/strictly-before-the-cutoff.ts');
    expect(strict?.freedom).toContain('`<=` and `<` are both correct');
    expect(lab.alternatives.every((a) => a.freedom.length > 0)).toBe(true);
  });
});
