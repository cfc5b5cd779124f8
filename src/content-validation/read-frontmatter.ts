import { parse, YAMLParseError } from 'yaml';

const FRONTMATTER = /^---\r?\n([\s\S]*?)\r?\n---[ \t]*(?:\r?\n|$)/;

export type FrontmatterResult =
  | { kind: 'ok'; data: unknown; body: string; bodyLine: number }
  | { kind: 'missing' }
  | { kind: 'invalid-yaml'; message: string; line: number | undefined };

/** Splits a Markdown/MDX file into its YAML frontmatter and body (with the body's first line number). */
export function readFrontmatter(source: string): FrontmatterResult {
  const match = FRONTMATTER.exec(source);
  if (!match) return { kind: 'missing' };
  try {
    const data: unknown = parse(match[1] ?? '') ?? {};
    return { kind: 'ok', data, body: source.slice(match[0].length), bodyLine: match[0].split('\n').length };
  } catch (error) {
    if (!(error instanceof YAMLParseError)) throw error;
    // +1: the YAML starts on the line after the opening `---`.
    const line = error.linePos?.[0]?.line;
    return { kind: 'invalid-yaml', message: error.message.split('\n')[0] ?? '', line: line && line + 1 };
  }
}
