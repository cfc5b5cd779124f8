import {
  type ExpectStatic,
  ASYMMETRIC_MATCHERS_OBJECT,
  chai,
  customMatchers,
  getState,
  GLOBAL_EXPECT,
  JestAsymmetricMatchers,
  JestChaiExpect,
  JestExtend,
  setState,
} from '@vitest/expect';
import { guardActual } from './guard-actual';

/** The `expect` a lab's checks see. */
export type LabExpect = ExpectStatic;

/** The same function, seen as the bag of members this file assembles it from. */
type ExpectUnderConstruction = ((value: unknown, message?: string) => unknown) & Record<string, unknown>;

let pluginsInstalled = false;

function installPlugins(): void {
  if (pluginsInstalled) return;
  // Same plugins, same order as vitest 5's own createExpect (dist/chunks/index.*.js).
  chai.use(JestExtend);
  chai.use(JestChaiExpect);
  chai.use(JestAsymmetricMatchers);
  guardMatchers();
  pluginsInstalled = true;
}

/** Puts `guardActual` in front of every matcher (`toEqual`, `toMatchObject`, … and what `.resolves` resolves to). */
function guardMatchers(): void {
  const prototype = chai.Assertion.prototype as unknown as Record<string, unknown>;
  for (const name of Object.getOwnPropertyNames(prototype)) {
    const descriptor = Object.getOwnPropertyDescriptor(prototype, name);
    const matcher = descriptor?.value as ((...args: unknown[]) => unknown) | undefined;
    if (name === 'constructor' || typeof matcher !== 'function') continue;
    prototype[name] = function guarded(this: object, ...args: unknown[]): unknown {
      guardActual(chai.util.flag(this, 'object'));
      return matcher.apply(this, args);
    };
  }
}

/**
 * Builds `expect` exactly like vitest's `createExpect()`, minus what the runner does not support
 * (snapshots, `expect.poll`, `expect.soft`): those are absent, so a checks file using them fails loudly.
 */
export function createExpect(): LabExpect {
  installPlugins();
  const build = ((value: unknown, message?: string) => {
    const { assertionCalls } = getState(expect);
    setState({ assertionCalls: assertionCalls + 1 }, expect);
    return chai.expect(value, message);
  }) as unknown as ExpectUnderConstruction;
  const expect = build as unknown as LabExpect;
  Object.assign(build, chai.expect);
  Object.assign(build, (globalThis as Record<symbol, object>)[ASYMMETRIC_MATCHERS_OBJECT]);
  build['getState'] = () => getState(expect);
  build['setState'] = (state: object) => setState(state, expect);
  build['assert'] = chai.assert;
  build['extend'] = (matchers: object) =>
    (chai.expect as unknown as { extend: (e: unknown, m: object) => void }).extend(expect, matchers);
  build['unreachable'] = (message?: string) => {
    chai.assert.fail(`expected${message ? ` "${message}" ` : ' '}not to be reached`);
  };
  function assertions(expected: number): void {
    const errorGen = () =>
      new Error(
        `expected number of assertions to be ${expected}, but got ${getState(expect).assertionCalls}`,
      );
    setState(
      {
        expectedAssertionsNumber: expected,
        expectedAssertionsNumberErrorGen: errorGen,
      },
      expect,
    );
  }
  function hasAssertions(): void {
    const error = new Error('expected any number of assertion, but got none');
    setState({ isExpectingAssertions: true, isExpectingAssertionsError: error }, expect);
  }
  chai.util.addMethod(build, 'assertions', assertions);
  chai.util.addMethod(build, 'hasAssertions', hasAssertions);
  resetExpectState(expect);
  expect.extend(customMatchers);
  Object.defineProperty(globalThis, GLOBAL_EXPECT, {
    value: expect,
    writable: true,
    configurable: true,
  });
  return expect;
}

/** What vitest resets before every test. */
export function resetExpectState(expect: LabExpect, currentTestName = ''): void {
  setState(
    {
      assertionCalls: 0,
      isExpectingAssertions: false,
      isExpectingAssertionsError: null,
      expectedAssertionsNumber: null,
      expectedAssertionsNumberErrorGen: null,
      currentTestName,
    },
    expect,
  );
}

/** vitest's post-test check of `expect.assertions(n)` / `expect.hasAssertions()`. */
export function assertionCountError(expect: LabExpect): Error | undefined {
  const state = getState(expect);
  if (state.expectedAssertionsNumber !== null && state.expectedAssertionsNumber !== state.assertionCalls) {
    return state.expectedAssertionsNumberErrorGen?.() ?? new Error('wrong number of assertions');
  }
  if (state.isExpectingAssertions && state.assertionCalls === 0) {
    return state.isExpectingAssertionsError ?? new Error('expected any number of assertion, but got none');
  }
  return undefined;
}
