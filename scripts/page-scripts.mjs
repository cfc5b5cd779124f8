// What a built page loads: its scripts and module preloads, followed through their imports, by kind. Used by
// the size budgets (.size-limit.mjs) and the bench's page weight, so both classify files the same way.
import { existsSync, readdirSync, readFileSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { gzipSync } from 'node:zlib';

/** Monaco's own chunks and workers (the editor core, its TypeScript service and the editor worker). */
export const MONACO_FILE =
  /monaco|editor\.(main|api|worker)|ts\.worker|tsMode|typescript|editor\.all|register\.all/i;

/** The grading worker, warmed in the background before the first Run. */
export const WORKER_FILE = /lab\.worker/;

/** A lesson page: `<NN-module>/<NN-lesson>/index.html`. */
const LESSON_PAGE = /^\d\d-[^/]+\/\d\d-[^/]+\/index\.html$/;

/** gzip (level 9, as size-limit measures) of one built file. */
export function gzipBytes(file) {
  return gzipSync(readFileSync(file), { level: 9 }).length;
}

/** Every `index.html` under `distDir`, as paths relative to it. */
function htmlPages(distDir) {
  return readdirSync(distDir, { recursive: true })
    .map(String)
    .filter((path) => path.endsWith('index.html') && !path.startsWith('pagefind'));
}

/** A `/<base>/_astro/x.js` URL as the built file it names. */
function builtFile(distDir, url) {
  return join(distDir, url.slice(url.indexOf('_astro/')));
}

/**
 * `files` and every chunk they import statically (`import … from "./x.js"`, `export … from`), and with
 * `dynamic` also through `import("./x.js")`: minified ES output names its chunks as relative literals.
 */
export function importClosure(files, { dynamic = false } = {}) {
  const seen = new Set();
  const todo = [...files];
  while (todo.length > 0) {
    const file = todo.pop();
    if (seen.has(file)) continue;
    seen.add(file);
    const code = readFileSync(file, 'utf8');
    const statics = code.matchAll(
      /(?:import|export)\s*(?:[\w$*{},\s]*?from\s*)?["'`](\.\/[^"'`/]+\.m?js)["'`]/g,
    );
    for (const [, path] of statics) todo.push(join(dirname(file), path));
    if (dynamic)
      for (const [, path] of code.matchAll(/import\(\s*["'`](\.\/[^"'`/]+\.m?js)["'`]\s*\)/g))
        todo.push(join(dirname(file), path));
  }
  return [...seen];
}

/**
 * What `page` loads before any interaction: external scripts and module preloads and their static imports
 * (`eager`), and the lab islands' component and renderer scripts with everything they import (`islands`).
 */
export function pageScripts(distDir, page) {
  const html = readFileSync(join(distDir, page), 'utf8');
  const urls = [
    ...html.matchAll(/<script\b[^>]*\ssrc="([^"]+)"/g),
    ...html.matchAll(/<link\b[^>]*rel="modulepreload"[^>]*href="([^"]+)"/g),
  ].map(([, url]) => builtFile(distDir, url));
  const islandUrls = [...html.matchAll(/<astro-island\b[^>]*>/g)].flatMap(([tag]) =>
    [...tag.matchAll(/\s(?:component|renderer)-url="([^"]+)"/g)].map(([, url]) => builtFile(distDir, url)),
  );
  return { eager: importClosure(urls), islands: importClosure(islandUrls, { dynamic: true }) };
}

function heaviest(distDir, pages, filesOf) {
  let best = { page: '', files: [], gzip: -1 };
  for (const page of pages) {
    const files = [...new Set(filesOf(page))];
    const gzip = files.reduce((total, file) => total + gzipBytes(file), 0);
    if (gzip > best.gzip) best = { page, files, gzip };
  }
  return best;
}

const label = (distDir, files) =>
  files
    .map((file) => ({ file, gzip: gzipBytes(file) }))
    .sort((a, b) => b.gzip - a.gzip)
    .map(({ file, gzip }) => `${relative(distDir, file)} ${(gzip / 1024).toFixed(2)} KiB`)
    .join(', ');

/**
 * The four budgets as size-limit checks over a built site: each names the page and every file with its gzip
 * size, so a failing budget says which file to shrink.
 */
export function budgetChecks(distDir) {
  if (!existsSync(join(distDir, 'index.html')))
    throw new Error(
      `${distDir} has no built site: run npm run test:e2e (builds dist-e2e) or npm run build first`,
    );
  const pages = htmlPages(distDir);
  const lessons = pages.filter((page) => LESSON_PAGE.test(page));
  const labs = lessons.filter((page) => pageScripts(distDir, page).islands.length > 0);
  const lesson = heaviest(distDir, lessons, (page) => pageScripts(distDir, page).eager);
  const lab = heaviest(distDir, labs, (page) => {
    const { eager, islands } = pageScripts(distDir, page);
    return [...eager, ...islands].filter((file) => !MONACO_FILE.test(file) && !WORKER_FILE.test(file));
  });
  const built = readdirSync(join(distDir, '_astro')).map((name) => join(distDir, '_astro', name));
  const worker = importClosure(built.filter((file) => WORKER_FILE.test(file) && file.endsWith('.js')));
  const monaco = built.filter((file) => MONACO_FILE.test(file) && /\.m?js$/.test(file));
  if (lessons.length === 0 || labs.length === 0 || worker.length === 0 || monaco.length === 0)
    throw new Error(`${distDir}: found no lesson page, lab page, grading worker or Monaco chunk to weigh`);
  const check = (name, files, limit) => ({ name, path: files, limit, gzip: true });
  return [
    check(
      `heaviest lesson page before interaction (${lesson.page}): ${label(distDir, lesson.files)}`,
      lesson.files,
      // 3 kB read as 3000 bytes, not 3 KiB (3072): the budget a lesson page's scripts are shaped around.
      '3000 B',
    ),
    check(
      `heaviest lab page before Monaco (${lab.page}): ${label(distDir, lab.files)}`,
      lab.files,
      '112 KiB',
    ),
    check(`grading worker: ${label(distDir, worker)}`, worker, '240 KiB'),
    check(`Monaco and its workers: ${label(distDir, monaco)}`, monaco, '2.7 MiB'),
  ];
}
