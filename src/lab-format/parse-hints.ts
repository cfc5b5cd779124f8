import { LabError } from './lab-error.ts';

/** One hint, shown one at a time. */
export interface LabHint {
  /** Unique within the lab: what the page keys the rendered hint by. */
  id: string;
  /** Full check names the hint is about; empty when it is general. */
  for: string[];
  /** Markdown body of the hint. */
  markdown: string;
  /** The file the hint is written in. */
  file: string;
}

export interface LabBody {
  /** Markdown before the first hint: the task statement. */
  statement: string;
  hints: LabHint[];
}

const HINT_HEADING = /^##\s+Hint\s*$/;
const FOR_LINE = /^For:\s*(.*)$/;

/** Splits a lab.md body into its introduction and `## Hint` sections (ARCHITECTURE.md, "Lab folder"). */
export function parseLabBody(body: string, file: string): LabBody {
  const lines = body.split(/\r?\n/);
  const intro: string[] = [];
  const sections: string[][] = [];
  let inFence = false;
  for (const line of lines) {
    if (/^\s*(```|~~~)/.test(line)) inFence = !inFence;
    if (!inFence && HINT_HEADING.test(line)) {
      sections.push([]);
      continue;
    }
    if (!inFence && /^##\s/.test(line) && sections.length > 0) {
      throw new LabError(
        'ERR_LAB_HINT_INVALID',
        file,
        `only "## Hint" sections may follow the first hint, found "${line.trim()}"`,
        'hints',
      );
    }
    (sections.at(-1) ?? intro).push(line);
  }
  const hints = sections.map((section, index): LabHint => {
    const firstIndex = section.findIndex((line) => line.trim() !== '');
    const first = firstIndex >= 0 ? (section[firstIndex] ?? '') : '';
    const match = FOR_LINE.exec(first.trim());
    let checks: string[] = [];
    let rest = section;
    if (match) {
      checks = (match[1] ?? '').split(' | ').map((name) => name.trim());
      if (checks.some((name) => name === '')) {
        throw new LabError(
          'ERR_LAB_HINT_INVALID',
          file,
          `hint ${index + 1} has an empty check name in its For: line`,
          `hints[${index}]`,
        );
      }
      rest = section.slice(firstIndex + 1);
    }
    const markdown = rest.join('\n').trim();
    if (markdown === '')
      throw new LabError('ERR_LAB_HINT_INVALID', file, `hint ${index + 1} is empty`, `hints[${index}]`);
    return { id: `hint-${index + 1}`, for: checks, markdown, file };
  });
  return { statement: intro.join('\n').trim(), hints };
}
