import { LabError } from './lab-error.ts';

/**
 * The checks a wrong answer must fail: one `@fails <full check name>` line each, in the comment at the
 * top of the file (ARCHITECTURE.md, "Lab folder").
 */
export function parseFailsDeclarations(source: string, file: string): string[] {
  const header = /^\s*\/\*([\s\S]*?)\*\//.exec(source)?.[1] ?? leadingLineComments(source);
  const fails: string[] = [];
  for (const raw of header.split(/\r?\n/)) {
    const line = raw.replace(/^\s*(\*|\/\/)?\s?/, '');
    const match = /^@fails\s+(.+?)\s*$/.exec(line);
    if (match?.[1]) fails.push(match[1]);
  }
  if (fails.length === 0) {
    throw new LabError(
      'ERR_LAB_WRONG_UNDECLARED',
      file,
      'a wrong answer needs at least one "@fails <full check name>" line in its header comment',
      '@fails',
    );
  }
  return fails;
}

function leadingLineComments(source: string): string {
  const lines: string[] = [];
  for (const line of source.split(/\r?\n/)) {
    if (/^\s*\/\//.test(line)) lines.push(line);
    else if (line.trim() !== '' || lines.length > 0) break;
  }
  return lines.join('\n');
}
