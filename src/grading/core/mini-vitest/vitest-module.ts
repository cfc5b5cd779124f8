import { fn, spyOn } from '@vitest/spy';
import { createExpect, type LabExpect } from './create-expect';
import { createSuiteCollector, UnsupportedCheckError, type SuiteCollector } from './suite-collector';

/**
 * The vitest API a lab's checks may import (ARCHITECTURE.md, "Lab folder"). Anything else imported from
 * `vitest` is undefined in the runner, so `scripts/check-labs.ts` rejects it by name before a learner
 * ever sees the lab.
 */
export const SUPPORTED_VITEST_EXPORTS = [
  'describe',
  'it',
  'test',
  'expect',
  'beforeEach',
  'afterEach',
  'beforeAll',
  'afterAll',
  'vi',
] as const;
export const SUPPORTED_VI_MEMBERS = ['fn', 'spyOn'] as const;

export interface MiniVitest {
  collector: SuiteCollector;
  expect: LabExpect;
  /** The namespace `require('vitest')` returns inside the runner. */
  module: Readonly<Record<string, unknown>>;
}

function unsupportedMember(owner: string, target: object): object {
  return new Proxy(target, {
    get(object, key, receiver) {
      if (typeof key === 'string' && !(key in object) && key !== 'then' && key !== '__esModule') {
        throw new UnsupportedCheckError(`${owner}.${key} is not supported by the lab runner`);
      }
      return Reflect.get(object, key, receiver) as unknown;
    },
  });
}

export function createMiniVitest(): MiniVitest {
  const collector = createSuiteCollector();
  const expect = createExpect();
  const vi = unsupportedMember('vi', Object.freeze({ fn, spyOn }));
  const module = Object.freeze({
    __esModule: true,
    describe: collector.describe,
    it: collector.test,
    test: collector.test,
    expect,
    beforeEach: collector.beforeEach,
    afterEach: collector.afterEach,
    beforeAll: collector.beforeAll,
    afterAll: collector.afterAll,
    vi,
  });
  return {
    collector,
    expect,
    module: unsupportedMember('vitest', module) as Readonly<Record<string, unknown>>,
  };
}
