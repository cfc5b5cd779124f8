import { mkdirSync, readFileSync, rmSync } from 'node:fs';
import { join, resolve } from 'node:path';
import { build } from 'esbuild';

const ROOT = resolve(import.meta.dirname, '../../..');

export interface GraderBundle {
  dir: string;
  host: string;
  thread: string;
}

let pending: Promise<GraderBundle> | undefined;

/**
 * Bundles the grading host and thread (with jose, @vitest/expect, sucrase, ses and `@lab/server`) into two
 * plain `.mjs` files, so the sandboxed child needs read access to one folder and no TypeScript loader
 * (tsx would spawn esbuild, which the permission model forbids). Built once per process, in a folder of
 * its own so parallel graders never overwrite each other's files.
 */
export function ensureGraderBundle(): Promise<GraderBundle> {
  pending ??= (async () => {
    const dir = join(ROOT, '.lab-runs', '.grader', String(process.pid));
    mkdirSync(dir, { recursive: true });
    process.once('exit', () => rmSync(dir, { recursive: true, force: true }));
    await build({
      entryPoints: {
        'grade-host': join(ROOT, 'src/grading/node/grade-host.ts'),
        'grade-thread': join(ROOT, 'src/grading/node/grade-thread.ts'),
      },
      outdir: dir,
      outExtension: { '.js': '.mjs' },
      bundle: true,
      splitting: true,
      format: 'esm',
      platform: 'node',
      target: 'node22',
      logLevel: 'error',
      // Smaller code compiles faster in every fresh worker thread; names are kept because jose's error
      // classes print them ("JWTExpired: …") in verdict messages, which must match the browser's and vitest's.
      minify: true,
      keepNames: true,
      // `@lab/server` keeps its own tsconfig path; everything else resolves from node_modules.
      alias: { '@lab/server': join(ROOT, 'src/check-api/index.ts') },
      // Vite's `?raw` (the rehearsal lab's files, src/grading/core/rehearsal.ts): the file's text.
      plugins: [
        {
          name: 'raw-text',
          setup(bundle) {
            bundle.onResolve({ filter: /\?raw$/ }, (args) => ({
              path: resolve(args.resolveDir, args.path.slice(0, -'?raw'.length)),
              namespace: 'raw-text',
            }));
            bundle.onLoad({ filter: /.*/, namespace: 'raw-text' }, (args) => ({
              contents: readFileSync(args.path, 'utf8'),
              loader: 'text',
            }));
          },
        },
      ],
      banner: {
        js: "import { createRequire as __labCreateRequire } from 'node:module'; const require = __labCreateRequire(import.meta.url);",
      },
    });
    return {
      dir,
      host: join(dir, 'grade-host.mjs'),
      thread: join(dir, 'grade-thread.mjs'),
    };
  })();
  return pending;
}
