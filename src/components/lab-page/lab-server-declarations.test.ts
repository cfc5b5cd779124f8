import { describe, expect, it } from 'vitest';
import {
  declarationsScriptText,
  emitLabServerDeclarations,
  withoutExamples,
} from './lab-server-declarations';

// One emit (several seconds: it type-checks the whole simulation) shared by every test here.
const files = emitLabServerDeclarations();

describe('emitLabServerDeclarations', () => {
  it('declares the @lab/server entry with the exports checks use', () => {
    const index = files.find((f) => f.path === '/src/check-api/index.d.ts');
    expect(index?.content).toContain('createTokenServer');
    expect(index?.content).toContain('labClock');
  });

  it('includes the declarations the entry re-exports, and no implementation', () => {
    expect(files.some((f) => f.path.startsWith('/src/token-server/'))).toBe(true);
    expect(files.every((f) => f.path.endsWith('.d.ts'))).toBe(true);
  });
});

describe('declarationsScriptText', () => {
  it('cannot close the script element it is embedded in', () => {
    const text = declarationsScriptText([{ path: '/x.d.ts', content: '</script><script>alert(1)</script>' }]);
    expect(text).not.toContain('</script');
    expect(JSON.parse(text)).toEqual([{ path: '/x.d.ts', content: '</script><script>alert(1)</script>' }]);
  });
});

describe('withoutExamples', () => {
  it('removes @example blocks and keeps the rest of the comment', () => {
    const source = [
      '/**',
      ' * Handles a grant.',
      ' * @example',
      ' * ```ts',
      ' * const secret = answer();',
      ' * ```',
      ' * @param ctx the grant context',
      ' */',
      'export declare function handle(ctx: unknown): void;',
      '/**',
      ' * Last tag.',
      ' * @example',
      ' * other();',
      ' */',
    ].join('\n');
    const stripped = withoutExamples(source);
    expect(stripped).not.toContain('answer()');
    expect(stripped).not.toContain('other()');
    expect(stripped).toContain(' * Handles a grant.\n * @param ctx the grant context\n */');
    expect(stripped).toContain(' * Last tag.\n */');
  });

  it('leaves no example in the generated declarations', () => {
    expect(files.filter((f) => f.content.includes('@example')).map((f) => f.path)).toEqual([]);
  });
});
