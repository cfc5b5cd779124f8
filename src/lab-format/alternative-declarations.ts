import { LabError } from './lab-error.ts';

/**
 * The freedom an alternative solution exercises: the `@freedom <what it does differently>` line in the comment
 * at the top of `alternatives/<name>.ts` (ARCHITECTURE.md, "Lab folder"). An alternative is a correct answer
 * written differently; naming the freedom says which choice the checks must leave to the learner.
 */
export function parseFreedomDeclaration(source: string, file: string): string {
  const header = /^\s*\/\*([\s\S]*?)\*\//.exec(source)?.[1] ?? leadingLineComments(source);
  for (const raw of header.split(/\r?\n/)) {
    const line = raw.replace(/^\s*(\*|\/\/)?\s?/, '');
    const match = /^@freedom\s+(.+?)\s*$/.exec(line);
    if (match?.[1]) return match[1];
  }
  throw new LabError(
    'ERR_LAB_ALTERNATIVE_UNDECLARED',
    file,
    'an alternative solution needs a "@freedom <what it does differently>" line in its header comment',
    '@freedom',
  );
}

function leadingLineComments(source: string): string {
  const lines: string[] = [];
  for (const line of source.split(/\r?\n/)) {
    if (/^\s*\/\//.test(line)) lines.push(line);
    else if (line.trim() !== '' || lines.length > 0) break;
  }
  return lines.join('\n');
}
