/**
 * Type information for the learner's imports, registered as Monaco extra libs:
 * - `jose`: its published `.d.ts` files under a synthetic node_modules package;
 * - `@lab/server`: its TypeScript sources, which the TS worker reads as-is (no generated declarations to
 *   keep in sync; a missing third-party type just becomes `any`).
 * - `vitest` (for the read-only checks tab): the subset the checks may use, typed loosely.
 */
const joseTypes = import.meta.glob<string>('/node_modules/jose/dist/types/**/*.d.ts', {
  query: '?raw',
  import: 'default',
  eager: true,
});

const labServerSources = import.meta.glob<string>(
  ['/src/lab-server/**/*.ts', '/src/token-server/**/*.ts', '!**/*.test.ts'],
  { query: '?raw', import: 'default', eager: true },
);

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
  for (const [path, content] of Object.entries(labServerSources))
    libs.push({ content, uri: `file://${path}` });
  libs.push({
    content: JSON.stringify({ name: '@lab/server', types: './index.d.ts' }),
    uri: 'file:///node_modules/@lab/server/package.json',
  });
  libs.push({
    content: "export * from '../../../src/lab-server/index';\n",
    uri: 'file:///node_modules/@lab/server/index.d.ts',
  });
  libs.push({
    content: VITEST_SUBSET,
    uri: 'file:///node_modules/@types/lab-vitest/index.d.ts',
  });
  return libs;
}
