import { lintLearnerValues } from './lint-learner-values';
import { SUPPORTED_VI_MEMBERS, SUPPORTED_VITEST_EXPORTS } from '../grading/core/mini-vitest/vitest-module';

/** Modules a checks file may import (ARCHITECTURE.md, "Lab folder"). */
const CHECKS_IMPORTS = ['vitest', '@lab/server', '@lab/submission', 'jose'] as const;

const FORBIDDEN_PATTERNS: [RegExp, string][] = [
  [
    /\b(?:describe|it|test)\.(only|skip|todo|each|concurrent|sequential|fails|runIf|skipIf|for|extend)\b/g,
    'modifier',
  ],
  [
    /\.(toMatchSnapshot|toMatchInlineSnapshot|toThrowErrorMatchingSnapshot|toThrowErrorMatchingInlineSnapshot|toMatchFileSnapshot)\b/g,
    'snapshot matcher',
  ],
  [/\bexpect\.(poll|soft|addSnapshotSerializer)\b/g, 'expect API'],
];

/**
 * Names every vitest API a checks file uses that the browser runner does not provide, so a check can
 * never pass under real vitest and behave differently in the learner's browser. Returns problems as
 * `<file>:<line>: <what>`; an empty list means the file is fine.
 */
export function lintChecksSource(
  source: string,
  file: string,
  /** Export names of builtin modules, to name an import that does not exist (e.g. `@lab/server`). */
  available: Readonly<Record<string, readonly string[]>> = {},
): string[] {
  const problems: string[] = [];
  const lineOf = (index: number) => source.slice(0, index).split('\n').length;
  for (const match of source.matchAll(/\bimport\s+(type\s+)?([\s\S]*?)\s+from\s+['"]([^'"]+)['"]/g)) {
    const spec = match[3] ?? '';
    if (!(CHECKS_IMPORTS as readonly string[]).includes(spec)) {
      problems.push(
        `${file}:${lineOf(match.index)}: imports '${spec}'; checks import only ${CHECKS_IMPORTS.join(', ')}`,
      );
    }
    const exported = available[spec];
    if (exported && !match[1]) {
      for (const name of importedNames(match[2] ?? '')) {
        if (!exported.includes(name))
          problems.push(`${file}:${lineOf(match.index)}: '${spec}' has no export named '${name}'`);
      }
    }
    if (spec === 'vitest' && !match[1]) {
      const names = /\{([\s\S]*)\}/.exec(match[2] ?? '')?.[1] ?? '';
      for (const raw of names.split(',')) {
        const name =
          raw
            .trim()
            .replace(/^type\s+/, '')
            .split(/\s+as\s+/)[0]
            ?.trim() ?? '';
        if (name === '' || raw.trim().startsWith('type ')) continue;
        if (!(SUPPORTED_VITEST_EXPORTS as readonly string[]).includes(name)) {
          problems.push(
            `${file}:${lineOf(match.index)}: vitest export '${name}' is not supported by the lab runner`,
          );
        }
      }
    }
  }
  for (const match of source.matchAll(/\bvi\.(\w+)/g)) {
    if (!(SUPPORTED_VI_MEMBERS as readonly string[]).includes(match[1] ?? '')) {
      problems.push(`${file}:${lineOf(match.index)}: vi.${match[1]} is not supported by the lab runner`);
    }
  }
  for (const [pattern, kind] of FORBIDDEN_PATTERNS) {
    for (const match of source.matchAll(pattern)) {
      problems.push(
        `${file}:${lineOf(match.index)}: ${kind} '${match[0].replace(/^\./, '')}' is not supported by the lab runner`,
      );
    }
  }
  problems.push(...lintLearnerValues(source, file));
  return problems;
}

/** Value (not type-only) names in `{ a, b as c, type D }`. */
function importedNames(clause: string): string[] {
  const names = /\{([\s\S]*)\}/.exec(clause)?.[1] ?? '';
  return names
    .split(',')
    .map((raw) => raw.trim())
    .filter((raw) => raw !== '' && !raw.startsWith('type '))
    .map((raw) => raw.split(/\s+as\s+/)[0]?.trim() ?? '');
}
