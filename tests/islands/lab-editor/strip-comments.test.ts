import { describe, expect, it } from 'vitest';
import { stripComments } from '../../../src/islands/lab-editor/strip-comments';

describe('stripComments', () => {
  it('drops line and block comments, doc comments and the blank lines they leave', () => {
    const source = [
      '/** Verifies a token. */',
      'export function f(t: string) {',
      '  // split it',
      '  const [a] = t.split("."); /* the header */',
      '',
      '  return a;   ',
      '}',
    ].join('\n');
    expect(stripComments(source)).toBe(
      ['export function f(t: string) {', '  const [a] = t.split(".");', '  return a;', '}'].join('\n'),
    );
  });

  it('keeps comment markers inside strings and template literals', () => {
    const source = "const u = 'https://issuer.example/*';\nconst t = `a // b ${'/* c */'}`;";
    expect(stripComments(source)).toBe(source);
  });

  it('keeps escaped quotes inside a string', () => {
    expect(stripComments("const q = 'it\\'s // fine'; // gone")).toBe("const q = 'it\\'s // fine';");
  });
});
