import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readFrontmatter } from '../content-validation/read-frontmatter';
import { LabHintSchema } from '../schemas/lab-hint';
import { LabError } from './lab-error';
import { mdxProblems } from './markdown-only';
import { schemaIssues } from '../schemas/schema-issues';

/** One hint of a lab, shown one at a time: `hints/NN-<id>.md`. */
export interface LabHint {
  /** Unique within the lab: what the page keys the rendered hint by. */
  id: string;
  /** Full check names the hint is about; empty when it is general. */
  for: string[];
  /** The hint's Markdown (the file without its frontmatter). */
  markdown: string;
  /** The hint file, as errors show it. */
  file: string;
}

/** `01-pass-the-audience.md`: the number orders the hints, the rest is the hint's id. */
const HINT_FILE = /^(\d{2})-([a-z0-9]+(?:-[a-z0-9]+)*)\.md$/;

/**
 * Reads a lab's `hints/` folder in file-name order (ARCHITECTURE.md, "Lab folder"). Problems are added
 * to `problems`, each naming the hint file and its field or line.
 */
export function readHints(
  hintsDir: string,
  shown: (path: string) => string,
  problems: LabError[],
): LabHint[] {
  if (!existsSync(hintsDir)) return [];
  const hints: LabHint[] = [];
  for (const name of readdirSync(hintsDir).sort()) {
    const file = shown(join(hintsDir, name));
    const match = HINT_FILE.exec(name);
    if (!match) {
      problems.push(
        new LabError(
          'ERR_LAB_HINT_INVALID',
          file,
          'a hint file is named NN-<kebab-case-id>.md, e.g. 01-check-the-audience.md',
        ),
      );
      continue;
    }
    const id = match[2] ?? '';
    if (hints.some((hint) => hint.id === id)) {
      problems.push(
        new LabError('ERR_LAB_HINT_INVALID', file, `another hint of this lab already has the id "${id}"`),
      );
      continue;
    }
    const source = readFileSync(join(hintsDir, name), 'utf8');
    const hint = parseHint(source, file, id, problems);
    if (hint) hints.push(hint);
  }
  return hints;
}

function parseHint(source: string, file: string, id: string, problems: LabError[]): LabHint | undefined {
  const before = problems.length;
  const frontmatter = source.startsWith('---')
    ? readFrontmatter(source)
    : ({ kind: 'ok', data: {}, body: source, bodyLine: 1 } as const);
  if (frontmatter.kind !== 'ok') {
    const detail =
      frontmatter.kind === 'missing' ? 'the frontmatter block is not closed by "---"' : frontmatter.message;
    problems.push(
      new LabError(
        'ERR_LAB_HINT_INVALID',
        file,
        detail,
        '(frontmatter)',
        frontmatter.kind === 'invalid-yaml' ? frontmatter.line : 1,
      ),
    );
    return undefined;
  }
  const parsed = LabHintSchema.safeParse(frontmatter.data);
  if (!parsed.success) {
    for (const issue of schemaIssues(parsed.error, '(frontmatter)')) {
      problems.push(new LabError('ERR_LAB_HINT_INVALID', file, issue.message, issue.field));
    }
  }
  const markdown = frontmatter.body.trim();
  if (markdown === '') problems.push(new LabError('ERR_LAB_HINT_INVALID', file, 'the hint has no text'));
  problems.push(...mdxProblems(source, file));
  if (problems.length > before || !parsed.success) return undefined;
  return { id, for: parsed.data.for ?? [], markdown, file };
}
