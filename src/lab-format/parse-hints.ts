import { LabError } from './lab-error.ts';

/** One `## Hint` section of lab.md, shown one at a time in order. */
export interface LabHint {
  /** Full check names the hint is about (its `For:` line); empty when it is general. */
  checks: string[];
  /** Markdown body of the hint, without the `For:` line. */
  markdown: string;
}

export interface LabBody {
  /** Markdown before the first hint: the task statement. */
  intro: string;
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
    return { checks, markdown };
  });
  return { intro: intro.join('\n').trim(), hints };
}
