import { relative, resolve } from 'node:path';
import ts from 'typescript';

/** One generated declaration file, named by its path from the repository root (`/src/…d.ts`). */
export interface DeclarationFile {
  path: string;
  content: string;
}

// Astro builds (and vitest runs) from the project root; this file's own URL moves once Astro bundles it.
const REPO_ROOT = process.cwd();
const LAB_SERVER_ENTRY = resolve(REPO_ROOT, 'src/check-api/index.ts');

/**
 * Declarations of `@lab/server` and everything it re-exports, for IntelliSense in the lab editor. Generated
 * with the TypeScript compiler API at build time, so they always match the simulation the checks run.
 */
export function emitLabServerDeclarations(entry = LAB_SERVER_ENTRY, root = REPO_ROOT): DeclarationFile[] {
  const files: DeclarationFile[] = [];
  const program = ts.createProgram([entry], {
    declaration: true,
    emitDeclarationOnly: true,
    target: ts.ScriptTarget.ESNext,
    module: ts.ModuleKind.ESNext,
    moduleResolution: ts.ModuleResolutionKind.Bundler,
    allowImportingTsExtensions: true,
    skipLibCheck: true,
    strict: true,
    types: [],
    lib: ['lib.es2023.d.ts', 'lib.dom.d.ts'],
  });
  const result = program.emit(undefined, (name, text) => {
    files.push({ path: `/${relative(root, name).split('\\').join('/')}`, content: text });
  });
  if (result.emitSkipped || !files.some((f) => f.path === '/src/check-api/index.d.ts')) {
    const reason = ts.flattenDiagnosticMessageText(result.diagnostics[0]?.messageText ?? 'no output', '\n');
    throw new Error(`${relative(root, entry)}: could not generate @lab/server declarations: ${reason}`);
  }
  return files;
}

let cached: DeclarationFile[] | undefined;

/** Generated once per build and shared by every lab page. */
export function labServerDeclarations(): DeclarationFile[] {
  return (cached ??= emitLabServerDeclarations());
}

/** JSON safe inside a `<script type="application/json">` element. */
export function declarationsScriptText(files: DeclarationFile[]): string {
  return JSON.stringify(files).replace(/</g, '\\u003c');
}
