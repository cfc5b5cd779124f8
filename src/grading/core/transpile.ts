import { transform } from 'sucrase';

/** Where a file failed to parse, on the author's own lines (sucrase keeps lines 1:1). */
export interface CompileError {
  message: string;
  file: string;
  line: number;
  column: number;
}

export type TranspileResult = { ok: true; code: string } | { ok: false; error: CompileError };

interface SucraseSyntaxError extends Error {
  loc?: { line: number; column: number };
}

/** How many recent results `transpile` keeps: a lab's checks, the rehearsal's, and a submission or two. */
const RECENT_RESULTS = 4;
const recent = new Map<string, TranspileResult>();

/**
 * Strips types and turns ES imports into `require` calls. Sucrase is used because it is the only
 * transpiler measured to keep output lines identical to input lines, so stack traces from
 * `lab:///<file>` point at the learner's real TypeScript lines without source maps.
 *
 * The output depends only on the source and the file name, so the last few results are kept (frozen): a worker
 * that grades run after run prepares a session for each, and transpiling a lab's checks again took about 15 ms.
 */
export function transpile(source: string, file: string): TranspileResult {
  const key = `${file}\0${source}`;
  const known = recent.get(key);
  if (known) return known;
  const result = transpileOnce(source, file);
  if (!result.ok) Object.freeze(result.error);
  recent.set(key, Object.freeze(result));
  if (recent.size > RECENT_RESULTS) recent.delete(recent.keys().next().value as string);
  return result;
}

function transpileOnce(source: string, file: string): TranspileResult {
  try {
    const { code } = transform(source, {
      transforms: ['typescript', 'imports'],
      filePath: file,
      disableESTransforms: true,
      production: true,
    });
    return { ok: true, code };
  } catch (thrown) {
    const error = thrown as SucraseSyntaxError;
    const loc = error.loc ?? { line: 0, column: 0 };
    // Sucrase wraps the parser message in "Error transforming <file>: … (line:column)"; the location is
    // reported in its own fields (sucrase's line and column are both 1-based).
    const message = String(error.message ?? thrown)
      .replace(/^Error transforming [^:]*: /, '')
      .replace(/\s*\(\d+:\d+\)\s*$/, '');
    return {
      ok: false,
      error: { message, file, line: loc.line, column: loc.column },
    };
  }
}

/** `file:line:col message`, the form the results panel and `npm run grade` print. */
export function formatCompileError(error: CompileError): string {
  return `${error.file}:${error.line}:${error.column} ${error.message}`;
}
