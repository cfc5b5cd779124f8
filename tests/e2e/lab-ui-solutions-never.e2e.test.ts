/**
 * With `solutions: { mode: 'never' }`, no reference solution or wrong answer (nor a source map of one) may be
 * anywhere in the build. This suite builds the site with that setting and greps every emitted file for the
 * lines of each lab's `solution.ts` and `wrong/*.ts` that appear in no file allowed to ship.
 */
import { spawn } from 'node:child_process';
import { readdirSync, readFileSync, rmSync, statSync } from 'node:fs';
import { join, relative, resolve } from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { listLabIds, loadLab } from '../../src/lab-format/load-lab';

const ROOT = resolve(import.meta.dirname, '../..');
const OUT = 'dist-e2e-solutions-never';
const outDir = resolve(ROOT, OUT);

function build(): Promise<string> {
  return new Promise((done, fail) => {
    const output: string[] = [];
    const child = spawn(
      'npx',
      ['astro', 'build', '--config', 'tests/e2e/lab-ui/astro.solutions-never.config.mjs'],
      {
        cwd: ROOT,
        env: { ...process.env, ASTRO_OUT_DIR: OUT, BASE_PATH: '/courses/jwt/' },
        stdio: ['ignore', 'pipe', 'pipe'],
      },
    );
    child.stdout.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.stderr.on('data', (chunk: Buffer) => output.push(chunk.toString()));
    child.on('error', fail);
    child.on('close', (code) =>
      code === 0
        ? done(output.join(''))
        : fail(new Error(`astro build failed (${code}):\n${output.join('').slice(-3000)}`)),
    );
  });
}

function* files(dir: string): Generator<string> {
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    if (statSync(path).isDirectory()) yield* files(path);
    else yield path;
  }
}

/**
 * Everything that may legitimately ship: lesson content, the site's sources, and each lab's statement,
 * hints, starter and checks. A line of a solution or wrong answer that
 * occurs nowhere in it (not even inside a longer line) is solution-only.
 */
function shippableText(labIds: string[]): string {
  const texts: string[] = [];
  for (const dir of ['content', 'src']) {
    for (const file of files(resolve(ROOT, dir))) texts.push(readFileSync(file, 'utf8'));
  }
  for (const id of labIds) {
    const lab = loadLab(id, resolve(ROOT, 'labs'));
    texts.push(lab.starter, lab.checks, lab.statement, ...lab.hints.map((h) => h.markdown));
  }
  return texts.join('\n');
}

function solutionOnlyLines(secret: string, shippable: string): string[] {
  return secret
    .split('\n')
    .map((line) => line.trim())
    .filter(
      (line) =>
        line.length >= 24 && !line.startsWith('//') && !line.startsWith('*') && !shippable.includes(line),
    );
}

const escapeHtml = (text: string) =>
  text
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');

/** Every needle is at least this long (solution-only lines are), so one window of it can be hashed. */
const WINDOW = 24;
const BASE = 257;
/** BASE ** WINDOW, modulo 2^32 as every hash here is. */
const BASE_POW = Array.from({ length: WINDOW }).reduce<number>((power) => Math.imul(power, BASE), 1);

function windowHash(text: string, start: number): number {
  let hash = 0;
  for (let i = start; i < start + WINDOW; i++) hash = (Math.imul(hash, BASE) + text.charCodeAt(i)) | 0;
  return hash;
}

/**
 * Which needles occur in which file, in one pass over each file (Rabin-Karp on the needles' first WINDOW
 * characters): searching each of thousands of lines through every file took longer than the test's minute.
 */
function findNeedles(needles: string[], haystacks: { file: string; text: string }[]): Map<string, string> {
  const byHash = new Map<number, string[]>();
  for (const needle of needles) {
    const hash = windowHash(needle, 0);
    const same = byHash.get(hash);
    if (same) same.push(needle);
    else byHash.set(hash, [needle]);
  }
  const found = new Map<string, string>();
  for (const { file, text } of haystacks) {
    if (text.length < WINDOW) continue;
    let hash = windowHash(text, 0);
    for (let i = 0; ; i++) {
      for (const needle of byHash.get(hash) ?? []) {
        if (!found.has(needle) && text.startsWith(needle, i)) found.set(needle, file);
      }
      if (i + WINDOW >= text.length) break;
      hash =
        (Math.imul(hash, BASE) - Math.imul(text.charCodeAt(i), BASE_POW) + text.charCodeAt(i + WINDOW)) | 0;
    }
  }
  return found;
}

beforeAll(async () => {
  await build();
});

afterAll(() => rmSync(outDir, { recursive: true, force: true }));

describe('a build with solutions never', () => {
  it('tells the lab islands that no solution is offered', () => {
    const html = [...files(outDir)].filter((f) => f.endsWith('.html')).map((f) => readFileSync(f, 'utf8'));
    const labPages = html.filter((page) => page.includes('aria-labelledby="lab-'));
    expect(labPages.length).toBeGreaterThan(0);
    for (const page of labPages)
      expect(page).toMatch(/solutionOffer&quot;:\[0,\{&quot;mode&quot;:\[0,&quot;never/);
  });

  it('ships no line of any reference solution or wrong answer', () => {
    const shipped = [...files(outDir)].map((file) => ({ file, text: readFileSync(file, 'latin1') }));
    const labIds = listLabIds(resolve(ROOT, 'labs'));
    const shippable = shippableText(labIds);
    const secrets: { id: string; line: string; forms: string[] }[] = [];
    for (const id of labIds) {
      const lab = loadLab(id, resolve(ROOT, 'labs'));
      for (const line of [lab.solution, ...lab.wrong.map((w) => w.code)].flatMap((t) =>
        solutionOnlyLines(t, shippable),
      )) {
        // As written in a script, or HTML-escaped inside an island's props attribute.
        secrets.push({ id, line, forms: [line, escapeHtml(line)] });
      }
    }
    const checked = secrets.length;
    const found = findNeedles(
      secrets.flatMap((secret) => secret.forms),
      shipped,
    );
    const leaks = secrets.flatMap(({ id, line, forms }) => {
      const file = forms.map((form) => found.get(form)).find((hit) => hit !== undefined);
      return file === undefined ? [] : [`${id}: "${line}" in ${relative(outDir, file)}`];
    });
    // Guards the guard: if nothing were solution-only, this test would prove nothing.
    expect(checked).toBeGreaterThan(20);
    expect(leaks).toEqual([]);
  });
});
