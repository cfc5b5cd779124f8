import { describe, expect, it } from 'vitest';
import {
  declarationsScriptText,
  emitLabServerDeclarations,
} from '../../../src/components/lab-page/lab-server-declarations';

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
