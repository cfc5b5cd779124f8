/**
 * Type information for the learner's imports, registered as Monaco extra libs:
 * - `jose`: its published `.d.ts` files under a synthetic node_modules package;
 * - `@lab/server`: declarations generated from its sources at build time (lab-server-declarations.ts);
 * - `vitest` (for the read-only checks tab): the subset the checks may use, typed loosely.
 */
const joseTypes = import.meta.glob<string>('/node_modules/jose/dist/types/**/*.d.ts', {
  query: '?raw',
  import: 'default',
  eager: true,
});

interface DeclarationFile {
  path: string;
  content: string;
}

/** @lab/server declarations, generated at build time and embedded once per lab page by Lab.astro. */
function labServerDeclarations(): DeclarationFile[] {
  const text = document.querySelector('script[data-lab-server-types]')?.textContent;
  if (!text) return [];
  try {
    return JSON.parse(text) as DeclarationFile[];
  } catch {
    // Without them the editor still works; @lab/server imports just show as unresolved.
    return [];
  }
}

const VITEST_SUBSET = `declare module 'vitest' {
  type Body = () => unknown | Promise<unknown>;
  export function describe(name: string, body: () => void): void;
  export function it(name: string, body: Body, timeout?: number): void;
  export const test: typeof it;
  export function beforeEach(body: Body): void;
  export function afterEach(body: Body): void;
  export function beforeAll(body: Body): void;
  export function afterAll(body: Body): void;
  export const expect: any;
  export const vi: { fn: (...args: any[]) => any; spyOn: (...args: any[]) => any };
}`;

export interface ExtraLib {
  content: string;
  uri: string;
}

export function labExtraLibs(): ExtraLib[] {
  const libs: ExtraLib[] = [];
  for (const [path, content] of Object.entries(joseTypes)) libs.push({ content, uri: `file://${path}` });
  libs.push({
    content: JSON.stringify({ name: 'jose', types: './dist/types/index.d.ts' }),
    uri: 'file:///node_modules/jose/package.json',
  });
  for (const { path, content } of labServerDeclarations()) libs.push({ content, uri: `file://${path}` });
  libs.push({
    content: JSON.stringify({ name: '@lab/server', types: './index.d.ts' }),
    uri: 'file:///node_modules/@lab/server/package.json',
  });
  libs.push({
    content: "export * from '../../../src/check-api/index';\n",
    uri: 'file:///node_modules/@lab/server/index.d.ts',
  });
  libs.push({
    content: VITEST_SUBSET,
    uri: 'file:///node_modules/@types/lab-vitest/index.d.ts',
  });
  return libs;
}
