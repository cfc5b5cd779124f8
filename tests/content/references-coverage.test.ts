import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';
import { clauseAnchor, referenceAnchor } from '../../src/site/reference-anchor';

const ROOT = join(import.meta.dirname, '../..');
const CONTENT = join(ROOT, 'content');

function citedIn(pattern: RegExp, dirs: string[]): Set<string> {
  const cited = new Set<string>();
  for (const dir of dirs) {
    for (const file of readdirSync(dir, { recursive: true, encoding: 'utf8' })) {
      if (!/\.(mdx|ya?ml|ts)$/.test(file) || file.endsWith('references.yaml') || file.endsWith('.test.ts'))
        continue;
      for (const match of readFileSync(join(dir, file), 'utf8').matchAll(pattern)) cited.add(match[0]);
    }
  }
  return cited;
}

const references = parse(readFileSync(join(CONTENT, 'references.yaml'), 'utf8')) as {
  standards: { id: string }[];
  guides: { id: string }[];
  vulnerabilities: { id: string }[];
};
const glossary = parse(readFileSync(join(CONTENT, 'glossary.yaml'), 'utf8')) as {
  terms: { term: string; lesson: string }[];
};
const sources = [CONTENT, join(ROOT, 'src/elements/token-inspector')];

describe('the references page', () => {
  it('lists every RFC the lessons, quizzes and inspector cite', () => {
    const listed = new Set(references.standards.map((s) => s.id));
    expect([...citedIn(/RFC \d{4}/g, sources)].filter((id) => !listed.has(id)).sort()).toEqual([]);
  });

  it('lists every CVE they cite', () => {
    const listed = new Set(references.vulnerabilities.map((v) => v.id));
    expect([...citedIn(/CVE-\d{4}-\d{4,}/g, sources)].filter((id) => !listed.has(id)).sort()).toEqual([]);
  });

  it('lists nothing twice', () => {
    const ids = [...references.standards, ...references.vulnerabilities].map((r) => r.id);
    expect(ids.length).toBe(new Set(ids).size);
  });
});

describe('the links from lab pages to the references page', () => {
  const anchors = new Set(
    [...references.standards, ...references.guides, ...references.vulnerabilities].map((r) =>
      referenceAnchor(r.id),
    ),
  );
  const labs = readdirSync(join(ROOT, 'labs'));

  it("lead to an entry for every spec in a lab's Grades line", () => {
    const specs = labs.flatMap((lab) => {
      const source = readFileSync(join(ROOT, 'labs', lab, 'lab.md'), 'utf8');
      return [...source.matchAll(/^\s+- spec: (.+)$/gm)].map((m) => m[1]!.replace(/^'|'$/g, ''));
    });
    expect(specs.length).toBeGreaterThan(labs.length);
    expect(specs.filter((spec) => !anchors.has(referenceAnchor(spec)))).toEqual([]);
  });

  it('lead to an entry for every clause a check or an attack enforces', () => {
    const files = [
      ...labs.map((lab) => join(ROOT, 'labs', lab, 'checks.test.ts')),
      ...readdirSync(join(ROOT, 'src/token-server'), { recursive: true, encoding: 'utf8' })
        .filter((file) => file.endsWith('.ts'))
        .map((file) => join(ROOT, 'src/token-server', file)),
    ];
    const clauses = files.flatMap((file) =>
      [...readFileSync(file, 'utf8').matchAll(/clauses: \[([^\]]*)\]/g)].flatMap((m) =>
        [...m[1]!.matchAll(/'([^']+)'/g)].map((c) => c[1]!),
      ),
    );
    expect(clauses.length).toBeGreaterThan(50);
    const linked = clauses.filter((clause) => clauseAnchor(clause) !== undefined);
    expect(linked.length).toBe(clauses.length);
    expect(linked.filter((clause) => !anchors.has(clauseAnchor(clause)!))).toEqual([]);
  });
});

describe('the glossary', () => {
  it('points every term at a lesson that exists', () => {
    const missing = glossary.terms.filter((t) => !existsSync(join(CONTENT, `${t.lesson}.mdx`)));
    expect(missing.map((t) => `${t.term} → ${t.lesson}`)).toEqual([]);
  });

  it('defines each term once', () => {
    const terms = glossary.terms.map((t) => t.term.toLowerCase());
    expect(terms.length).toBe(new Set(terms).size);
  });
});
