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

beforeAll(async () => {
  await build();
}, 600_000);

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
    const leaks: string[] = [];
    let checked = 0;
    for (const id of labIds) {
      const lab = loadLab(id, resolve(ROOT, 'labs'));
      for (const line of [lab.solution, ...lab.wrong.map((w) => w.code)].flatMap((t) =>
        solutionOnlyLines(t, shippable),
      )) {
        checked += 1;
        // As written in a script, or HTML-escaped inside an island's props attribute.
        const forms = [line, escapeHtml(line)];
        const hit = shipped.find(({ text }) => forms.some((form) => text.includes(form)));
        if (hit) leaks.push(`${id}: "${line}" in ${relative(outDir, hit.file)}`);
      }
    }
    // Guards the guard: if nothing were solution-only, this test would prove nothing.
    expect(checked).toBeGreaterThan(20);
    expect(leaks).toEqual([]);
  });
});
