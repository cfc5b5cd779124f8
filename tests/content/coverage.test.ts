import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';
import { parseFailsDeclarations } from '../../src/lab-format/wrong-declarations';

/**
 * `docs/coverage.md` is the promise the course makes: which lab check grades each RFC 8725 §3 recommendation
 * and each grading-checklist item. This suite keeps the promise honest: every named check exists, and a
 * wrong answer in the same lab is declared to fail it, so the check is known to catch a real mistake.
 */
const ROOT = join(import.meta.dirname, '../..');
const COVERAGE = join(ROOT, 'docs/coverage.md');
const RFC_8725_ITEMS = Array.from({ length: 12 }, (_, i) => `RFC 8725 §3.${i + 1}`);
const CHECKLIST_ITEMS = Array.from({ length: 40 }, (_, i) => `#${i + 1}`);
const MIN_REASON_LENGTH = 30;

interface Row {
  item: string;
  entries: string[];
  line: number;
}

type Entry =
  | { kind: 'graded'; lab: string; check: string }
  | { kind: 'taught'; reason: string }
  | { kind: 'unmapped' }
  | { kind: 'invalid'; text: string };

function parseRows(markdown: string): Row[] {
  const rows: Row[] = [];
  markdown.split('\n').forEach((text, index) => {
    const cells = /^\|(.*)\|\s*$/
      .exec(text)?.[1]
      ?.split('|')
      .map((cell) => cell.trim());
    if (!cells || cells.length !== 3 || cells[0] === 'Item' || /^-+$/.test(cells[0] ?? '')) return;
    const [item = '', , coverage = ''] = cells;
    rows.push({ item, entries: coverage.split('<br>').map((e) => e.trim()), line: index + 1 });
  });
  return rows;
}

function parseEntry(text: string): Entry {
  const graded = /^graded by ([a-z0-9-]+): (.+)$/.exec(text);
  if (graded) return { kind: 'graded', lab: graded[1] ?? '', check: graded[2] ?? '' };
  const taught = /^taught, not graded: (.+)$/.exec(text);
  if (taught) return { kind: 'taught', reason: taught[1] ?? '' };
  if (text === 'unmapped') return { kind: 'unmapped' };
  return { kind: 'invalid', text };
}

/** Full check names (describe path + test name joined by " > ") read from the checks file's syntax tree. */
function checkNames(file: string): Set<string> {
  const source = ts.createSourceFile(file, readFileSync(file, 'utf8'), ts.ScriptTarget.Latest, true);
  const names = new Set<string>();
  const visit = (node: ts.Node, path: string[]): void => {
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
      const callee = node.expression.text;
      const [first, body] = node.arguments;
      const title = first && ts.isStringLiteralLike(first) ? first.text : undefined;
      if (title !== undefined && (callee === 'it' || callee === 'test'))
        names.add([...path, title].join(' > '));
      if (title !== undefined && callee === 'describe' && body) {
        visit(body, [...path, title]);
        return;
      }
    }
    ts.forEachChild(node, (child) => visit(child, path));
  };
  visit(source, []);
  return names;
}

/** Check names some wrong answer of the lab declares it fails. */
function declaredFailures(lab: string): Set<string> {
  const dir = join(ROOT, 'labs', lab, 'wrong');
  if (!existsSync(dir)) return new Set();
  return new Set(
    readdirSync(dir)
      .filter((name) => name.endsWith('.ts'))
      .flatMap((name) => parseFailsDeclarations(readFileSync(join(dir, name), 'utf8'), join(dir, name))),
  );
}

const rows = parseRows(readFileSync(COVERAGE, 'utf8'));
const checksOf = new Map<string, Set<string>>();
const failuresOf = new Map<string, Set<string>>();

function problemsOf(row: Row): string[] {
  const where = `docs/coverage.md:${row.line} ${row.item}`;
  return row.entries.flatMap((text): string[] => {
    const entry = parseEntry(text);
    switch (entry.kind) {
      case 'unmapped':
        return [`${where}: unmapped`];
      case 'invalid':
        return [
          `${where}: "${entry.text}" is neither "graded by <lab-id>: <check>" nor "taught, not graded: <reason>"`,
        ];
      case 'taught':
        return entry.reason.length >= MIN_REASON_LENGTH
          ? []
          : [`${where}: the reason "${entry.reason}" is too short`];
      case 'graded': {
        const checksFile = join(ROOT, 'labs', entry.lab, 'checks.test.ts');
        if (!existsSync(checksFile)) return [`${where}: lab ${entry.lab} has no checks.test.ts`];
        if (!checksOf.has(entry.lab)) checksOf.set(entry.lab, checkNames(checksFile));
        if (!failuresOf.has(entry.lab)) failuresOf.set(entry.lab, declaredFailures(entry.lab));
        if (!checksOf.get(entry.lab)?.has(entry.check))
          return [`${where}: ${entry.lab} has no check "${entry.check}"`];
        if (!failuresOf.get(entry.lab)?.has(entry.check)) {
          return [`${where}: no wrong answer in ${entry.lab} declares @fails "${entry.check}"`];
        }
        return [];
      }
    }
  });
}

describe('docs/coverage.md', () => {
  it('has one row for every RFC 8725 §3 recommendation and every grading-checklist item', () => {
    expect(rows.map((row) => row.item)).toEqual([...RFC_8725_ITEMS, ...CHECKLIST_ITEMS]);
  });

  it('maps rows only to existing checks that a wrong answer fails, or to a reason', () => {
    const problems = rows.flatMap(problemsOf);
    const entries = rows.flatMap((row) => row.entries.map(parseEntry));
    const graded = entries.filter((entry) => entry.kind === 'graded');
    const distinct = new Set(graded.map((entry) => `${entry.lab}: ${entry.check}`));
    const rowsGraded = rows.filter((row) =>
      row.entries.some((text) => parseEntry(text).kind === 'graded'),
    ).length;
    const rowsTaught = rows.filter((row) =>
      row.entries.every((text) => parseEntry(text).kind === 'taught'),
    ).length;
    const rowsUnmapped = rows.filter((row) =>
      row.entries.some((text) => parseEntry(text).kind === 'unmapped'),
    ).length;
    console.info(
      `coverage: ${rows.length} rows; ${rowsGraded} graded by ${distinct.size} distinct checks in ` +
        `${new Set(graded.map((entry) => entry.lab)).size} labs; ${rowsTaught} taught, not graded; ` +
        `${rowsUnmapped} unmapped`,
    );
    expect(problems.filter((problem) => !problem.includes(': unmapped'))).toEqual([]);
  });

  it('leaves no row unmapped', () => {
    expect(rows.flatMap(problemsOf).filter((problem) => problem.includes(': unmapped'))).toEqual([]);
  });
});
