import { describe, expect, it } from 'vitest';
import { mistakePosition } from '../../../src/islands/lab-editor/mistake-position';

describe('mistakePosition', () => {
  it('moves an unexpected token that starts its line back to the end of the code before it', () => {
    const code = ['export function f() {', '  return g(1,', '  // a comment', '', '}'].join('\n');
    expect(mistakePosition(code, 'Unexpected token', { line: 5, column: 1 })).toEqual({
      line: 2,
      column: 14,
    });
  });

  it('moves a missing closing brace found at the end of the file back to the last line of code', () => {
    const code = 'export function f() {\n  if (x) {\n    return 1;\n}\n';
    expect(mistakePosition(code, 'Unexpected token', { line: 5, column: 1 })).toEqual({
      line: 4,
      column: 2,
    });
  });

  it('keeps a position inside a line, where the parser stopped at the mistake itself', () => {
    const code = 'const a = 1;\nreturn x +;\n';
    expect(mistakePosition(code, 'Unexpected token', { line: 2, column: 11 })).toEqual({
      line: 2,
      column: 11,
    });
  });

  it('keeps a URL in a string: only a comment after whitespace is not code', () => {
    const code = "const u = 'https://issuer.example'\n  .x(\n)";
    expect(mistakePosition(code, 'Unexpected token, expected ","', { line: 3, column: 1 })).toEqual({
      line: 2,
      column: 6,
    });
    expect(mistakePosition("const u = 'https://x'\n}", 'Unexpected token', { line: 2, column: 1 })).toEqual({
      line: 1,
      column: 22,
    });
  });

  it('leaves other errors where they were reported', () => {
    expect(
      mistakePosition("const a = 'x\n", 'Unterminated string constant', { line: 1, column: 11 }),
    ).toEqual({
      line: 1,
      column: 11,
    });
  });
});
