/**
 * Where a learner's syntax mistake is. The transpiler reports the token it could not parse, and after a
 * missing `)`, `,`, `;` or `}` that token is the first one of the next line (or the end of the file): the
 * mistake is at the end of the code before it. So when an "unexpected token" starts its line, the position
 * moves back to just after the last character of the previous line that holds code.
 */
export interface SourcePosition {
  line: number;
  column: number;
}

const codeOf = (line: string) => line.replace(/(^|\s)\/\/.*$/, '').trimEnd();

export function mistakePosition(source: string, message: string, at: SourcePosition): SourcePosition {
  if (!/^Unexpected token|expected/i.test(message)) return at;
  const lines = source.split(/\r?\n/);
  const line = lines[at.line - 1] ?? '';
  if (line.slice(0, Math.max(0, at.column - 1)).trim() !== '') return at;
  for (let n = Math.min(at.line - 1, lines.length); n >= 1; n--) {
    const code = codeOf(lines[n - 1] ?? '');
    if (code.trim() !== '') return { line: n, column: code.length + 1 };
  }
  return at;
}
