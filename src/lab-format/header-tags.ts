/**
 * The values of one `@tag <value>` in the comment at the top of a lab file (a block comment, or the run of
 * `//` lines before the first code): how wrong answers declare `@fails` and alternatives `@freedom`.
 */
export function headerTagValues(source: string, tag: string): string[] {
  const header = /^\s*\/\*([\s\S]*?)\*\//.exec(source)?.[1] ?? leadingLineComments(source);
  const pattern = new RegExp(`^@${tag}\\s+(.+?)\\s*$`);
  return header
    .split(/\r?\n/)
    .map((raw) => pattern.exec(raw.replace(/^\s*(\*|\/\/)?\s?/, ''))?.[1])
    .filter((value): value is string => value !== undefined);
}

function leadingLineComments(source: string): string {
  const lines: string[] = [];
  for (const line of source.split(/\r?\n/)) {
    if (/^\s*\/\//.test(line)) lines.push(line);
    else if (line.trim() !== '' || lines.length > 0) break;
  }
  return lines.join('\n');
}
