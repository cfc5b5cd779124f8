import { existsSync, readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { parse } from 'yaml';

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
